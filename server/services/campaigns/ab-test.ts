import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { execRows } from "@/db/client";
import { campaigns } from "@/db/schema";
import type { CampaignChannel, StoredAbTest } from "@/server/domain/campaigns";
import type { EmailContent } from "@/server/domain/email-blocks";
import { AppError } from "@/server/errors";
import { checkEmailVariables, checkWhatsappTemplate, emailTemplateContent } from "./content";

/*
 * A/B tests: `testPercent` of a campaign's queued recipients get the variants in equal shares (a random
 * draw), the others wait as `held`; after `waitHours` the variant with the best rate of the test's
 * metric (opens or reads, or clicks, over the sent) wins, ties to the earlier variant, and the held
 * recipients are queued with it.
 */

type AbInput = {
  variants: Array<{ subject?: string; templateId?: string }>;
  testPercent: number;
  metric: StoredAbTest["metric"];
  waitHours: number;
};

/**
 * Checks an A/B test for a campaign on `channel` and copies what its variants refer to: a template id is
 * an email template for email campaigns (its content copied) and a WhatsApp template otherwise; subjects
 * are checked for variables. Errors: NOT_FOUND / VALIDATION at `abTest.variants[i].*`.
 */
export async function resolveAbTest(
  db: DbOrTx,
  businessId: string,
  channel: CampaignChannel,
  input: AbInput,
): Promise<StoredAbTest> {
  const variants: StoredAbTest["variants"] = [];
  for (const [i, v] of input.variants.entries()) {
    const at = `abTest.variants[${i}]`;
    const out: StoredAbTest["variants"][number] = { ...v };
    if (v.templateId && channel === "email") {
      try {
        out.email = (await emailTemplateContent(db, businessId, v.templateId)) as EmailContent;
      } catch (e) {
        if (e instanceof AppError) throw new AppError(e.code, e.message, { [`${at}.templateId`]: e.message });
        throw e;
      }
      await checkEmailVariables(db, businessId, out.email, `${at}.email`);
    } else if (v.templateId) {
      await checkWhatsappTemplate(db, businessId, v.templateId, `${at}.templateId`);
    }
    if (v.subject) {
      await checkEmailVariables(db, businessId, { subject: v.subject, preheader: "", blocks: [] }, at);
    }
    variants.push(out);
  }
  return { variants, testPercent: input.testPercent, metric: input.metric, waitHours: input.waitHours };
}

/** The email a recipient of `variant` gets: the variant's template or subject over the campaign's email. */
export function emailForVariant(
  campaign: { email: unknown; abTest: unknown },
  variant: number | null,
): unknown {
  const ab = campaign.abTest as StoredAbTest | null;
  const v = variant === null ? undefined : ab?.variants[variant];
  const base = (v?.email ?? campaign.email) as EmailContent | null;
  if (!base) return null;
  return v?.subject ? { ...base, subject: v.subject } : base;
}

/** The WhatsApp template a recipient of `variant` gets. */
export function whatsappTemplateForVariant(
  campaign: { whatsapp: unknown; abTest: unknown },
  variant: number | null,
): string {
  const ab = campaign.abTest as StoredAbTest | null;
  const v = variant === null ? undefined : ab?.variants[variant];
  return v?.templateId ?? (campaign.whatsapp as { templateId?: string } | null)?.templateId ?? "";
}

/**
 * Starts a campaign's A/B test once: a random `testPercent` of its queued recipients (at least one per
 * variant) get variants 0…n-1 in turn, the others become `held`. Output: whether it split (false when
 * the campaign has no test or it was split before).
 */
export async function splitAbTest(
  db: DbOrTx,
  ids: { businessId: string; campaignId: string },
): Promise<boolean> {
  const where = and(eq(campaigns.id, ids.campaignId), eq(campaigns.businessId, ids.businessId));
  const [campaign] = await db.select({ abTest: campaigns.abTest }).from(campaigns).where(where);
  const ab = campaign?.abTest as StoredAbTest | null | undefined;
  if (!ab || ab.phase) return false;
  const n = ab.variants.length;
  await db.execute(sql`with picked as (
      select id, row_number() over (order by random()) - 1 as rn, count(*) over () as total
      from campaign_recipients
      where business_id = ${ids.businessId} and campaign_id = ${ids.campaignId} and status = 'queued'
    )
    update campaign_recipients r set
      variant = case when p.rn < greatest(${n}, ceil(p.total * ${ab.testPercent} / 100.0)) then (p.rn % ${n})::smallint end,
      status = (case when p.rn < greatest(${n}, ceil(p.total * ${ab.testPercent} / 100.0)) then 'queued' else 'held' end)::recipient_status
    from picked p where r.id = p.id`);
  await db
    .update(campaigns)
    .set({
      abTest: { ...ab, phase: "testing", testStartedAt: new Date().toISOString() } as Record<string, unknown>,
      updatedAt: new Date(),
    })
    .where(where);
  return true;
}

