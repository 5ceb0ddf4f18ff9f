import { createHmac, timingSafeEqual } from "node:crypto";
import { authSecret } from "@/server/env";

/*
 * Compact signed tokens for links that must work without a session (unsubscribe links): the payload
 * bytes, then an HMAC-SHA256 tag truncated to 128 bits (NIST SP 800-107 §5.3.4 allows truncation to
 * ≥ 64 bits when the key is secret), all base64url. The HMAC key is derived per purpose from the app's
 * AUTH_SECRET (HMAC-SHA256(secret, "mini-crm/token/<purpose>")), so a token minted for one purpose never
 * verifies for another, and the payload is readable but cannot be altered.
 */

const TAG_BYTES = 16;

function keyFor(purpose: string, secret: string): Buffer {
  return createHmac("sha256", secret).update(`mini-crm/token/${purpose}`, "utf8").digest();
}

function tagOf(purpose: string, payload: Buffer, secret: string): Buffer {
  return createHmac("sha256", keyFor(purpose, secret)).update(payload).digest().subarray(0, TAG_BYTES);
}

/**
 * Signs `payload` for `purpose` (a short label such as "unsubscribe"). Output: base64url text, URL-safe,
 * `payload.length + 16` bytes before encoding. `secret` defaults to `authSecret()`.
 */
export function signToken(purpose: string, payload: Buffer, secret: string = authSecret()): string {
  return Buffer.concat([payload, tagOf(purpose, payload, secret)]).toString("base64url");
}

/**
 * The payload of a token `signToken(purpose, …)` made, or null when the token is malformed, was made
 * for another purpose or with another secret, or was altered (compared in constant time).
 */
export function openToken(purpose: string, token: string, secret: string = authSecret()): Buffer | null {
  if (!/^[A-Za-z0-9_-]+$/.test(token) || token.length > 512) return null;
  const raw = Buffer.from(token, "base64url");
  if (raw.length <= TAG_BYTES) return null;
  const payload = raw.subarray(0, raw.length - TAG_BYTES);
  const tag = raw.subarray(raw.length - TAG_BYTES);
  return timingSafeEqual(tag, tagOf(purpose, payload, secret)) ? payload : null;
}
