import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { env, savedSecret } from "@/server/env";

/*
 * Encryption at rest of provider secrets (Resend API keys, WhatsApp access tokens, app secrets):
 * AES-256-GCM (NIST SP 800-38D) with a 96-bit random IV per value and the 128-bit tag, stored as
 * `v1.<iv>.<tag>.<ciphertext>` (base64url parts). The key is MINI_CRM_ENCRYPTION_KEY (32 bytes in
 * base64 or base64url), or one generated into .data/secrets.json on a machine without it.
 */

const VERSION = "v1";

function encryptionKey(): Buffer {
  const configured = env.MINI_CRM_ENCRYPTION_KEY;
  if (configured) {
    const key = Buffer.from(configured, "base64");
    if (key.length !== 32) {
      throw new Error("MINI_CRM_ENCRYPTION_KEY must be 32 bytes in base64 (openssl rand -base64 32).");
    }
    return key;
  }
  if (env.NODE_ENV === "production" && env.DATABASE_URL) {
    throw new Error("MINI_CRM_ENCRYPTION_KEY must be set in production (openssl rand -base64 32).");
  }
  return Buffer.from(savedSecret("encryptionKey"), "base64url");
}

/**
 * Encrypts `plaintext` (UTF-8) for storage. Output: `v1.<iv>.<tag>.<ciphertext>`; the same input
 * gives a different output each time.
 */
export function sealSecret(plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", encryptionKey(), iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv.toString("base64url"), tag.toString("base64url"), body.toString("base64url")].join(".");
}

/**
 * Decrypts what `sealSecret` produced. Errors: an Error when the value is malformed, was encrypted
 * with another key, or was altered (GCM tag mismatch) — never the plaintext in the message.
 */
export function openSecret(sealed: string): string {
  const [version, iv, tag, body] = sealed.split(".");
  if (version !== VERSION || !iv || !tag || body === undefined) {
    throw new Error("The stored secret is not in a format this version can read.");
  }
  try {
    const decipher = createDecipheriv("aes-256-gcm", encryptionKey(), Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString(
      "utf8",
    );
  } catch {
    throw new Error("The stored secret could not be decrypted (wrong MINI_CRM_ENCRYPTION_KEY, or altered).");
  }
}

/** A secret shown masked: its last 4 characters after dots (`••••abcd`), or dots alone when short. */
export function maskSecret(plaintext: string): string {
  return plaintext.length > 8 ? `••••${plaintext.slice(-4)}` : "••••";
}

/** SHA-256 of a token in hex, to look a business up by a token without storing it readable. */
export function tokenHash(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}
