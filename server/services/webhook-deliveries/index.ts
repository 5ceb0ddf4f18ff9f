import { createHash } from "node:crypto";
import { and, asc, eq, inArray, isNotNull, isNull, lt, or, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { webhookDeliveries, webhookEvents } from "@/db/schema";
import { sendEvent } from "@/server/jobs/send";
import {
  processResendEvent,
  type ResendEvent,
  resendEventSchema,
} from "@/server/services/messaging/resend-events";
import { businessForWhatsappNumber } from "@/server/services/messaging-settings";
import { processWhatsappWebhook, whatsappPayloadPhoneNumberId } from "@/server/services/whatsapp-webhooks";

/*
 * Provider webhooks are recorded, then processed in the background (GUIDE: verify the signature on the raw
 * body, record, answer 2xx fast, process in Inngest). The route verifies and calls `recordWebhookDelivery`;
 * the `process-webhook-delivery` function calls `processWebhookDelivery`. Processing is idempotent twice
 * over: the delivery is skipped once processed, and each event inside it is claimed once in
 * `webhook_events`, so a delivery processed again after a crash changes nothing.
 */

export type WebhookProvider = "resend" | "whatsapp";

/** The key of a Meta delivery: SHA-256 (hex) of its raw body, which Meta sends again unchanged on retry. */
export function whatsappDeliveryKey(raw: Uint8Array): string {
  return createHash("sha256").update(raw).digest("hex");
}

/**
 * Stores a verified delivery once per (provider, key). Input: the provider, its key (Svix's `svix-id`,
 * or `whatsappDeliveryKey`), the business whose secret verified it (null for the deployment's Resend
 * secret) and the parsed payload. Output: the row's id; `duplicate` when it was stored before;
 * `pending` when it still needs processing (new, or stored before and neither processed nor given up).
 */
export async function recordWebhookDelivery(
  db: DbOrTx,
  input: { provider: WebhookProvider; deliveryKey: string; businessId: string | null; payload: unknown },
): Promise<{ id: string; duplicate: boolean; pending: boolean }> {
  const [created] = await db
    .insert(webhookDeliveries)
    .values(input)
    .onConflictDoNothing({ target: [webhookDeliveries.provider, webhookDeliveries.deliveryKey] })
    .returning({ id: webhookDeliveries.id });
  if (created) return { id: created.id, duplicate: false, pending: true };
  const [existing] = await db
    .select({
      id: webhookDeliveries.id,
      processedAt: webhookDeliveries.processedAt,
      failedAt: webhookDeliveries.failedAt,
    })
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.provider, input.provider),
        eq(webhookDeliveries.deliveryKey, input.deliveryKey),
      ),
    );
  if (!existing) throw new Error("webhook delivery vanished between insert and select");
  return {
    id: existing.id,
    duplicate: true,
    pending: existing.processedAt === null && existing.failedAt === null,
  };
}

/**
 * What a webhook route does once the signature holds: stores the delivery (`recordWebhookDelivery`) and,
 * while it still needs processing, asks `process-webhook-delivery` to apply it. Output: `{ duplicate }`.
 * Errors: the database's or the background executor's; the route answers 500 and the provider resends
 * (the stored delivery is then queued again, or by the sweep).
 */
export async function receiveWebhookDelivery(
  db: DbOrTx,
  input: Parameters<typeof recordWebhookDelivery>[1],
): Promise<{ duplicate: boolean }> {
  const delivery = await recordWebhookDelivery(db, input);
  if (delivery.pending)
    await sendEvent({ name: "webhooks/delivery.received", data: { deliveryId: delivery.id } });
  return { duplicate: delivery.duplicate };
}

/** What processing a delivery did: skipped (already processed or unknown), or the provider's counts. */
export type WebhookDeliveryOutcome =
  | { kind: "skipped" }
  | { kind: "resend"; duplicate: boolean; applied: boolean }
  | { kind: "whatsapp"; statuses: number; messages: number; duplicates: number; optOuts: number };

/**
 * Applies a stored delivery's events (Resend: `processResendEvent`; WhatsApp: `processWhatsappWebhook`
 * with the business's current opt-out words), then marks it processed. Input: the delivery's id.
 * Errors: thrown by the processing (the delivery stays pending, `attempts` and `last_error` record it)
 * for the caller to retry; a WhatsApp delivery whose number no longer belongs to the business that
 * verified it is marked failed, not retried.
 */
