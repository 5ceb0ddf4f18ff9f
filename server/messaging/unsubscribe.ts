import { consentChannels } from "@/db/schema/enum-values";
import { openToken, signToken } from "@/server/crypto/signed-token";
import { env } from "@/server/env";

/*
 * Unsubscribe links: `{APP_URL}/u/{token}`, where the token is signed (server/crypto/signed-token.ts,
 * purpose "unsubscribe") and names who is unsubscribing. No expiry: a link in an old email must keep
 * working (RFC 8058 §3.1 asks the URI to identify the recipient and the list on its own). Versioned:
 * byte 0 is the layout version, so a later layout can be read beside this one.
 *
 * Layout v1 (before the 16-byte tag):
 *   [1][1][recipient id: 8 bytes, big-endian]                                   — a campaign recipient
 *   [1][2][business id: 16][customer id: 16][channel: 1][campaign id: 16, optional] — a customer
 */

export type UnsubscribeChannel = (typeof consentChannels)[number];

/**
 * Who a link unsubscribes: a campaign recipient (`campaign_recipients.id`: the customer, channel and
 * campaign come from the row), or a customer of a business directly (messages sent outside a
 * campaign), on `channel` (default email) and optionally crediting `campaignId`.
 */
export type UnsubscribeTarget =
  | { recipientId: number }
  | { businessId: string; customerId: string; channel?: UnsubscribeChannel; campaignId?: string | null };

/** A decoded token: like `UnsubscribeTarget`, with the channel always set. */
export type UnsubscribeTokenPayload =
  | { kind: "recipient"; recipientId: number }
  | {
      kind: "customer";
      businessId: string;
      customerId: string;
      channel: UnsubscribeChannel;
      campaignId: string | null;
    };

const PURPOSE = "unsubscribe";
const VERSION = 1;
const KIND_RECIPIENT = 1;
const KIND_CUSTOMER = 2;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function uuidBytes(id: string): Buffer {
  if (!UUID.test(id)) throw new TypeError(`Not a UUID: ${id}`);
  return Buffer.from(id.replaceAll("-", ""), "hex");
}

function uuidText(bytes: Buffer): string {
  const h = bytes.toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * The signed token for `target`. Output: base64url text (35 characters for a recipient, 68 or 90 for
 * a customer). Errors: TypeError for an id that is not a positive safe integer or not a UUID.
 */
export function unsubscribeToken(target: UnsubscribeTarget): string {
  if ("recipientId" in target) {
    if (!Number.isSafeInteger(target.recipientId) || target.recipientId <= 0) {
      throw new TypeError(`Not a recipient id: ${target.recipientId}`);
    }
    const payload = Buffer.alloc(10);
    payload.writeUInt8(VERSION, 0);
    payload.writeUInt8(KIND_RECIPIENT, 1);
    payload.writeBigUInt64BE(BigInt(target.recipientId), 2);
    return signToken(PURPOSE, payload);
  }
  const channel = consentChannels.indexOf(target.channel ?? "email");
  if (channel < 0) throw new TypeError(`Not a consent channel: ${target.channel}`);
  return signToken(
    PURPOSE,
    Buffer.concat([
      Buffer.from([VERSION, KIND_CUSTOMER]),
      uuidBytes(target.businessId),
      uuidBytes(target.customerId),
      Buffer.from([channel]),
      ...(target.campaignId ? [uuidBytes(target.campaignId)] : []),
    ]),
  );
}

/** What `token` names, or null when it is not a valid unsubscribe token (tampered, other purpose, bad layout). */
export function readUnsubscribeToken(token: string): UnsubscribeTokenPayload | null {
  const payload = openToken(PURPOSE, token);
  if (!payload || payload.length < 2 || payload[0] !== VERSION) return null;
  if (payload[1] === KIND_RECIPIENT && payload.length === 10) {
    const id = payload.readBigUInt64BE(2);
    return id > 0n && id <= BigInt(Number.MAX_SAFE_INTEGER)
      ? { kind: "recipient", recipientId: Number(id) }
      : null;
  }
  if (payload[1] === KIND_CUSTOMER && (payload.length === 35 || payload.length === 51)) {
    const channel = consentChannels[payload[34]!];
    if (!channel) return null;
    return {
      kind: "customer",
      businessId: uuidText(payload.subarray(2, 18)),
      customerId: uuidText(payload.subarray(18, 34)),
      channel,
      campaignId: payload.length === 51 ? uuidText(payload.subarray(35, 51)) : null,
    };
  }
  return null;
}

/**
 * The unsubscribe link for `target`: `{APP_URL}/u/{token}` (`appUrl` defaults to APP_URL). It serves
 * both the page a person opens (GET) and the RFC 8058 one-click POST a mail client sends.
 */
export function unsubscribeUrl(target: UnsubscribeTarget, appUrl: string = env.APP_URL): string {
  return new URL(`/u/${unsubscribeToken(target)}`, appUrl).toString();
}

/**
 * The headers every marketing email carries for `url` (an `unsubscribeUrl`): `List-Unsubscribe:
 * <url>` (RFC 2369 §3.2) and `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058 §3.1), so
 * mail clients show an Unsubscribe button that POSTs to the link with no page to visit.
 */
export function unsubscribeHeaders(url: string): {
  "List-Unsubscribe": string;
  "List-Unsubscribe-Post": "List-Unsubscribe=One-Click";
} {
  return { "List-Unsubscribe": `<${url}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" };
}
