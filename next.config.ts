import type { NextConfig } from "next";
import { staticSecurityHeaders } from "./server/http/security-headers";

const nextConfig: NextConfig = {
  serverExternalPackages: [
    "@electric-sql/pglite",
    "@node-rs/argon2",
    "pino",
    "exceljs",
    "rate-limiter-flexible",
    "ioredis",
  ],
  outputFileTracingExcludes: { "*": [".data/**"] },
  poweredByHeader: false,
  // Every response; pages also get a nonce-based Content-Security-Policy from proxy.ts.
  async headers() {
    return [{ source: "/:path*", headers: staticSecurityHeaders() }];
  },
};

export default nextConfig;
