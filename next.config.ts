import type { NextConfig } from "next";

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
};

export default nextConfig;
