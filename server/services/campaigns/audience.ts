import { and, eq, type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { execRows } from "@/db/client";
import { type CampaignAudience, messagingSettings, segments } from "@/db/schema";
import type { CampaignChannel, ExclusionReason } from "@/server/domain/campaigns";
import { AppError } from "@/server/errors";
import { segmentCustomersWhere } from "@/server/services/segments";

/*
 * Who a campaign reaches, in SQL: the audience's WHERE (the segment compiler), then per customer the
 * channel, the address and the reason it is excluded, if any. The review counts and the materialising
 * INSERT … SELECT use the same expressions, so what the review shows is what is sent.
 */

/** The audience as segment rules (a segment's rules, tags as `has_any`, everyone as no condition). */
export async function audienceRules(
  db: DbOrTx,
  businessId: string,
  audience: CampaignAudience,
): Promise<unknown> {
  switch (audience.type) {
    case "rules":
      return audience.rules;
    case "tags":
      return { match: "all", conditions: [{ field: "tags", op: "has_any", value: audience.tags }] };
    case "everyone":
      return { match: "all", conditions: [] };
    case "segment": {
      const [row] = await db
        .select({ rules: segments.rules })
        .from(segments)
        .where(and(eq(segments.id, audience.segmentId), eq(segments.businessId, businessId)));
      if (!row) {
        throw new AppError("NOT_FOUND", "No such segment in this business.", {
          "audience.segmentId": "No such segment.",
        });
      }
      return row.rules;
    }
  }
}

/**
 * The WHERE of the audience's live customers (tenancy, not deleted, the rules).
 * Errors: NOT_FOUND (field `audience.segmentId`) for a segment not in the business; VALIDATION at
 * `audience.rules.<path>`.
 */
export async function audienceWhere(
  db: DbOrTx,
  businessId: string,
  audience: CampaignAudience,
): Promise<SQL> {
  const rules = await audienceRules(db, businessId, audience);
  try {
    return await segmentCustomersWhere(db, businessId, rules);
  } catch (e) {
    if (e instanceof AppError && e.fieldErrors && audience.type !== "segment") {
      const prefixed = Object.fromEntries(
        Object.entries(e.fieldErrors).map(([k, v]) => [`audience.${k}`, v]),
      );
      throw new AppError("VALIDATION", e.message, prefixed);
    }
    throw e;
  }
}

/**
 * The business's sending rules from its messaging settings, in one read: whether email needs granted
 * consent, and its Meta messaging limit (unique users per 24 h; null when unlimited or unknown).
 */
export async function sendingRules(
  db: DbOrTx,
  businessId: string,
): Promise<{ emailRequiresOptIn: boolean; whatsappMessagingLimit: number | null }> {
  const [row] = await db
    .select({
      emailRequiresOptIn: messagingSettings.emailRequiresOptIn,
      whatsappMessagingLimit: messagingSettings.whatsappMessagingLimit,
    })
    .from(messagingSettings)
    .where(eq(messagingSettings.businessId, businessId));
  return row ?? { emailRequiresOptIn: false, whatsappMessagingLimit: null };
}

const emailAddr = sql`nullif(lower(btrim(customers.email)), '')`;
const whatsappAddr = sql`coalesce(nullif(customers.whatsapp, ''), nullif(customers.phone, ''))`;

function emailReason(requiresOptIn: boolean): SQL {
  return sql`case when ${emailAddr} is null then 'no_address'
    when customers.email_consent = false then 'consent_denied'
    when ${requiresOptIn} and customers.email_consent is not true then 'no_email_opt_in' end`;
}

const whatsappReason = sql`case when ${whatsappAddr} is null then 'no_address'
  when customers.whatsapp_consent = false then 'consent_denied'
  when customers.whatsapp_consent is not true then 'no_whatsapp_opt_in' end`;

/**
 * Per customer: `channel`, `address` and `reason` (null when reachable) for the campaign's channel.
 * Rules: an email needs an address and consent not denied (granted when the business requires opt-in);
 * WhatsApp needs a number (WhatsApp, else phone) and granted consent (Meta requires opt-in); the
 * fallback channel sends WhatsApp where it may and email to the others.
 */
function reachability(channel: CampaignChannel, requiresOptIn: boolean): SQL {
  if (channel === "email") {
    return sql`'email' as channel, ${emailAddr} as address, ${emailReason(requiresOptIn)} as reason`;
  }
  if (channel === "whatsapp") {
    return sql`'whatsapp' as channel, ${whatsappAddr} as address, ${whatsappReason} as reason`;
  }
  const waOk = sql`(${whatsappReason}) is null`;
  return sql`case when ${waOk} then 'whatsapp' else 'email' end as channel,
    case when ${waOk} then ${whatsappAddr} else ${emailAddr} end as address,
    case when ${waOk} then null when ${emailAddr} is not null then ${emailReason(requiresOptIn)}
      else ${whatsappReason} end as reason`;
}

/**
 * The audience with channel, address and final exclusion reason per customer, as a subquery
 * (`customer_id, created_at, channel, address, reason`). Of customers sharing a reachable address on a
 * channel, the earliest created is kept and the others are `duplicate_address`.
 */
export function audienceRowsSql(where: SQL, channel: CampaignChannel, requiresOptIn: boolean): SQL {
  return sql`select x.customer_id, x.channel, x.address,
      case when x.reason is null and row_number() over (
        partition by x.reason is null, x.channel, x.address order by x.created_at, x.customer_id
      ) > 1 then 'duplicate_address' else x.reason end as reason
    from (
      select customers.id as customer_id, customers.created_at, ${reachability(channel, requiresOptIn)}
      from customers where ${where}
    ) x`;
}

/** The review's counts: reachable per channel and excluded per reason. */
export interface AudienceCounts {
  /** Customers in the audience. */
  audience: number;
  /** Customers who will get a message, by channel. */
  reachable: { email: number; whatsapp: number };
  excluded: Record<ExclusionReason, number>;
}

/** Counts the audience as the review shows it (one statement over the same expressions as sending). */
export async function countAudience(
  db: DbOrTx,
  where: SQL,
  channel: CampaignChannel,
  requiresOptIn: boolean,
): Promise<AudienceCounts> {
  const rows = await execRows<{ channel: string; reason: string | null; n: number }>(
    db,
    sql`select channel, reason, count(*)::int as n from (${audienceRowsSql(where, channel, requiresOptIn)}) r
      group by channel, reason`,
  );
  const counts: AudienceCounts = {
    audience: 0,
    reachable: { email: 0, whatsapp: 0 },
    excluded: {
      no_address: 0,
      consent_denied: 0,
      no_whatsapp_opt_in: 0,
      no_email_opt_in: 0,
      duplicate_address: 0,
    },
  };
  for (const r of rows) {
    counts.audience += r.n;
    if (r.reason === null) counts.reachable[r.channel as "email" | "whatsapp"] += r.n;
    else counts.excluded[r.reason as ExclusionReason] += r.n;
  }
  return counts;
}

/**
 * Materialises a campaign's recipients in one `INSERT … SELECT`: one row per (campaign, customer,
 * channel), `queued` or `excluded` with the reason; a row that exists already is kept (ON CONFLICT DO
 * NOTHING), so running it twice adds nothing. Rows go in in customer id order, the order of the table's
 * unique key and customer index, so each index page is filled once in turn instead of being revisited
 * at random for every row. Output: rows inserted.
 */
export async function materializeRecipients(
  db: DbOrTx,
  args: {
    businessId: string;
    campaignId: string;
    where: SQL;
    channel: CampaignChannel;
    requiresOptIn: boolean;
  },
): Promise<number> {
  const rows = await execRows<{ n: number }>(
    db,
    sql`with ins as (
      insert into campaign_recipients (business_id, campaign_id, customer_id, channel, address, status, exclusion_reason)
      select ${args.businessId}::uuid, ${args.campaignId}::uuid, r.customer_id, r.channel::message_channel, r.address,
        (case when r.reason is null then 'queued' else 'excluded' end)::recipient_status, r.reason
      from (${audienceRowsSql(args.where, args.channel, args.requiresOptIn)}) r
      order by r.customer_id
      on conflict do nothing
      returning 1
    ) select count(*)::int as n from ins`,
  );
  return rows[0]?.n ?? 0;
}
