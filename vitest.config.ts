import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: [
      "tests/unit/**/*.test.{ts,tsx}",
      "tests/integration/**/*.test.{ts,tsx}",
      "tests/jobs/**/*.test.{ts,tsx}",
    ],
    environment: "node",
    // next-auth imports `next/server` without an extension, which Node's ESM resolver refuses; let Vite
    // resolve it (pages and server actions are imported by the cross-business test).
    server: { deps: { inline: ["next-auth"] } },
    globalSetup: ["tests/helpers/global-setup.ts"],
    setupFiles: ["tests/helpers/setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    maxWorkers: 2,
  },
});