export async function processWebhookDelivery(db: Db, deliveryId: string): Promise<WebhookDeliveryOutcome> {
  const [delivery] = await db
    .update(webhookDeliveries)
    .set({ attempts: sql`${webhookDeliveries.attempts} + 1` })
    .where(
      and(
        eq(webhookDeliveries.id, deliveryId),
        isNull(webhookDeliveries.processedAt),
        isNull(webhookDeliveries.failedAt),
      ),
    )
    .returning();
  if (!delivery) return { kind: "skipped" };
  let outcome: WebhookDeliveryOutcome;
  try {
    outcome = await apply(db, delivery);
  } catch (e) {
    await db
      .update(webhookDeliveries)
      .set({ lastError: e instanceof Error ? e.message.slice(0, 500) : String(e) })
      .where(eq(webhookDeliveries.id, deliveryId));
    throw e;
  }
  // Skipped here means given up (`markFailed`): it stays failed, not processed.
  if (outcome.kind === "skipped") return outcome;
  await db
    .update(webhookDeliveries)
    .set({ processedAt: sql`now()`, lastError: null })
    .where(eq(webhookDeliveries.id, deliveryId));
  return outcome;
}

async function apply(
  db: Db,
  delivery: typeof webhookDeliveries.$inferSelect,
): Promise<WebhookDeliveryOutcome> {
  if (delivery.provider === "resend") {
    const event = resendEventSchema.parse(delivery.payload) as ResendEvent;
    const result = await processResendEvent(db, {
      eventId: delivery.deliveryKey,
      event,
      businessId: delivery.businessId,
    });
    return { kind: "resend", ...result };
  }
  const phoneNumberId = whatsappPayloadPhoneNumberId(delivery.payload);
  const business = phoneNumberId ? await businessForWhatsappNumber(db, phoneNumberId) : null;
  if (!phoneNumberId || !business || business.businessId !== delivery.businessId) {
    await markFailed(
      db,
      delivery.id,
      "The WhatsApp number no longer belongs to the business that verified it.",
    );
    return { kind: "skipped" };
  }
  const counts = await processWhatsappWebhook(
    db,
    { businessId: business.businessId, phoneNumberId, optOutWords: business.optOutWords },
    delivery.payload,
  );
  return { kind: "whatsapp", ...counts };
}

/** Gives up on a delivery (after the last retry, or when it can never apply), keeping why. */
export async function markFailed(db: DbOrTx, deliveryId: string, error: string): Promise<void> {
  await db
    .update(webhookDeliveries)
    .set({ failedAt: sql`now()`, lastError: error.slice(0, 500) })
    .where(and(eq(webhookDeliveries.id, deliveryId), isNull(webhookDeliveries.processedAt)));
}

/**
 * Deliveries stored at least `olderThanMinutes` before `now` and neither processed nor failed (their
 * event was refused, or their run was lost): the ids to hand to the function again, oldest first, at
 * most `limit`.
 */
export async function pendingWebhookDeliveries(
  db: DbOrTx,
  now: Date,
  olderThanMinutes = 10,
  limit = 500,
): Promise<string[]> {
  const before = new Date(now.getTime() - olderThanMinutes * 60_000);
  const rows = await db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(
      and(
        isNull(webhookDeliveries.processedAt),
        isNull(webhookDeliveries.failedAt),
        lt(webhookDeliveries.receivedAt, before),
      ),
    )
    .orderBy(webhookDeliveries.receivedAt)
    .limit(limit);
  return rows.map((r) => r.id);
}

/**
 * Days provider webhooks are kept: far past the providers' retries (Svix retries for about 3 days, Meta for
 * up to 7), so a replay is still recognised, and long enough to look into a delivery that went wrong.
 */
export const WEBHOOK_RETENTION_DAYS = 30;

/**
 * Deletes webhook history older than 30 days before `now` (UTC), oldest first, at most `limit` rows of
 * each kind: deliveries that were processed or given up (pending ones are kept until they are), and the
 * per-event records (`webhook_events`). Output: rows deleted.
 */
export async function pruneWebhookHistory(db: DbOrTx, opts: { now: Date; limit: number }): Promise<number> {
  const cutoff = new Date(opts.now.getTime() - WEBHOOK_RETENTION_DAYS * 24 * 60 * 60 * 1000);
  const oldDeliveries = db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(
      and(
        lt(webhookDeliveries.receivedAt, cutoff),
        or(isNotNull(webhookDeliveries.processedAt), isNotNull(webhookDeliveries.failedAt)),
      ),
    )
    .orderBy(asc(webhookDeliveries.receivedAt))
    .limit(opts.limit);
  const deliveries = await db
    .delete(webhookDeliveries)
    .where(inArray(webhookDeliveries.id, oldDeliveries))
    .returning({ id: webhookDeliveries.id });
  const oldEvents = db
    .select({ id: webhookEvents.id })
    .from(webhookEvents)
    .where(lt(webhookEvents.receivedAt, cutoff))
    .orderBy(asc(webhookEvents.receivedAt))
    .limit(opts.limit);
  const events = await db
    .delete(webhookEvents)
    .where(inArray(webhookEvents.id, oldEvents))
    .returning({ id: webhookEvents.id });
  return deliveries.length + events.length;
}
