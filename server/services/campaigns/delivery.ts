import { createHash } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { execRows } from "@/db/client";
import { businesses, campaignRecipients, campaigns, customers, emailMessages } from "@/db/schema";
import { type EmailContent, emailContentSchema } from "@/server/domain/email-blocks";
import { type BatchEmail, RESEND_BATCH_MAX, sendEmailBatch } from "@/server/email/batch";
import { type CompiledCampaignEmail, compileCampaignEmail } from "@/server/email/campaign-render";
import { extractLinks } from "@/server/email/queue";
import { EmailDeliveryError } from "@/server/email/resend-errors";
import { unsubscribeHeaders, unsubscribeUrl } from "@/server/messaging/unsubscribe";
import { recordActivities } from "@/server/services/activities";
import { type EmailSendingConfig, emailSendingConfig } from "./sending-config";

/*
 * Sending one batch of a campaign's recipients, exactly once.
 *
 * A batch is claimed by its send run (`claim_key` = the run's id) in one UPDATE … WHERE id IN (SELECT …
 * FOR UPDATE SKIP LOCKED) before any provider call, so two runs never take the same recipient. A run
 * that is retried (an error, a crash after the provider call and before the database update) finds the
 * rows it claimed and sends them again with the same Resend `Idempotency-Key` (the campaign and a hash
 * of the recipients' ids, `batchIdempotencyKey`): Resend answers the first response and sends nothing
 * twice. Each
 * recipient row is unique per (campaign, customer, channel), so the key stands for exactly those
 * customers. The dev outbox writes each message under an id derived from (campaign, customer,
 * channel), so a repeat writes nothing.
 */

/** A recipient row taken by a batch. */
interface ClaimedRecipient {
  id: number;
  customerId: string;
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
 * Claims up to `size` queued recipients of the campaign on the channel for `claimKey`, or returns the
 * rows this key claimed before (a retried run). New rows are claimed only while the campaign is
 * sending. Output: the claimed rows in id order.
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
  const rows = await execRows<ClaimedRecipient>(
    db,
    sql`update campaign_recipients set status = 'sending', claim_key = ${args.claimKey}, claimed_at = now()
      where id in (
        select id from campaign_recipients
        where campaign_id = ${args.campaignId} and business_id = ${args.businessId}
          and channel = ${args.channel}::message_channel and status = 'queued'
        order by id limit ${size}
        for update skip locked
      )
      returning id::int as "id", customer_id as "customerId", address, attempts,
        provider_message_id as "providerMessageId"`,
  );
  return rows.sort((a, b) => a.id - b.id);
}

/**
 * Resend's `Idempotency-Key` for a batch: the campaign and a hash of the recipient ids it carries (each
 * row is one (campaign, customer, channel)), so the same recipients always get the same key, and a
 * run that goes on to another batch never reuses one (Resend would answer the first batch's response).
 */
export function batchIdempotencyKey(campaignId: string, recipientIds: number[]): string {
  const ids = [...recipientIds].sort((a, b) => a - b).join(",");
  return `campaign/${campaignId}/email/${createHash("sha256").update(ids).digest("base64url")}`;
}

