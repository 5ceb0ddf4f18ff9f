import { Webhook } from "svix";
import { getDb } from "@/db/client";
import { limitBody } from "@/server/http/body-limit";
import { logger } from "@/server/logger";
import {
  emailIdOf,
  resendEventSchema,
  resendWebhookSecrets,
} from "@/server/services/messaging/resend-events";
import { receiveWebhookDelivery } from "@/server/services/webhook-deliveries";

/*
 * POST /api/webhooks/resend: Resend's delivery events (email.sent, delivered, delivery_delayed, opened,
 * clicked, bounced, complained, failed), signed by Svix (svix-id, svix-timestamp, svix-signature over
 * the raw body; docs.svix.com/receiving/verifying-payloads/how-manual).
 * 1. The raw body is read under 256 KiB (413 past it) and verified as received, never re-serialised.
 * 2. The key: the webhook secret saved by the business the email belongs to (found by `data.email_id`,
 *    read only to pick the key), else RESEND_WEBHOOK_SECRET. The svix library checks the HMAC and that
 *    the timestamp is within 5 minutes. Missing, wrong or stale signature → 401 and nothing is stored.
 * 3. Only then is the event trusted: stored once per svix-id (`webhook_deliveries`; a replay answers 200
 *    and changes nothing), answered 200, and applied by the `process-webhook-delivery` background function
 *    (server/services/messaging/resend-events.ts). 500 when it could not be stored or queued (Svix sends it
 *    again; a stored delivery is queued again then, or by the sweep).
 */

const MAX_BODY_BYTES = 256 * 1024;

const json = (body: unknown, status: number) =>
  Response.json(body, { status, headers: { "cache-control": "no-store" } });

function peek(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return null;
  }
}

export async function POST(req: Request) {
  const limited = await limitBody(req, MAX_BODY_BYTES);
  if (limited instanceof Response) return limited;
  const raw = await limited.text();

  const svixHeaders = {
    "svix-id": req.headers.get("svix-id") ?? "",
    "svix-timestamp": req.headers.get("svix-timestamp") ?? "",
    "svix-signature": req.headers.get("svix-signature") ?? "",
  };
  const eventId = svixHeaders["svix-id"];
  if (!eventId || eventId.length > 200 || !svixHeaders["svix-timestamp"] || !svixHeaders["svix-signature"]) {
    return json({ code: "UNAUTHORIZED", message: "Missing webhook signature headers." }, 401);
  }

  const parsed = peek(raw);
  const db = await getDb();
  const candidates = await resendWebhookSecrets(db, emailIdOf((parsed as { data?: unknown } | null)?.data));
  const verifiedBy = candidates.find((c) => {
    try {
      new Webhook(c.secret).verify(raw, svixHeaders);
      return true;
    } catch {
      return false;
    }
  });
  if (!verifiedBy) {
    if (candidates.length === 0) logger.warn("resend webhook refused: no webhook secret is configured");
    return json({ code: "UNAUTHORIZED", message: "The webhook signature is not valid." }, 401);
  }

  const event = resendEventSchema.safeParse(parsed);
  if (!event.success) return json({ code: "BAD_REQUEST", message: "The event is not a Resend event." }, 400);
  try {
    const delivery = await receiveWebhookDelivery(db, {
      provider: "resend",
      deliveryKey: eventId,
      businessId: verifiedBy.businessId,
      payload: event.data,
    });
    return json({ received: true, duplicate: delivery.duplicate }, 200);
  } catch (err) {
    logger.error({ err }, "resend webhook could not be queued");
    return json({ code: "INTERNAL_SERVER_ERROR", message: "The event could not be stored." }, 500);
  }
}
