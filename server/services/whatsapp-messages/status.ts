import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { activities, whatsappMessages } from "@/db/schema";
import { recipientStatusRank, statusOfEvent } from "@/server/domain/recipient-status";
import { type RecipientEvent, statusRankSql } from "@/server/services/messaging/delivery-events";

const timeColumn = {
  sent: "sentAt",
  delivered: "deliveredAt",
  read: "readAt",
  failed: "failedAt",
} as const;

/**
 * Applies a WhatsApp status webhook (`statuses[].status`: sent, delivered, read, failed) to the
 * one-to-one message of business `businessId` with that provider message id, in one UPDATE: the event's time column is stamped the
 * first time only, and the status moves forward only (`recipientStatusRank`: a late `delivered` after
 * `read` changes nothing; `failed` carries Meta's code and a sentence). The message's timeline entry
 * follows its status. Output: `{ id, businessId, customerId, status }` after the event, or null when no
 * one-to-one message has that id (a campaign message, or another event kind).
 */
export async function applyWhatsappMessageEvent(
  db: DbOrTx,
  businessId: string,
  event: Omit<RecipientEvent, "channel">,
): Promise<{ id: string; businessId: string; customerId: string; status: string } | null> {
  if (!(event.kind in timeColumn)) return null;
  const key = timeColumn[event.kind as keyof typeof timeColumn];
  const next = statusOfEvent(event.kind);
  if (!next) return null;
  const col = whatsappMessages[key];
  const rank = statusRankSql(whatsappMessages.status);
  const moves = sql`${rank} < ${recipientStatusRank[next]}`;
  const set: Record<string, unknown> = {
    [key]: sql`coalesce(${col}, ${event.occurredAt.toISOString()}::timestamptz)`,
    status: sql`case when ${moves} then ${next}::recipient_status else ${whatsappMessages.status} end`,
  };
  if (event.kind === "failed") {
    set.errorCode = sql`case when ${moves} then ${event.errorCode ?? null} else ${whatsappMessages.errorCode} end`;
    set.error = sql`case when ${moves} then ${event.error ?? null} else ${whatsappMessages.error} end`;
  }
  const [row] = await db
    .update(whatsappMessages)
    .set(set)
    .where(
      and(
        eq(whatsappMessages.businessId, businessId),
        eq(whatsappMessages.providerMessageId, event.providerMessageId),
      ),
    )
    .returning({
      id: whatsappMessages.id,
      businessId: whatsappMessages.businessId,
      customerId: whatsappMessages.customerId,
      status: whatsappMessages.status,
      error: whatsappMessages.error,
    });
  if (!row) return null;
  await syncTimelineStatus(db, row);
  return { id: row.id, businessId: row.businessId, customerId: row.customerId, status: row.status };
}

/**
 * Writes a message's status (and its error, when failed) into its `message_sent` timeline entry, found
 * by `data.whatsappMessageId` among the customer's entries.
 */
export async function syncTimelineStatus(
  db: DbOrTx,
  message: { id: string; businessId: string; customerId: string; status: string; error: string | null },
): Promise<void> {
  const patch = { status: message.status, ...(message.error ? { error: message.error } : {}) };
  await db
    .update(activities)
    .set({ data: sql`${activities.data} || ${JSON.stringify(patch)}::jsonb` })
    .where(
      and(
        eq(activities.businessId, message.businessId),
        eq(activities.customerId, message.customerId),
        eq(activities.type, "message_sent"),
        sql`${activities.data}->>'whatsappMessageId' = ${message.id}`,
      ),
    );
}
