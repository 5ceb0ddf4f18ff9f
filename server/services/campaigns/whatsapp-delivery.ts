import { and, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { businesses, campaignRecipients, customers } from "@/db/schema";
import {
  buildTemplateComponents,
  MissingTemplateValueError,
  renderTemplateText,
  slotValue,
  whatsappSlots,
} from "@/server/domain/whatsapp-templates";
import { AppError } from "@/server/errors";
import { recordActivities } from "@/server/services/activities";
import { loadMessagingConfig } from "@/server/services/messaging-settings";
import { sendableWhatsappTemplate } from "@/server/services/whatsapp-templates";
import { sendWhatsappMessage, WhatsappError } from "@/server/whatsapp/client";
import { whatsappTemplateForVariant } from "./ab-test";
import {
  type BatchArgs,
  type BatchHooks,
  type BatchOutcome,
  completeIfDone,
  failRows,
  openBatch,
} from "./batch";

/*
 * Sending one batch of a campaign's WhatsApp recipients. The Cloud API takes one message per call and
 * has no idempotency key, so exactly-once rests on the claim: before each call the row's `attempts`
 * goes to 1 in its own statement; a retried run that finds a claimed row with an attempt and no message
 * id cannot know whether Meta took it, and records it `failed` ("unknown_outcome") rather than send it
 * again. A call Meta answered with an error was not taken and is safe to retry.
 */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends the batch claimed for `args.claimKey` (see the module's comment): the campaign's approved
 * template, its variables filled from each customer (a missing value without a fallback fails that
 * recipient), paced at the business's rate (messages per second), each message recorded with Meta's
 * id (or the dev outbox's) and put on the customer's timeline. Permanent errors (131026 undeliverable,
 * 131047 outside the 24-hour window, template problems…) fail that recipient with Meta's code and a
 * sentence; a template that is not sendable any more fails the batch.
 * Errors: WhatsappError when `retriable` (rate limits 130429/131056, 5xx): the run retries, sending only
 * what was not taken.
 */
export async function sendWhatsappBatchOf(
  db: DbOrTx,
  args: BatchArgs,
  hooks: BatchHooks = {},
): Promise<BatchOutcome> {
  const opened = await openBatch(db, { ...args, channel: "whatsapp" });
  if ("outcome" in opened) return opened.outcome;
  const { campaign, claimed } = opened;
  await hooks.afterClaim?.();
  let failed = 0;
  const unknown = claimed.filter((r) => r.attempts > 0 && !r.providerMessageId);
  if (unknown.length > 0) {
    await failRows(
      db,
      args,
      unknown,
      "unknown_outcome",
      "The send was cut off while this message was with WhatsApp; it was not sent again, to avoid a duplicate.",
    );
    failed += unknown.length;
  }
  const todo = claimed.filter((r) => r.attempts === 0);

  // The approved template of each A/B variant in the batch (null: no test); one not sendable any more
  // fails its recipients.
  const templates = new Map<number | null, Awaited<ReturnType<typeof sendableWhatsappTemplate>>>();
  for (const variant of new Set(todo.map((r) => r.variant))) {
    const rows = todo.filter((r) => r.variant === variant);
    try {
      templates.set(
        variant,
        await sendableWhatsappTemplate(db, args.businessId, whatsappTemplateForVariant(campaign, variant)),
      );
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      await failRows(db, args, rows, "template_not_sendable", err.message);
      failed += rows.length;
    }
  }
  const config = await loadMessagingConfig(db, args.businessId);
  const [business] = await db
    .select({ name: businesses.name, phone: businesses.phone })
    .from(businesses)
    .where(eq(businesses.id, args.businessId));
  const people = todo.length
    ? await db
        .select()
        .from(customers)
        .where(
          and(
            eq(customers.businessId, args.businessId),
            inArray(
              customers.id,
              todo.map((r) => r.customerId),
            ),
          ),
        )
    : [];
  const byId = new Map(people.map((p) => [p.id, p]));
  const interval = 1000 / Math.max(1, config.whatsapp?.ratePerSecond ?? 80);
  const sent: Array<{ customerId: string; preview: string }> = [];

  for (const row of todo) {
    const template = templates.get(row.variant);
    if (!template) continue;
    const slots = whatsappSlots(template.components);
    const started = Date.now();
    const customer = byId.get(row.customerId);
    if (!customer || !row.address) {
      await failRows(db, args, [row], "customer_gone", "The customer or the number was removed.");
      failed += 1;
      continue;
    }
    const biz = business ?? { name: "", phone: null };
    let components: ReturnType<typeof buildTemplateComponents>;
    let preview: string;
    try {
      components = buildTemplateComponents(template, template.mapping, customer, biz);
      const values = new Map(slots.map((s) => [s.key, slotValue(s, template.mapping, customer, biz)]));
      preview = renderTemplateText(template.components, (key) => values.get(key) ?? "");
    } catch (err) {
      if (!(err instanceof MissingTemplateValueError)) throw err;
      await failRows(db, args, [row], "missing_value", err.message);
      failed += 1;
      continue;
    }
    await db
      .update(campaignRecipients)
      .set({ attempts: sql`${campaignRecipients.attempts} + 1` })
      .where(and(eq(campaignRecipients.id, row.id), eq(campaignRecipients.businessId, args.businessId)));
    let providerMessageId: string;
    try {
      ({ providerMessageId } = await sendWhatsappMessage(
        config.whatsapp,
        { to: row.address, template: { name: template.name, language: template.language, components } },
        { db, businessId: args.businessId, preview },
      ));
    } catch (err) {
      if (err instanceof WhatsappError && err.status !== null) {
        if (!err.retriable) {
          await failRows(db, args, [row], String(err.code ?? err.status), err.humanMessage);
          failed += 1;
          continue;
        }
        // Meta answered with an error: the message was not taken, so the retry may send it.
        await db
          .update(campaignRecipients)
          .set({ attempts: sql`${campaignRecipients.attempts} - 1` })
          .where(eq(campaignRecipients.id, row.id));
      }
      await recordSent(db, args, campaign, sent);
      throw err;
    }
    await hooks.afterProviderCall?.();
    await db
      .update(campaignRecipients)
      .set({ status: "sent", providerMessageId, sentAt: new Date() })
      .where(
        and(
          eq(campaignRecipients.id, row.id),
          eq(campaignRecipients.businessId, args.businessId),
          eq(campaignRecipients.status, "sending"),
        ),
      );
    sent.push({ customerId: row.customerId, preview });
    const wait = interval - (Date.now() - started);
    if (wait > 0) await sleep(wait);
  }
  await recordSent(db, args, campaign, sent);
  await hooks.afterRecord?.();
  return { sent: sent.length, failed, completed: await completeIfDone(db, args) };
}

/** The timeline entries of the messages sent so far in this batch. */
async function recordSent(
  db: DbOrTx,
  args: BatchArgs,
  campaign: { id: string; name: string },
  sent: Array<{ customerId: string; preview: string }>,
): Promise<void> {
  await recordActivities(
    db,
    sent.splice(0).map((s) => ({
      businessId: args.businessId,
      customerId: s.customerId,
      type: "message_sent" as const,
      data: { channel: "whatsapp", campaignId: campaign.id, campaignName: campaign.name, text: s.preview },
    })),
    { touch: false },
  );
}
