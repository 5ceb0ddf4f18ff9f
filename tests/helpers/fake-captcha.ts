import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local stand-in for the captcha providers' siteverify endpoints (Cloudflare Turnstile
 * `POST /turnstile/v0/siteverify`, hCaptcha `POST /siteverify`), on 127.0.0.1 and a random port. Both
 * take `application/x-www-form-urlencoded` `secret`, `response`, `remoteip` (and hCaptcha's `sitekey`,
 * Turnstile's `idempotency_key`) and answer JSON as the providers document it:
 * `{ success: true, challenge_ts, hostname, "error-codes": [] }`, or `{ success: false, "error-codes":
 * ["invalid-input-response"] }` (a wrong secret: `["invalid-input-secret"]`). A response is valid when it
 * is in `valid`; Turnstile refuses a response verified before (`timeout-or-duplicate`) unless the same
 * idempotency key is sent again.
 */
export interface FakeCaptcha {
  /** Set TURNSTILE_SITEVERIFY_URL / HCAPTCHA_SITEVERIFY_URL to these. */
  turnstileUrl: string;
  hcaptchaUrl: string;
  secret: string;
  valid: Set<string>;
  requests: { path: string; form: Record<string, string> }[];
  close(): Promise<void>;
}

export async function startFakeCaptcha(secret = "0x4AAAAAAA-test-secret"): Promise<FakeCaptcha> {
  const valid = new Set<string>();
  const seen = new Map<string, string | undefined>();
  const requests: FakeCaptcha["requests"] = [];
  const server: Server = createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => {
      raw += c;
    });
    req.on("end", () => {
      const form = Object.fromEntries(new URLSearchParams(raw));
      requests.push({ path: req.url ?? "", form });
      const answer = (body: unknown) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      };
      if (req.method !== "POST" || !(req.headers["content-type"] ?? "").includes("x-www-form-urlencoded"))
        return answer({ success: false, "error-codes": ["bad-request"] });
      if (form.secret !== secret) return answer({ success: false, "error-codes": ["invalid-input-secret"] });
      const response = form.response ?? "";
      if (!valid.has(response)) return answer({ success: false, "error-codes": ["invalid-input-response"] });
      const turnstile = (req.url ?? "").includes("turnstile");
      if (turnstile && seen.has(response) && seen.get(response) !== form.idempotency_key)
        return answer({ success: false, "error-codes": ["timeout-or-duplicate"] });
      seen.set(response, form.idempotency_key);
      answer({
        success: true,
        challenge_ts: new Date().toISOString(),
        hostname: "localhost",
        "error-codes": [],
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    turnstileUrl: `http://127.0.0.1:${port}/turnstile/v0/siteverify`,
    hcaptchaUrl: `http://127.0.0.1:${port}/siteverify`,
    secret,
    valid,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
