import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db, DbOrTx } from "@/db/client";
import { campaignRecipients, messagingSettings, webhookEvents } from "@/db/schema";
import { openSecret } from "@/server/crypto/secret-box";
import type { DeliveryEventKind } from "@/server/domain/recipient-status";
import { logger } from "@/server/logger";
import { recordConsent } from "@/server/services/consent";
import { applyRecipientEvent } from "./delivery-events";

/*
 * Resend delivery events (webhooks signed by Svix). The route handler app/api/webhooks/resend verifies
 * the signature with a secret from `resendWebhookSecrets`, then hands the verified event to
 * `processResendEvent`. Payloads: resend.com/docs/dashboard/webhooks/body-parameters and the Resend
 * SDK's `WebhookEventPayload` types.
 */

export const RESEND_PROVIDER = "resend";

/** A secret that may have signed an event, and the business it belongs to (null: the app's own). */
export interface WebhookSecretCandidate {
  secret: string;
  businessId: string | null;
}

/**
 * The secrets to try on an event about Resend email `emailId` (its `data.email_id`, read from the body
 * before verification only to choose the key): the webhook secret saved by the business whose
 * campaign recipient has that provider message id (decrypted), then `RESEND_WEBHOOK_SECRET`. An event
 * that no candidate verifies is refused. Output: 0–2 candidates, the business's first.
 */
export async function resendWebhookSecrets(
  db: DbOrTx,
  emailId: string | null,
): Promise<WebhookSecretCandidate[]> {
  const out: WebhookSecretCandidate[] = [];
  if (emailId) {
    const [row] = await db
      .select({ businessId: campaignRecipients.businessId, sealed: messagingSettings.resendWebhookSecretEnc })
      .from(campaignRecipients)
      .innerJoin(messagingSettings, eq(messagingSettings.businessId, campaignRecipients.businessId))
      .where(
        sql`${campaignRecipients.providerMessageId} = ${emailId} and ${campaignRecipients.channel} = 'email'`,
      )
      .limit(1);
    if (row?.sealed) {
      try {
        out.push({ secret: openSecret(row.sealed), businessId: row.businessId });
      } catch (err) {
        logger.warn({ businessId: row.businessId, err }, "resend webhook secret could not be decrypted");
      }
    }
  }
  const shared = process.env.RESEND_WEBHOOK_SECRET?.trim();
  if (shared) out.push({ secret: shared, businessId: null });
  return out;
}

/** The envelope every Resend event shares; email events carry `data.email_id`. */
export const resendEventSchema = z.object({
  type: z.string().min(1).max(100),
  created_at: z.string().max(100).optional(),
  data: z.record(z.string(), z.unknown()).default({}),
});
export type ResendEvent = z.infer<typeof resendEventSchema>;

/** Resend event type → the recipient event it applies (`email.delivery_delayed` and others: none). */
const kinds: Record<string, DeliveryEventKind> = {
  "email.sent": "sent",
  "email.delivered": "delivered",
  "email.opened": "opened",
  "email.clicked": "clicked",
  "email.bounced": "bounced",
  "email.complained": "complained",
  "email.failed": "failed",
};

const text = (v: unknown, max = 1000): string | null =>
  typeof v === "string" && v.trim() ? v.trim().slice(0, max) : null;

/** `data.email_id` of an event, when it has one that looks like an id. */
export function emailIdOf(data: unknown): string | null {
  const id = text((data as { email_id?: unknown } | null)?.email_id, 200);
  return id && /^[\w.:-]+$/.test(id) ? id : null;
}

/** The provider error code and sentence of a bounce (`bounce.type`/`subType`, `message`) or failure (`failed.reason`). */
function errorOf(event: ResendEvent): { errorCode: string | null; error: string | null } | undefined {
  if (event.type === "email.bounced") {
    const bounce = (event.data.bounce ?? {}) as Record<string, unknown>;
    const code = [text(bounce.type, 50), text(bounce.subType, 50)].filter(Boolean).join("/");
    return { errorCode: code || "bounced", error: text(bounce.message) ?? "The email bounced." };
  }
  if (event.type === "email.failed") {
    const reason = text((event.data.failed as { reason?: unknown } | undefined)?.reason);
    return { errorCode: reason && reason.length <= 100 ? reason : "failed", error: failedSentence(reason) };
  }
  return undefined;
}

function failedSentence(reason: string | null): string {
  if (reason === "reached_daily_quota") return "Resend did not send it: the daily sending quota was reached.";
  return reason ? `Resend could not send it: ${reason.replaceAll("_", " ")}.` : "Resend could not send it.";
}

/** When the event happened: its `created_at` (ISO 8601), else now. */
function occurredAt(event: ResendEvent): Date {
  const at = event.created_at ? new Date(event.created_at) : null;
  return at && !Number.isNaN(at.getTime()) ? at : new Date();
}

/**
 * Records and applies one verified Resend event, in one transaction, once: the `webhook_events` row
 * (provider "resend", `eventId` = the `svix-id`, which Svix keeps when it redelivers) is inserted
 * first and a replay (same id) stops there. Then, for email events about a campaign recipient
 * (`campaign_recipients.provider_message_id = data.email_id`): the status moves forward only
 * (`applyRecipientEvent`, so a late `delivered` after `clicked` changes nothing); bounces and failures
 * keep the provider's code and sentence; a complaint also withdraws the customer's email consent
 * (`recordConsent`, source `email_complaint`, with the campaign). `email.delivery_delayed` and other
 * types are recorded without a status change; events about transactional emails match no recipient
 * and change nothing. Done inline rather than in a background job: it is two or three indexed writes,
 * and doing them in the transaction that records the event means an event is never half applied.
 * Output: `{ duplicate, applied }` (`applied`: a recipient was found).
 */
export async function processResendEvent(
  db: Db,
  input: { eventId: string; event: ResendEvent; businessId: string | null },
): Promise<{ duplicate: boolean; applied: boolean }> {
  const { event } = input;
  return db.transaction(async (tx) => {
    const [recorded] = await tx
      .insert(webhookEvents)
      .values({
        provider: RESEND_PROVIDER,
        eventId: input.eventId,
        businessId: input.businessId,
        type: event.type,
        payload: event,
      })
      .onConflictDoNothing({ target: [webhookEvents.provider, webhookEvents.eventId] })
      .returning({ id: webhookEvents.id });
    if (!recorded) return { duplicate: true, applied: false };

    const emailId = emailIdOf(event.data);
    const kind = kinds[event.type];
    let applied = false;
    let businessId = input.businessId;
    if (emailId && kind) {
      const at = occurredAt(event);
      const recipient = await applyRecipientEvent(tx, {
        channel: "email",
        providerMessageId: emailId,
        kind,
        occurredAt: at,
        ...errorOf(event),
      });
      if (recipient) {
        applied = true;
        businessId ??= recipient.businessId;
        if (kind === "complained") {
          await recordConsent(tx, {
            businessId: recipient.businessId,
            customerId: recipient.customerId,
            channel: "email",
            granted: false,
            source: "email_complaint",
            campaignId: recipient.campaignId,
            data: { providerMessageId: emailId },
            occurredAt: at,
          });
        }
      }
    }
    await tx
      .update(webhookEvents)
      .set({ processedAt: sql`now()`, businessId })
      .where(eq(webhookEvents.id, recorded.id));
    return { duplicate: false, applied };
  });
}
