import { and, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { execRows } from "@/db/client";
import { campaignRecipients, campaigns } from "@/db/schema";
import { RESEND_BATCH_MAX } from "@/server/email/batch";

/*
 * The claim of a campaign batch, shared by the email sender (./delivery.ts) and the WhatsApp sender
 * (./whatsapp-delivery.ts). A batch is claimed by its send run (`claim_key` = the run's id) in one
 * UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED) before any provider call, so two runs never
 * take the same recipient, and a retried run finds the rows it claimed again.
 */

/** A recipient row taken by a batch. */
export interface ClaimedRecipient {
  id: number;
  customerId: string;
  /** A/B variant, null without a test. */
  variant: number | null;
  address: string | null;
  attempts: number;
  providerMessageId: string | null;
}

export interface BatchArgs {
  businessId: string;
  campaignId: string;
  channel: "email" | "whatsapp";
  /** The send run's id: rows it claimed are found again by it after a retry. */
  claimKey: string;
  /** Recipients per batch; email at most 100 (Resend's batch limit). */
  size?: number;
}

/**
 * Test hooks at each step boundary of a batch, to inject crashes: after the claim, before the provider
 * call; after the provider accepted the batch, before the database records it; after it is recorded.
 */
export interface BatchHooks {
  afterClaim?: () => void | Promise<void>;
  afterProviderCall?: () => void | Promise<void>;
  afterRecord?: () => void | Promise<void>;
}

export interface BatchOutcome {
  /** Why nothing was claimed, when nothing was. */
  skipped?: "not_sending" | "nothing_queued";
  sent: number;
  failed: number;
  /** Whether this batch finished the campaign. */
  completed: boolean;
}

/**
 * Per campaign and channel, an id below which this process has seen every queued row claimed: the next
 * claim starts its index scan there, not at the campaign's first row. Without it each claim walks the
 * index entries every earlier claim left behind (a row's old `queued` entry lives until vacuum), so a
 * claim of 100 rows cost 8 ms at the start of a 200,000-recipient send and 33 ms a minute later. Only a
 * hint: a claim that finds fewer rows above it looks again from the start (a row released back to the
 * queue, a claim of another process that rolled back), so no queued row is ever passed over. The floor
 * goes in as a sub-select and the claimed ids as an array: with a constant, or with `id in (…)` planned as
 * a join, the planner reads the ends of the id index to estimate them, and those ends are where the
 * claimed rows' dead versions lie (6–11 ms of planning per claim on a 1,000,000-recipient campaign).
 */
const claimFloors = new Map<string, number>();
const CLAIM_FLOORS_KEPT = 1_000;

/**
 * Claims up to `size` queued recipients of the campaign on the channel for `claimKey`, or returns the
 * rows this key claimed before (a retried run). New rows are claimed only while the campaign is
 * sending, lowest ids first (from this process's claim floor, then from the start when that finds too
 * few). Output: the claimed rows in id order.
 */
export async function claimRecipients(
  db: DbOrTx,
  args: BatchArgs,
  sending: boolean,
): Promise<ClaimedRecipient[]> {
  const r = campaignRecipients;
  const own = await db
    .select({
      id: r.id,
      customerId: r.customerId,
      variant: r.variant,
      address: r.address,
      attempts: r.attempts,
      providerMessageId: r.providerMessageId,
    })
    .from(r)
    .where(
      and(
        eq(r.businessId, args.businessId),
        eq(r.campaignId, args.campaignId),
        eq(r.claimKey, args.claimKey),
        eq(r.status, "sending"),
      ),
    )
    .orderBy(r.id);
  if (own.length > 0 || !sending) return own;
  const size = Math.min(args.size ?? RESEND_BATCH_MAX, args.channel === "email" ? RESEND_BATCH_MAX : 1000);
  const claim = (above: number, limit: number) =>
    execRows<ClaimedRecipient>(
      db,
      sql`update campaign_recipients set status = 'sending', claim_key = ${args.claimKey}, claimed_at = now()
        where id = any(array(
          select id from campaign_recipients
          where campaign_id = ${args.campaignId} and business_id = ${args.businessId}
            and channel = ${args.channel}::message_channel and status = 'queued'
            and id > (select ${above}::bigint)
          order by id limit ${limit}
          for update skip locked
        ))
        returning id::int as "id", customer_id as "customerId", variant, address, attempts,
          provider_message_id as "providerMessageId"`,
    );
  const floorKey = `${args.campaignId}:${args.channel}`;
  const floor = claimFloors.get(floorKey) ?? 0;
  let rows = await claim(floor, size);
  if (rows.length < size && floor > 0) rows = rows.concat(await claim(0, size - rows.length));
  rows.sort((a, b) => a.id - b.id);
  const last = rows.at(-1)?.id;
  if (last !== undefined && rows.length === size) {
    claimFloors.delete(floorKey);
    claimFloors.set(floorKey, Math.max(floor, last));
    if (claimFloors.size > CLAIM_FLOORS_KEPT) claimFloors.delete(claimFloors.keys().next().value as string);
  } else claimFloors.delete(floorKey);
  return rows;
}

type CampaignRow = typeof campaigns.$inferSelect;

/**
 * Opens a batch: loads the campaign and claims its rows on `args.channel` (`claimRecipients`). Output:
 * the campaign and the claimed rows, or, when nothing is claimed, the batch's outcome (the campaign
 * completed if nothing is left).
 */
export async function openBatch(
  db: DbOrTx,
  args: BatchArgs,
): Promise<{ campaign: CampaignRow; claimed: ClaimedRecipient[] } | { outcome: BatchOutcome }> {
  const [campaign] = await db
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.id, args.campaignId), eq(campaigns.businessId, args.businessId)));
  if (!campaign) return { outcome: { skipped: "not_sending", sent: 0, failed: 0, completed: false } };
  const claimed = await claimRecipients(db, args, campaign.status === "sending");
  if (claimed.length > 0) return { campaign, claimed };
  const completed = await completeIfDone(db, args);
  return {
    outcome: {
      skipped: campaign.status === "sending" ? "nothing_queued" : "not_sending",
      sent: 0,
      failed: 0,
      completed,
    },
  };
}

