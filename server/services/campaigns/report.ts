import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { execRows } from "@/db/client";
import { campaignRecipients } from "@/db/schema";
import type { CampaignStats, ExclusionReason } from "@/server/domain/campaigns";
import type { RecipientStatus } from "@/server/domain/recipient-status";
import { type CampaignRow, campaignRow } from "./rows";

/*
 * A campaign's report: its counts (the funnel), its recipients, and delivery over time.
 */

/** The counts of a campaign row's recipients (one aggregate over its rows). */
export async function statsOf(db: DbOrTx, row: CampaignRow): Promise<CampaignStats> {
  const r = campaignRecipients;
  const [s] = await db
    .select({
      targeted: sql<number>`count(*) filter (where ${r.status} <> 'excluded')::int`,
      excluded: sql<number>`count(*) filter (where ${r.status} = 'excluded')::int`,
      queued: sql<number>`count(*) filter (where ${r.status} in ('held', 'queued', 'sending'))::int`,
      sent: sql<number>`count(${r.sentAt})::int`,
      delivered: sql<number>`count(${r.deliveredAt})::int`,
      opened: sql<number>`count(${r.openedAt})::int`,
      read: sql<number>`count(${r.readAt})::int`,
      clicked: sql<number>`count(${r.clickedAt})::int`,
      failed: sql<number>`count(*) filter (where ${r.status} = 'failed')::int`,
      bounced: sql<number>`count(${r.bouncedAt})::int`,
      complained: sql<number>`count(${r.complainedAt})::int`,
      unsubscribed: sql<number>`count(${r.unsubscribedAt})::int`,
    })
    .from(r)
    .where(and(eq(r.businessId, row.businessId), eq(r.campaignId, row.id)));
  return { status: row.status, ...s! };
}

/** The report's counts (`GET /campaigns/{id}/stats`). Errors: NOT_FOUND. */
export async function campaignStats(
  db: DbOrTx,
  businessId: string,
  campaignId: string,
): Promise<CampaignStats> {
  return statsOf(db, await campaignRow(db, businessId, campaignId));
}

/** One recipient as the report's table lists it. */
export interface RecipientOutput {
  id: number;
  customerId: string;
  customerName: string | null;
  channel: "email" | "whatsapp";
  address: string | null;
  status: RecipientStatus;
  exclusionReason: ExclusionReason | null;
  errorCode: string | null;
  error: string | null;
  sentAt: Date | null;
  deliveredAt: Date | null;
  openedAt: Date | null;
  readAt: Date | null;
  clickedAt: Date | null;
}

/**
 * A campaign's recipients, 100 a page in id order (keyset: `cursor` is the last id seen), optionally of
 * one status. Errors: NOT_FOUND.
 */
export async function listRecipients(
  db: DbOrTx,
  businessId: string,
  campaignId: string,
  opts: { status?: RecipientStatus; cursor?: number; limit?: number } = {},
): Promise<{ items: RecipientOutput[]; nextCursor: number | null }> {
  await campaignRow(db, businessId, campaignId);
  const limit = Math.min(opts.limit ?? 100, 500);
  const rows = await execRows<RecipientOutput>(
    db,
    sql`select r.id::int as "id", r.customer_id as "customerId", c.name as "customerName", r.channel, r.address,
        r.status, r.exclusion_reason as "exclusionReason", r.error_code as "errorCode", r.error,
        r.sent_at as "sentAt", r.delivered_at as "deliveredAt", r.opened_at as "openedAt",
        r.read_at as "readAt", r.clicked_at as "clickedAt"
      from campaign_recipients r join customers c on c.id = r.customer_id and c.business_id = r.business_id
      where r.business_id = ${businessId} and r.campaign_id = ${campaignId}
        ${opts.status ? sql`and r.status = ${opts.status}::recipient_status` : sql``}
        ${opts.cursor ? sql`and r.id > ${opts.cursor}` : sql``}
      order by r.id limit ${limit + 1}`,
  );
  const items = rows.slice(0, limit).map((r) => ({
    ...r,
    sentAt: r.sentAt && new Date(r.sentAt),
    deliveredAt: r.deliveredAt && new Date(r.deliveredAt),
    openedAt: r.openedAt && new Date(r.openedAt),
    readAt: r.readAt && new Date(r.readAt),
    clickedAt: r.clickedAt && new Date(r.clickedAt),
  }));
  return { items, nextCursor: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
}

/**
 * Delivery over time for the report: per hour (UTC) since the first send, how many were sent,
 * delivered, opened or read, clicked and failed. Errors: NOT_FOUND.
 */
export async function campaignTimeline(
  db: DbOrTx,
  businessId: string,
  campaignId: string,
): Promise<
  Array<{ at: Date; sent: number; delivered: number; opened: number; clicked: number; failed: number }>
> {
  await campaignRow(db, businessId, campaignId);
  const rows = await execRows<{
    at: string;
    sent: number;
    delivered: number;
    opened: number;
    clicked: number;
    failed: number;
  }>(
    db,
    sql`with r as (select * from campaign_recipients where business_id = ${businessId} and campaign_id = ${campaignId}),
      ev as (
        select date_trunc('hour', sent_at) as at, 'sent' as k from r where sent_at is not null
        union all select date_trunc('hour', delivered_at), 'delivered' from r where delivered_at is not null
        union all select date_trunc('hour', coalesce(opened_at, read_at)), 'opened' from r where coalesce(opened_at, read_at) is not null
        union all select date_trunc('hour', clicked_at), 'clicked' from r where clicked_at is not null
        union all select date_trunc('hour', coalesce(failed_at, bounced_at)), 'failed' from r where coalesce(failed_at, bounced_at) is not null
      )
      select at, count(*) filter (where k = 'sent')::int as sent, count(*) filter (where k = 'delivered')::int as delivered,
        count(*) filter (where k = 'opened')::int as opened, count(*) filter (where k = 'clicked')::int as clicked,
        count(*) filter (where k = 'failed')::int as failed
      from ev group by at order by at limit 2000`,
  );
  return rows.map((r) => ({ ...r, at: new Date(r.at) }));
}
