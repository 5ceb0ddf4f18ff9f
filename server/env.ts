import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createEnv } from "@t3-oss/env-nextjs";
import { z } from "zod";
import { defaultAppUrl } from "./public-url";

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === "" ? undefined : v));

/**
 * S3-compatible file storage (AWS S3, MinIO, Cloudflare R2, DigitalOcean Spaces, Backblaze B2). Set
 * `S3_BUCKET` to switch uploads and import files from local disk to the bucket. Shared by `env` (checked
 * at start) and `s3Settings()` (read when used).
 */
const s3Variables = {
  S3_BUCKET: optionalString,
  /** Endpoint URL for a non-AWS service, e.g. `http://minio:9000`; unset → AWS for `S3_REGION`. */
  S3_ENDPOINT: optionalString.pipe(z.url().optional()),
  S3_REGION: optionalString.transform((v) => v ?? "us-east-1"),
  S3_ACCESS_KEY_ID: optionalString,
  S3_SECRET_ACCESS_KEY: optionalString,
  /** `true`: `<endpoint>/<bucket>/<key>` URLs (MinIO and most self-hosted services need it). */
  S3_FORCE_PATH_STYLE: optionalString.pipe(z.enum(["true", "false", "1", "0"]).optional()),
  /** Prepended to every object key, e.g. `mini-crm/` to share a bucket. */
  S3_PREFIX: optionalString,
};

/** Validated environment. Every variable is documented in `.env.example` and README. */
export const env = createEnv({
  server: {
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    DATABASE_URL: optionalString.pipe(z.url().optional()),
    MINI_CRM_DATA_DIR: optionalString,
    /** Public URL for links in emails and the API reference; unset → `defaultAppUrl()` (localhost:PORT). */
    APP_URL: z.url().default(defaultAppUrl()),
    AUTH_SECRET: optionalString,
    /** Key that encrypts provider secrets at rest (32 bytes, base64); unset → generated into .data/secrets.json. */
    MINI_CRM_ENCRYPTION_KEY: optionalString,
    AUTH_GOOGLE_ID: optionalString,
    AUTH_GOOGLE_SECRET: optionalString,
    RESEND_API_KEY: optionalString,
    /** Resend webhook signing secret (`whsec_…`) for businesses without their own; read when used. */
    RESEND_WEBHOOK_SECRET: optionalString,
    EMAIL_FROM: z.string().default("Mini CRM <onboarding@resend.dev>"),
    /** Web Push (VAPID, RFC 8292) keys, base64url; both unset → a pair generated into .data/secrets.json. */
    VAPID_PUBLIC_KEY: optionalString,
    VAPID_PRIVATE_KEY: optionalString,
    /** Who push services may contact about our pushes: `mailto:` or `https:`; unset → from EMAIL_FROM. */
    VAPID_SUBJECT: optionalString,
    INNGEST_EVENT_KEY: optionalString,
    INNGEST_SIGNING_KEY: optionalString,
    INNGEST_DEV: optionalString,
    LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
    ...s3Variables,
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
  return savedSecret("authSecret");
}

/**
 * A secret generated once (by `make`; default 32 random bytes, base64url) and kept under `name` in `.data/secrets.json`
 * (mode 0600), for development, tests and a first run on a fresh machine. Other keys of the file are
 * kept when one is added.
 */
export function savedSecret(
  name: "authSecret" | "encryptionKey" | "vapidKeys",
  make: () => string = () => randomBytes(32).toString("base64url"),
): string {
  const dir = env.MINI_CRM_DATA_DIR ?? path.join(process.cwd(), ".data");
  const file = path.join(dir, "secrets.json");
  const saved: Record<string, string> = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
  if (saved[name]) return saved[name];
  mkdirSync(dir, { recursive: true });
  saved[name] = make();
  writeFileSync(file, JSON.stringify(saved, null, 2), { mode: 0o600 });
  return saved[name];
}

/** S3-compatible storage settings, as `s3Settings()` returns them when `S3_BUCKET` is set. */
export interface S3Settings {
  bucket: string;
  /** Custom endpoint URL (MinIO, R2, Spaces, B2); undefined → AWS. */
  endpoint: string | undefined;
  /** Signing region; "us-east-1" by default (R2 takes "auto"). */
  region: string;
  /** Both set, or both undefined (then the SDK's default credential chain applies: IAM role, profile). */
  credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
  forcePathStyle: boolean;
  /** Key prefix, "" or ending in "/". */
  prefix: string;
}

/**
 * The S3 settings from the current environment (read when called, not at import, so a test or a
 * restarted worker sees the variables it has now), or null when `S3_BUCKET` is unset (local disk).
 * Errors: throws Error naming the variable when one is malformed, or when only one of
 * `S3_ACCESS_KEY_ID` / `S3_SECRET_ACCESS_KEY` is set.
 */
export function s3Settings(source: Record<string, string | undefined> = process.env): S3Settings | null {
  const raw = Object.fromEntries(
    Object.keys(s3Variables).map((k) => [k, source[k] === "" ? undefined : source[k]?.trim()]),
  );
  const parsed = z.object(s3Variables).safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`Invalid ${String(issue.path[0])}: ${issue.message}`);
  }
  const v = parsed.data;
  if (!v.S3_BUCKET) return null;
  if (Boolean(v.S3_ACCESS_KEY_ID) !== Boolean(v.S3_SECRET_ACCESS_KEY))
    throw new Error("Set both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, or neither.");
  const prefix = (v.S3_PREFIX ?? "").replace(/^\/+/, "");
  return {
    bucket: v.S3_BUCKET,
    endpoint: v.S3_ENDPOINT,
    region: v.S3_REGION,
    credentials:
      v.S3_ACCESS_KEY_ID && v.S3_SECRET_ACCESS_KEY
        ? { accessKeyId: v.S3_ACCESS_KEY_ID, secretAccessKey: v.S3_SECRET_ACCESS_KEY }
        : undefined,
    forcePathStyle: v.S3_FORCE_PATH_STYLE === "true" || v.S3_FORCE_PATH_STYLE === "1",
    prefix: prefix === "" || prefix.endsWith("/") ? prefix : `${prefix}/`,
  };
}