/** Marks claimed rows `failed` with the provider's (or our) code and a sentence. */
export async function failRows(
  db: DbOrTx,
  args: BatchArgs,
  rows: ClaimedRecipient[],
  code: string,
  message: string,
): Promise<void> {
  await db
    .update(campaignRecipients)
    .set({ status: "failed", errorCode: code, error: message, failedAt: new Date() })
    .where(
      and(
        eq(campaignRecipients.businessId, args.businessId),
        inArray(
          campaignRecipients.id,
          rows.map((r) => r.id),
        ),
        eq(campaignRecipients.status, "sending"),
      ),
    );
}

/**
 * Marks the campaign `completed` when it is sending and no recipient is queued or in flight (the
 * issue's rule: completed only when nothing is left). Output: whether it did.
 */
export async function completeIfDone(
  db: DbOrTx,
  args: Pick<BatchArgs, "businessId" | "campaignId">,
): Promise<boolean> {
  const rows = await db
    .update(campaigns)
    .set({ status: "completed", completedAt: new Date(), updatedAt: new Date() })
    .where(
      and(
        eq(campaigns.id, args.campaignId),
        eq(campaigns.businessId, args.businessId),
        eq(campaigns.status, "sending"),
        sql`not exists (select 1 from campaign_recipients r where r.campaign_id = ${args.campaignId}
          and r.status in ('held', 'queued', 'sending'))`,
      ),
    )
    .returning({ id: campaigns.id });
  return rows.length > 0;
}

/**
 * Marks the rows a send run claimed and could not send `failed` (its retries are spent), with the
 * last error. They are not put back in the queue: the provider may have taken them under that run's
 * idempotency key, and another run would use another key.
 */
export async function failClaims(
  db: DbOrTx,
  args: Pick<BatchArgs, "businessId" | "campaignId" | "claimKey">,
  error: string,
): Promise<void> {
  await db
    .update(campaignRecipients)
    .set({ status: "failed", errorCode: "retries_exhausted", error, failedAt: new Date() })
    .where(
      and(
        eq(campaignRecipients.businessId, args.businessId),
        eq(campaignRecipients.campaignId, args.campaignId),
        eq(campaignRecipients.claimKey, args.claimKey),
        eq(campaignRecipients.status, "sending"),
      ),
    );
}
