import { createHash } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { businesses, customers, emailMessages } from "@/db/schema";
import { type EmailContent, emailContentSchema } from "@/server/domain/email-blocks";
import { type BatchEmail, sendEmailBatch } from "@/server/email/batch";
import { type CompiledCampaignEmail, compileCampaignEmail } from "@/server/email/campaign-render";
import { extractLinks } from "@/server/email/queue";
import { EmailDeliveryError } from "@/server/email/resend-errors";
import { unsubscribeHeaders, unsubscribeUrl } from "@/server/messaging/unsubscribe";
import { recordActivities } from "@/server/services/activities";
import { templateCustomerColumns } from "@/server/services/messaging/template-customer";
import { emailForVariant } from "./ab-test";
import {
  type BatchArgs,
  type BatchHooks,
  type BatchOutcome,
  type ClaimedRecipient,
  completeIfDone,
  failRows,
  openBatch,
} from "./batch";
import { type EmailSendingConfig, emailSendingConfig } from "./sending-config";

/*
 * Sending one batch of a campaign's email recipients, exactly once.
 *
 * A batch is claimed by its send run before any provider call (./batch.ts). A run that is retried (an error, a crash after the provider call and before the database update) finds the
 * rows it claimed and sends them again with the same Resend `Idempotency-Key` (the campaign and a hash
 * of the recipients' ids, `batchIdempotencyKey`): Resend answers the first response and sends nothing
 * twice. Each
 * recipient row is unique per (campaign, customer, channel), so the key stands for exactly those
 * customers. The dev outbox writes each message under an id derived from (campaign, customer,
 * channel), so a repeat writes nothing.
 */

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
  const opened = await openBatch(db, { ...args, channel: "email" });
  if ("outcome" in opened) return opened.outcome;
  const { campaign, claimed } = opened;
  await hooks.afterClaim?.();
  const [business] = await db
    .select({ name: businesses.name, phone: businesses.phone })
    .from(businesses)
    .where(eq(businesses.id, args.businessId));
  const config = await emailSendingConfig(db, args.businessId);
  // One compiled email per A/B variant in the batch (null: no test).
  const emails = new Map<number | null, CompiledCampaignEmail | null>();
  for (const variant of new Set(claimed.map((c) => c.variant))) {
    const parsed = emailContentSchema.safeParse(emailForVariant(campaign, variant));
    emails.set(
      variant,
      parsed.success
        ? await compiledEmail(
            `${campaign.id}:${variant ?? "-"}:${campaign.updatedAt.toISOString()}`,
            parsed.data,
            business ?? { name: "", phone: null },
            config,
          )
        : null,
    );
  }
  const invalid = claimed.filter((c) => !emails.get(c.variant));
  if (invalid.length > 0) {
    await failRows(
      db,
      args,
      invalid,
      "invalid_content",
      "The campaign's email content is not valid any more.",
    );
    if (invalid.length === claimed.length) {
      return { sent: 0, failed: claimed.length, completed: await completeIfDone(db, args) };
    }
  }
  const people = await db
    .select({
      id: customers.id,
      ...templateCustomerColumns,
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
    const email = emails.get(row.variant);
    if (!email) continue;
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
  return {
    sent: messages.length,
    failed: gone.length + invalid.length,
    completed: await completeIfDone(db, args),
  };
}
