import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createEnv } from "@t3-oss/env-nextjs";
import { z } from "zod";

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === "" ? undefined : v));

/** Validated environment. Every variable is documented in `.env.example` and README. */
export const env = createEnv({
  server: {
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    DATABASE_URL: optionalString.pipe(z.url().optional()),
    MINI_CRM_DATA_DIR: optionalString,
    APP_URL: z.url().default("http://localhost:3000"),
    AUTH_SECRET: optionalString,
    AUTH_GOOGLE_ID: optionalString,
    AUTH_GOOGLE_SECRET: optionalString,
    RESEND_API_KEY: optionalString,
    EMAIL_FROM: z.string().default("Mini CRM <onboarding@resend.dev>"),
    INNGEST_EVENT_KEY: optionalString,
    INNGEST_SIGNING_KEY: optionalString,
    INNGEST_DEV: optionalString,
    LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
  },
  client: {},
  experimental__runtimeEnv: {},
  emptyStringAsUndefined: true,
  skipValidation: process.env.SKIP_ENV_VALIDATION === "1",
});

/** True when Google sign-in is configured. */
export const googleAuthEnabled = Boolean(env.AUTH_GOOGLE_ID && env.AUTH_GOOGLE_SECRET);

/**
 * The secret that signs sessions. From AUTH_SECRET when set; otherwise (development, tests, a first
 * run on a fresh machine) generated once and kept in `.data/secrets.json`. Production refuses to start
 * without AUTH_SECRET only when DATABASE_URL is set (a real deployment).
 */
export function authSecret(): string {
  if (env.AUTH_SECRET) return env.AUTH_SECRET;
  if (env.NODE_ENV === "production" && env.DATABASE_URL) {
    throw new Error("AUTH_SECRET must be set in production (generate one with `openssl rand -base64 32`).");
  }
  const dir = env.MINI_CRM_DATA_DIR ?? path.join(process.cwd(), ".data");
  const file = path.join(dir, "secrets.json");
  if (existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, "utf8")) as { authSecret?: string };
    if (saved.authSecret) return saved.authSecret;
  }
  mkdirSync(dir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, JSON.stringify({ authSecret: secret }, null, 2), { mode: 0o600 });
  return secret;
}
