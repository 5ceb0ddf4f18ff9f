import { createHash, timingSafeEqual } from "node:crypto";
import { getDb } from "@/db/client";
import { clientIp } from "@/server/auth/client-ip";
import { limitBody, maxJsonBodyBytes } from "@/server/http/body-limit";
import { logger } from "@/server/logger";
import { createLimiter, isLimited, rateLimitHeaders } from "@/server/rate-limit";
import { businessForWhatsappNumber, isKnownWhatsappVerifyToken } from "@/server/services/messaging-settings";
import { receiveWebhookDelivery, whatsappDeliveryKey } from "@/server/services/webhook-deliveries";
import { verifyWhatsappSignature, whatsappPayloadPhoneNumberId } from "@/server/services/whatsapp-webhooks";

/*
 * Meta's WhatsApp Cloud API webhook (paste `{APP_URL}/api/webhooks/whatsapp` into the Meta app).
 * GET: the subscription handshake. POST: statuses and inbound messages, signed with the app secret:
 * verified on the raw body, stored (`webhook_deliveries`, once per body), answered 200, and applied by the
 * `process-webhook-delivery` background function (server/services/webhook-deliveries).
 */

/** Requests per minute per client address (`WHATSAPP_WEBHOOK_RATE_LIMIT_PER_MINUTE`, default 1200). */
function perMinute(): number {
  const n = Number(process.env.WHATSAPP_WEBHOOK_RATE_LIMIT_PER_MINUTE);
  return Number.isInteger(n) && n > 0 ? n : 1200;
}

let limiter: ReturnType<typeof createLimiter> | null = null;

async function rateLimited(req: Request): Promise<Response | null> {
  limiter ??= createLimiter({ keyPrefix: "whatsapp_webhook", points: perMinute(), duration: 60 });
  try {
    await limiter.consume(clientIp(req.headers) ?? "unknown");
    return null;
  } catch (e) {
    if (!isLimited(e)) throw e;
    return new Response("Too many requests", {
      status: 429,
      headers: rateLimitHeaders(limiter.rule, e, true),
    });
  }
}

function sameToken(a: string, b: string): boolean {
  const ha = createHash("sha256").update(a).digest();
  const hb = createHash("sha256").update(b).digest();
  return timingSafeEqual(ha, hb);
}

/**
 * Meta's verification request: `hub.mode=subscribe`, `hub.verify_token`, `hub.challenge`. Answers the
 * challenge (200, text/plain) when the token is a business's verify token (stored as its SHA-256) or
 * WHATSAPP_VERIFY_TOKEN; 403 otherwise.
 */
export async function GET(req: Request): Promise<Response> {
  const limited = await rateLimited(req);
  if (limited) return limited;
  const params = new URL(req.url).searchParams;
  const mode = params.get("hub.mode");
  const token = params.get("hub.verify_token") ?? "";
  const challenge = params.get("hub.challenge") ?? "";
  const envToken = process.env.WHATSAPP_VERIFY_TOKEN?.trim();
  const known =
    mode === "subscribe" &&
    challenge.length > 0 &&
    challenge.length <= 200 &&
    token.length > 0 &&
    ((envToken ? sameToken(token, envToken) : false) ||
      (await isKnownWhatsappVerifyToken(await getDb(), token)));
  if (!known) return new Response("Forbidden", { status: 403, headers: { "cache-control": "no-store" } });
  return new Response(challenge, {
    status: 200,
    headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
  });
}

/**
 * A webhook delivery. The business is found by `metadata.phone_number_id`; the raw body must carry a
 * valid `X-Hub-Signature-256` under that business's app secret, else 401 and nothing is stored. Answers:
 * 200 `{ ok, duplicate }` (stored and queued, or a replay), 400 unreadable JSON, 401 signature, 413 too
 * large, 429 rate limited, 500 when it could not be stored or queued (Meta sends it again; a stored
 * delivery is queued again then, or by the sweep).
 */
export async function POST(req: Request): Promise<Response> {
  const limited = await rateLimited(req);
  if (limited) return limited;
  const buffered = await limitBody(req, maxJsonBodyBytes());
  if (buffered instanceof Response) return buffered;
  const raw = new Uint8Array(await buffered.arrayBuffer());
  let payload: unknown;
  try {
    payload = JSON.parse(new TextDecoder().decode(raw));
  } catch {
    return new Response("Bad request", { status: 400 });
  }
  const db = await getDb();
  const phoneNumberId = whatsappPayloadPhoneNumberId(payload);
  const business = phoneNumberId ? await businessForWhatsappNumber(db, phoneNumberId) : null;
  const signature = req.headers.get("x-hub-signature-256");
  if (
    !business?.appSecret ||
    !phoneNumberId ||
    !verifyWhatsappSignature(business.appSecret, raw, signature)
  ) {
    return new Response("Invalid signature", { status: 401 });
  }
  try {
    const delivery = await receiveWebhookDelivery(db, {
      provider: "whatsapp",
      deliveryKey: whatsappDeliveryKey(raw),
      businessId: business.businessId,
      payload,
    });
    return Response.json({ ok: true, duplicate: delivery.duplicate });
  } catch (err) {
    logger.error({ err, businessId: business.businessId }, "WhatsApp webhook could not be queued");
    return new Response("Processing failed", { status: 500 });
  }
}
