import { and, eq, type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { DbOrTx } from "@/db/client";
import { campaignRecipients } from "@/db/schema";
import {
  type DeliveryEventKind,
  type RecipientStatus,
  recipientStatusRank,
  statusOfEvent,
} from "@/server/domain/recipient-status";

/** One provider event about one sent message. */
export interface RecipientEvent {
  channel: "email" | "whatsapp";
  /** Resend email id or WhatsApp message id (`wamid.…`). */
  providerMessageId: string;
  kind: DeliveryEventKind;
  /** When the provider says it happened (UTC). */
  occurredAt: Date;
  /** Provider error code and a human sentence, for failures and bounces. */
  errorCode?: string | null;
  error?: string | null;
}

const timeColumn: Record<DeliveryEventKind, keyof typeof campaignRecipients.$inferSelect> = {
  sent: "sentAt",
  delivered: "deliveredAt",
  opened: "openedAt",
  read: "readAt",
  clicked: "clickedAt",
  failed: "failedAt",
  bounced: "bouncedAt",
  complained: "complainedAt",
  unsubscribed: "unsubscribedAt",
};

/**
 * SQL `CASE <status column> WHEN … THEN rank END` from recipientStatusRank (one definition of the
 * order), for any `recipient_status` column (campaign recipients, one-to-one WhatsApp messages).
 */
export function statusRankSql(column: AnyPgColumn = campaignRecipients.status): SQL {
  const cases = Object.entries(recipientStatusRank).map(
    ([status, rank]) => sql`when ${status}::recipient_status then ${rank}`,
  );
  return sql`(case ${column} ${sql.join(cases, sql` `)} end)`;
}
const rankSql = () => statusRankSql();

/**
 * Applies a provider event to the campaign recipient it is about (found by channel and provider
 * message id): stamps the event's time column the first time only, and moves the status forward only
 * (recipientStatusRank), in one UPDATE, so replayed and out-of-order events are harmless.
 * Output: the recipient's `{ id, businessId, campaignId, customerId, status }` after the event, or null
 * when no recipient has that message id (a transactional email, or a message of another system).
 */
export async function applyRecipientEvent(
  db: DbOrTx,
  event: RecipientEvent,
): Promise<{
  id: number;
  businessId: string;
  campaignId: string;
  customerId: string;
  status: RecipientStatus;
} | null> {
  const next = statusOfEvent(event.kind);
  const col = campaignRecipients[timeColumn[event.kind]];
  const set: Record<string, unknown> = {
    [timeColumn[event.kind]]: sql`coalesce(${col}, ${event.occurredAt.toISOString()}::timestamptz)`,
  };
  if (next) {
    const rank = recipientStatusRank[next];
    set.status = sql`case when ${rankSql()} < ${rank} then ${next}::recipient_status else ${campaignRecipients.status} end`;
    if (event.errorCode !== undefined || event.error !== undefined) {
      set.errorCode = sql`case when ${rankSql()} < ${rank} then ${event.errorCode ?? null} else ${campaignRecipients.errorCode} end`;
      set.error = sql`case when ${rankSql()} < ${rank} then ${event.error ?? null} else ${campaignRecipients.error} end`;
    }
  }
  const [row] = await db
    .update(campaignRecipients)
    .set(set)
    .where(
      and(
        eq(campaignRecipients.channel, event.channel),
        eq(campaignRecipients.providerMessageId, event.providerMessageId),
      ),
    )
    .returning({
      id: campaignRecipients.id,
      businessId: campaignRecipients.businessId,
      campaignId: campaignRecipients.campaignId,
      customerId: campaignRecipients.customerId,
      status: campaignRecipients.status,
    });
  return row ?? null;
}
