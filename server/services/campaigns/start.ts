import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { campaignRecipients, campaigns } from "@/db/schema";
import type { StoredAbTest } from "@/server/domain/campaigns";
import { splitAbTest } from "./ab-test";
import { audienceWhere, materializeRecipients, sendingRules } from "./audience";
import { completeIfDone } from "./batch";

/** What the send function does next for a campaign. */
export type SendPlan =
  | { kind: "wait"; until: string }
  | { kind: "stop"; status: string }
  | {
      kind: "send";
      email: number;
      whatsapp: number;
      whatsappLimit: number | null;
      /** Hours to wait before picking an A/B test's winner; null without a running test. */
      abWaitHours: number | null;
    };

/**
 * The send function's first steps for a campaign: wait while it is scheduled in the future; start a
 * scheduled campaign that is due; materialise the recipients of a sending campaign once (one INSERT …
 * SELECT; a retried step adds nothing, rows being unique per campaign, customer and channel) and fix
 * `targeted` / `excluded`; start its A/B test (the rest `held`); then say how many are queued per
 * channel. A campaign that has no one to send
 * to is completed at once. Output: the plan (times as ISO strings, for the function's memo).
 */
export async function planCampaignSend(
  db: DbOrTx,
  ids: { businessId: string; campaignId: string },
  now: Date = new Date(),
): Promise<SendPlan> {
  const where = and(eq(campaigns.id, ids.campaignId), eq(campaigns.businessId, ids.businessId));
  const [[campaign], rules] = await Promise.all([
    db.select().from(campaigns).where(where),
    sendingRules(db, ids.businessId),
  ]);
  if (!campaign) return { kind: "stop", status: "deleted" };
  if (campaign.status === "scheduled") {
    if (campaign.scheduledAt && campaign.scheduledAt.getTime() > now.getTime()) {
      return { kind: "wait", until: campaign.scheduledAt.toISOString() };
    }
    const started = await db
      .update(campaigns)
      .set({ status: "sending", startedAt: now, updatedAt: now })
      .where(and(where, eq(campaigns.status, "scheduled")))
      .returning({ id: campaigns.id });
    if (started.length === 0) return planCampaignSend(db, ids, now);
  } else if (campaign.status !== "sending") {
    return { kind: "stop", status: campaign.status };
  }

  if (campaign.targeted === null) {
    const audience = await audienceWhere(db, ids.businessId, campaign.audience);
    await materializeRecipients(db, {
      businessId: ids.businessId,
      campaignId: ids.campaignId,
      where: audience,
      channel: campaign.channel,
      requiresOptIn: rules.emailRequiresOptIn,
    });
    const [counts] = await db
      .select({
        targeted: sql<number>`count(*) filter (where ${campaignRecipients.status} <> 'excluded')::int`,
        excluded: sql<number>`count(*) filter (where ${campaignRecipients.status} = 'excluded')::int`,
      })
      .from(campaignRecipients)
      .where(
        and(
          eq(campaignRecipients.businessId, ids.businessId),
          eq(campaignRecipients.campaignId, ids.campaignId),
        ),
      );
    await db
      .update(campaigns)
      .set({ targeted: counts?.targeted ?? 0, excluded: counts?.excluded ?? 0, updatedAt: new Date() })
      .where(where);
  }
  await splitAbTest(db, ids);

  const queued = await db
    .select({ channel: campaignRecipients.channel, n: sql<number>`count(*)::int` })
    .from(campaignRecipients)
    .where(
      and(
        eq(campaignRecipients.businessId, ids.businessId),
        eq(campaignRecipients.campaignId, ids.campaignId),
        eq(campaignRecipients.status, "queued"),
      ),
    )
    .groupBy(campaignRecipients.channel);
  const email = queued.find((q) => q.channel === "email")?.n ?? 0;
  const whatsapp = queued.find((q) => q.channel === "whatsapp")?.n ?? 0;
  if (email + whatsapp === 0) {
    await completeIfDone(db, ids);
    return { kind: "stop", status: "completed" };
  }
  const [after] = await db.select({ abTest: campaigns.abTest }).from(campaigns).where(where);
  const ab = after?.abTest as StoredAbTest | null | undefined;
  return {
    kind: "send",
    email,
    whatsapp,
    whatsappLimit: rules.whatsappMessagingLimit,
    abWaitHours: ab?.phase === "testing" ? ab.waitHours : null,
  };
}
