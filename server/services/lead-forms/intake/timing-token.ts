import { randomBytes } from "node:crypto";
import { openToken, signToken } from "@/server/crypto/signed-token";

/*
 * The timing token a form is issued with (`_t`): proof that a submission comes from a form that was
 * loaded at least `minFillSeconds` earlier, and at most once. Payload (32 bytes): version 1, the form id
 * (16 bytes), the issue time in milliseconds since the epoch (6 bytes, big-endian) and a random nonce
 * (9 bytes), signed with server/crypto/signed-token.ts for the purpose "lead-form-timing" (HMAC-SHA256
 * under a key derived from AUTH_SECRET). The nonce is stored with the submission
 * (`form_submissions.token_nonce`, unique per form), so a replayed token is refused.
 */

const PURPOSE = "lead-form-timing";
const VERSION = 1;
const PAYLOAD_BYTES = 32;

/** A token older than this is refused as expired (a form left open for a day is loaded again). */
export const TIMING_TOKEN_MAX_AGE_MS = 24 * 3_600_000;

function uuidBytes(id: string): Buffer | null {
  const hex = id.replace(/-/g, "");
  return /^[0-9a-f]{32}$/i.test(hex) ? Buffer.from(hex, "hex") : null;
}

/**
 * A fresh token for form `formId` (a UUID) issued at `now`. Output: base64url text (64 characters).
 * Errors: an Error for an id that is not a UUID (callers have loaded the form first).
 */
export function issueTimingToken(formId: string, now: Date = new Date()): string {
  const id = uuidBytes(formId);
  if (!id) throw new Error("A form id is a UUID.");
  const payload = Buffer.alloc(PAYLOAD_BYTES);
  payload.writeUInt8(VERSION, 0);
  id.copy(payload, 1);
  payload.writeUIntBE(now.getTime(), 17, 6);
  randomBytes(9).copy(payload, 23);
  return signToken(PURPOSE, payload);
}

/** What a submitted token says. */
export type TimingCheck =
  | { kind: "ok"; nonce: string; issuedAt: Date }
  /** No token at all: a script posting without loading the form. */
  | { kind: "missing" }
  /** Not ours, altered, or made for another form. */
  | { kind: "invalid" }
  /** Sent sooner than `minFillSeconds` after the form was loaded. */
  | { kind: "too_fast"; nonce: string; issuedAt: Date }
  /** Older than `TIMING_TOKEN_MAX_AGE_MS` (or issued in the future). */
  | { kind: "expired" };

/**
 * Checks a submitted token for form `formId` at `now` against the form's minimum fill time (seconds).
 * Never throws. The nonce (18 hex characters) is what `form_submissions.token_nonce` stores.
 */
export function checkTimingToken(
  formId: string,
  token: unknown,
  minFillSeconds: number,
  now: Date = new Date(),
): TimingCheck {
  if (typeof token !== "string" || token.trim() === "") return { kind: "missing" };
  const payload = openToken(PURPOSE, token.trim());
  const id = uuidBytes(formId);
  if (!payload || !id || payload.length !== PAYLOAD_BYTES || payload.readUInt8(0) !== VERSION)
    return { kind: "invalid" };
  if (!payload.subarray(1, 17).equals(id)) return { kind: "invalid" };
  const issuedAt = new Date(payload.readUIntBE(17, 6));
  const nonce = payload.subarray(23).toString("hex");
  const age = now.getTime() - issuedAt.getTime();
  // A minute of clock skew between app processes is tolerated.
  if (age > TIMING_TOKEN_MAX_AGE_MS || age < -60_000) return { kind: "expired" };
  if (age < minFillSeconds * 1000) return { kind: "too_fast", nonce, issuedAt };
  return { kind: "ok", nonce, issuedAt };
}
