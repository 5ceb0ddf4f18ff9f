import { ApiReference } from "@scalar/nextjs-api-reference";
import { staticSecurityHeaders } from "@/server/http/security-headers";

export const dynamic = "force-dynamic";

/**
 * The REST API reference (`/api/docs`): Scalar's reference rendered from `/api/v1/openapi.json`, with its
 * "try it" client and curl, JavaScript and Python examples. Every asset is served by this app
 * (`/api/docs/assets/…`, from the `@scalar/api-reference` package), so it works offline and sends
 * nothing to a third party: no CDN, no web fonts, no telemetry. Scripts run under a per-request nonce.
 */
export function GET(): Response {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const render = ApiReference({
    url: "/api/v1/openapi.json",
    cdn: "/api/docs/assets/standalone.js",
    pageTitle: "Mini CRM API reference",
    nonce,
    withDefaultFonts: false,
    telemetry: false,
    hideClientButton: false,
    defaultHttpClient: { targetKey: "shell", clientKey: "curl" },
    metaData: { title: "Mini CRM API reference" },
  });
  const res = render();
  const headers = new Headers(res.headers);
  headers.set("content-type", "text/html; charset=utf-8");
  headers.set("cache-control", "no-store");
  for (const { key, value } of staticSecurityHeaders()) headers.set(key, value);
  headers.set(
    "content-security-policy",
    [
      "default-src 'self'",
      `script-src 'self' 'nonce-${nonce}'`,
      // Scalar sets its theme as inline styles.
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "font-src 'self' data:",
      "connect-src 'self'",
      "frame-ancestors 'none'",
      "base-uri 'none'",
      "form-action 'self'",
      "object-src 'none'",
    ].join("; "),
  );
  return new Response(res.body, { status: res.status, headers });
}
