import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "pino", "exceljs"],
  outputFileTracingExcludes: { "*": [".data/**"] },
  poweredByHeader: false,
};

export default nextConfig;