/** The id of the dev-outbox message of (campaign, customer, channel): a UUID from its SHA-256. */
export function devOutboxMessageId(campaignId: string, customerId: string, channel: string): string {
  const h = createHash("sha256").update(`${campaignId}:${customerId}:${channel}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const compiled = new Map<string, Promise<CompiledCampaignEmail>>();

/** The campaign's compiled email, cached per campaign version (at most 20 kept). */
function compiledEmail(
  key: string,
  content: EmailContent,
  business: { name: string; phone: string | null },
  config: EmailSendingConfig,
): Promise<CompiledCampaignEmail> {
  let hit = compiled.get(key);
  if (!hit) {
    hit = compileCampaignEmail(content, { business, postalAddress: config.postalAddress });
    compiled.set(key, hit);
    hit.catch(() => compiled.delete(key));
    if (compiled.size > 20) compiled.delete(compiled.keys().next().value as string);
  }
  return hit;
}

/**
 * Sends one batch of the campaign's email recipients (see the module's comment) and records the
 * outcome: `sent` with Resend's ids (or the dev outbox), a timeline entry per customer, and the
 * campaign `completed` when no recipient is left queued or in flight.
 * Errors: EmailDeliveryError when `retriable` (the run retries; its claimed rows wait for it); a
 * permanent provider error marks the batch's rows `failed` with the provider's code and message.
 */
export async function sendEmailBatchOf(
  db: DbOrTx,
  args: BatchArgs,
  hooks: BatchHooks = {},
): Promise<BatchOutcome> {
  const [campaign] = await db
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.id, args.campaignId), eq(campaigns.businessId, args.businessId)));
  if (!campaign) return { skipped: "not_sending", sent: 0, failed: 0, completed: false };
  const claimed = await claimRecipients(db, { ...args, channel: "email" }, campaign.status === "sending");
  if (claimed.length === 0) {
    const completed = await completeIfDone(db, args);
    return {
      skipped: campaign.status === "sending" ? "nothing_queued" : "not_sending",
      sent: 0,
      failed: 0,
      completed,
    };
  }

  await hooks.afterClaim?.();
  const parsed = emailContentSchema.safeParse(campaign.email);
  if (!parsed.success) {
    await failRows(
      db,
      args,
      claimed,
      "invalid_content",
      "The campaign's email content is not valid any more.",
    );
    return { sent: 0, failed: claimed.length, completed: await completeIfDone(db, args) };
  }
  const [business] = await db
    .select({ name: businesses.name, phone: businesses.phone })
    .from(businesses)
    .where(eq(businesses.id, args.businessId));
  const config = await emailSendingConfig(db, args.businessId);
  const email = await compiledEmail(
    `${campaign.id}:${campaign.updatedAt.toISOString()}`,
    parsed.data,
    business ?? { name: "", phone: null },
    config,
  );
  const people = await db
    .select({
      id: customers.id,
      name: customers.name,
      email: customers.email,
      phone: customers.phone,
      whatsapp: customers.whatsapp,
      company: customers.company,
      city: customers.city,
      country: customers.country,
      customFields: customers.customFields,
    })
    .from(customers)
    .where(
      and(
        eq(customers.businessId, args.businessId),
        inArray(
          customers.id,
          claimed.map((c) => c.customerId),
        ),
      ),
    );
  const byId = new Map(people.map((p) => [p.id, p]));

  const messages: Array<{ row: ClaimedRecipient; message: BatchEmail }> = [];
  const gone: ClaimedRecipient[] = [];
  for (const row of claimed) {
    const customer = byId.get(row.customerId);
    if (!customer || !row.address) {
      gone.push(row);
      continue;
    }
    const url = unsubscribeUrl({ recipientId: row.id });
    const rendered = email.render(customer, { unsubscribeUrl: url });
    messages.push({
      row,
      message: {
        from: config.from,
        to: row.address,
        subject: rendered.subject,
        html: rendered.html,
        text: rendered.text,
        ...(config.replyTo ? { replyTo: config.replyTo } : {}),
        headers: unsubscribeHeaders(url),
        tags: [{ name: "campaign", value: campaign.id }],
      },
    });
  }
  if (gone.length > 0)
    await failRows(db, args, gone, "customer_gone", "The customer or the address was removed.");
  if (messages.length === 0)
    return { sent: 0, failed: gone.length, completed: await completeIfDone(db, args) };

  let ids: Array<string | null>;
  if (config.apiKey) {
    try {
      ({ ids } = await sendEmailBatch(
        { apiKey: config.apiKey },
        messages.map((m) => m.message),
        {
          idempotencyKey: batchIdempotencyKey(
            campaign.id,
            messages.map((m) => m.row.id),
          ),
        },
      ));
    } catch (err) {
      if (err instanceof EmailDeliveryError && !err.retriable) {
        await failRows(db, args, claimed, err.code ?? "provider_error", err.message);
        return { sent: 0, failed: claimed.length, completed: await completeIfDone(db, args) };
      }
      throw err;
    }
  } else {
    await db
      .insert(emailMessages)
      .values(
        messages.map(({ row, message }) => ({
          id: devOutboxMessageId(campaign.id, row.customerId, "email"),
          businessId: args.businessId,
          template: "campaign",
          to: message.to,
          from: message.from,
          subject: message.subject,
          html: message.html,
          text: message.text,
          links: extractLinks(message.html),
          transport: "dev_outbox" as const,
          status: "sent" as const,
          sentAt: new Date(),
        })),
      )
      .onConflictDoNothing();
    ids = messages.map(() => null);
  }
  await hooks.afterProviderCall?.();

  const sentAt = new Date();
  const values = messages.map(({ row }, i) => sql`(${row.id}::bigint, ${ids[i] ?? null}::text)`);
  await db.execute(sql`update campaign_recipients r set status = 'sent', provider_message_id = v.pid,
      sent_at = coalesce(r.sent_at, ${sentAt.toISOString()}::timestamptz), attempts = r.attempts + 1
    from (values ${sql.join(values, sql`, `)}) as v(id, pid)
    where r.id = v.id and r.business_id = ${args.businessId} and r.status = 'sending'`);
  await recordActivities(
    db,
    messages.map(({ row, message }) => ({
      businessId: args.businessId,
      customerId: row.customerId,
      type: "message_sent" as const,
      data: {
        channel: "email",
        campaignId: campaign.id,
        campaignName: campaign.name,
        subject: message.subject,
        to: message.to,
      },
      createdAt: sentAt,
    })),
    { touch: false },
  );
  await hooks.afterRecord?.();
  return { sent: messages.length, failed: gone.length, completed: await completeIfDone(db, args) };
}

async function failRows(
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
          and r.status in ('queued', 'sending'))`,
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