type VariantResult = {
  variant: number;
  label: string;
  sent: number;
  opened: number;
  clicked: number;
  rate: number;
};

/** Each variant's sent, opened (or read), clicked and rate of the test's metric. */
async function variantResults(
  db: DbOrTx,
  ids: { businessId: string; campaignId: string },
  ab: StoredAbTest,
): Promise<VariantResult[]> {
  const rows = await execRows<{ variant: number; sent: number; opened: number; clicked: number }>(
    db,
    sql`select variant::int as variant, count(sent_at)::int as sent,
        count(coalesce(opened_at, read_at))::int as opened, count(clicked_at)::int as clicked
      from campaign_recipients
      where business_id = ${ids.businessId} and campaign_id = ${ids.campaignId} and variant is not null
      group by variant`,
  );
  return ab.variants.map((v, i) => {
    const r = rows.find((x) => x.variant === i) ?? { sent: 0, opened: 0, clicked: 0 };
    const hits = ab.metric === "click" ? r.clicked : r.opened;
    return {
      variant: i,
      label: v.subject ?? `Variant ${String.fromCharCode(65 + i)}`,
      sent: r.sent,
      opened: r.opened,
      clicked: r.clicked,
      rate: r.sent > 0 ? hits / r.sent : 0,
    };
  });
}

/**
 * Picks the winner of a campaign's running A/B test (best rate of its metric, ties to the earlier
 * variant) and queues the held recipients with it. Idempotent: a test already decided picks nothing.
 * Output: the winner and how many were queued per channel (for the send function's fan-out).
 */
export async function pickAbWinner(
  db: DbOrTx,
  ids: { businessId: string; campaignId: string },
): Promise<{ winner: number | null; email: number; whatsapp: number }> {
  const where = and(eq(campaigns.id, ids.campaignId), eq(campaigns.businessId, ids.businessId));
  const [campaign] = await db.select({ abTest: campaigns.abTest }).from(campaigns).where(where);
  const ab = campaign?.abTest as StoredAbTest | null | undefined;
  if (ab?.phase !== "testing") return { winner: ab?.winner ?? null, email: 0, whatsapp: 0 };
  const results = await variantResults(db, ids, ab);
  const winner = results.reduce((best, r) => (r.rate > best.rate ? r : best), results[0]!).variant;
  const queued = await execRows<{ channel: "email" | "whatsapp"; n: number }>(
    db,
    sql`with q as (
        update campaign_recipients set status = 'queued', variant = ${winner}
        where business_id = ${ids.businessId} and campaign_id = ${ids.campaignId} and status = 'held'
        returning channel
      ) select channel, count(*)::int as n from q group by channel`,
  );
  await db
    .update(campaigns)
    .set({
      abTest: { ...ab, phase: "decided", winner, decidedAt: new Date().toISOString(), results } as Record<
        string,
        unknown
      >,
      updatedAt: new Date(),
    })
    .where(where);
  return {
    winner,
    email: queued.find((q) => q.channel === "email")?.n ?? 0,
    whatsapp: queued.find((q) => q.channel === "whatsapp")?.n ?? 0,
  };
}

/** The A/B test's results for the report. Errors: NOT_FOUND. */
export async function abResults(db: DbOrTx, businessId: string, campaignId: string) {
  const [campaign] = await db
    .select({ abTest: campaigns.abTest })
    .from(campaigns)
    .where(and(eq(campaigns.id, campaignId), eq(campaigns.businessId, businessId)));
  if (!campaign) throw new AppError("NOT_FOUND", "No such campaign in this business.");
  const ab = campaign.abTest as StoredAbTest | null;
  if (!ab) return null;
  return {
    phase: ab.phase ?? ("draft" as const),
    metric: ab.metric,
    winner: ab.winner ?? null,
    // Once decided, the test's own figures (the rest went out with the winner afterwards).
    variants: ab.results ?? (await variantResults(db, { businessId, campaignId }, ab)),
  };
}
