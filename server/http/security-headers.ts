/**
 * Security headers. Pages get a Content-Security-Policy with a fresh nonce per request (set by proxy.ts):
 * scripts only from this origin or carrying the nonce (no `unsafe-inline` scripts; `strict-dynamic` lets
 * the nonced Next.js loader load its chunks), no plugins, no framing (`frame-ancestors 'none'`; a route
 * that must be embeddable sets its own). Every response (pages and API) also carries the headers of
 * `staticSecurityHeaders`. Sources: OWASP Secure Headers Project, MDN CSP reference.
 */

/**
 * Where the captcha widgets a business may put on its lead forms load from (Cloudflare Turnstile,
 * hCaptcha: their documented CSP requirements). Only the public form pages allow them.
 */
const CAPTCHA_SOURCES = "https://challenges.cloudflare.com https://hcaptcha.com https://*.hcaptcha.com";

/**
 * Where an invoice's Pay buttons may continue to after their form posts: Stripe Checkout and Razorpay's
 * payment pages (`rzp.io` short links), plus the API hosts set for local fakes (STRIPE_API_BASE_URL,
 * RAZORPAY_API_BASE_URL) whose checkout pages are on their own origin.
 */
function paymentFormTargets(): string {
  const extra = [process.env.STRIPE_API_BASE_URL, process.env.RAZORPAY_API_BASE_URL]
    .map((u) => {
      try {
        return u ? new URL(u).origin : null;
      } catch {
        return null;
      }
    })
    .filter(Boolean);
  return ["https://checkout.stripe.com", "https://rzp.io", "https://*.razorpay.com", ...extra].join(" ");
}

/** The public invoice page (`/i/{token}`), whose Pay buttons post to a provider's page. */
export const INVOICE_PAGE_PATH = /^\/i\/[^/]+\/?$/;

export interface PageCspOptions {
  /** The public invoice page: its Pay forms may end on Stripe's or Razorpay's payment page. */
  payments?: boolean;
  /** A public lead form page: the captcha widgets may load and frame (`/f/...`). */
  leadForm?: boolean;
  /**
   * `frame-ancestors` sources (server/domain/lead-form-origins.ts `frameAncestorSources`) for a page that
   * other sites may frame: only the embeddable lead form pages. Default `'none'`.
   */
  frameAncestors?: string;
}

/** The CSP of a page rendered with `nonce`. Development adds what React's dev tooling needs. */
export function contentSecurityPolicy(
  nonce: string,
  dev = process.env.NODE_ENV !== "production",
  opts: PageCspOptions = {},
): string {
  const captcha = opts.leadForm ? ` ${CAPTCHA_SOURCES}` : "";
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // Inline style attributes (Radix positions popovers with them); styles cannot run code.
    `style-src 'self' 'unsafe-inline'${captcha}`,
    "img-src 'self' blob: data:",
    "font-src 'self' data:",
    `connect-src 'self'${captcha}${dev ? " ws: wss:" : ""}`,
    ...(opts.leadForm ? [`frame-src 'self'${captcha}`] : []),
    // The service worker (public/sw.js): 'strict-dynamic' would otherwise leave it no source.
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    // Google sign-in continues to Google after the form posts; a lead form's post may end on the
    // business's own thank-you page (its redirect URL), anywhere.
    opts.leadForm
      ? "form-action 'self' https: http:"
      : opts.payments
        ? `form-action 'self' ${paymentFormTargets()}`
        : "form-action 'self' https://accounts.google.com",
    `frame-ancestors ${opts.frameAncestors ?? "'none'"}`,
  ].join("; ");
}

/**
 * The public lead form pages (`/f/{formId}`, `/embed`, `/thanks`): route handlers that write their own
 * CSP with their own nonce, so the proxy passes them through.
 */
export const LEAD_FORM_PAGE_PATH = /^\/f\/[^/]+(\/(embed|thanks))?\/?$/;

/**
 * Headers for every response. HSTS only in production (it would pin a development host to HTTPS).
 * `framing: false` leaves out `X-Frame-Options` (the embeddable pages, whose CSP says who may frame them).
 */
export function staticSecurityHeaders(
  production = process.env.NODE_ENV === "production",
  opts: { framing?: boolean } = {},
) {
  return [
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    {
      key: "Permissions-Policy",
      value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
    },
    ...(opts.framing === false ? [] : [{ key: "X-Frame-Options", value: "DENY" }]),
    ...(production
      ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }]
      : []),
  ];
}
