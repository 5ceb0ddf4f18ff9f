import type { NextConfig } from "next";
import { staticSecurityHeaders } from "./server/http/security-headers";
import { devOrigins } from "./server/public-url";

const nextConfig: NextConfig = {
  serverExternalPackages: [
    "@electric-sql/pglite",
    "@node-rs/argon2",
    "pino",
    "exceljs",
    "rate-limiter-flexible",
    "ioredis",
    "fonteditor-core",
  ],
  outputFileTracingExcludes: { "*": [".data/**"] },
  poweredByHeader: false,
  // `forbidden()`: a member whose role lacks a page's permission gets a 403 page, as the API answers 403.
  experimental: { authInterrupts: true },
  // The development server also answers on 127.0.0.1 and this machine's LAN addresses (a phone on the
  // same network can try the app).
  allowedDevOrigins: devOrigins(),
  // Every response; pages also get a nonce-based Content-Security-Policy from proxy.ts. The embeddable
  // lead form pages (`/f/{formId}/embed`, the iframe variant) may be framed by the form's allowed
  // domains: no X-Frame-Options there, their route handler sets `frame-ancestors`.
  async headers() {
    return [
      { source: "/:path((?!f/[^/]+/embed/?$).*)", headers: staticSecurityHeaders() },
      { source: "/f/:formId/embed", headers: staticSecurityHeaders(undefined, { framing: false }) },
    ];
  },
};

export default nextConfig;
