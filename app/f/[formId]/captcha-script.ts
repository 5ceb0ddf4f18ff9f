/** The widget script of a captcha provider (its documented URL; the page loads it with its CSP nonce). */
export function captchaScriptUrl(provider: "turnstile" | "hcaptcha"): string {
  return provider === "turnstile"
    ? "https://challenges.cloudflare.com/turnstile/v0/api.js"
    : "https://js.hcaptcha.com/1/api.js";
}
