import { and, eq, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { businesses, campaignRecipients, campaigns, customers } from "@/db/schema";
import { AppError } from "@/server/errors";
import {
  readUnsubscribeToken,
  type UnsubscribeChannel,
  type UnsubscribeTokenPayload,
} from "@/server/messaging/unsubscribe";
import { recordConsent } from "@/server/services/consent";

/*
 * What an unsubscribe link does (the token part is server/messaging/unsubscribe.ts). Everything here
 * is public: the token is the only credential, a token that does not verify is NOT_FOUND, and what is
 * shown about the person is masked.
 */

/** Where an unsubscribe came from: a mail client's RFC 8058 one-click POST, or the page's button. */
export type UnsubscribeSource = "one_click_unsubscribe" | "unsubscribe_page";

/** What the unsubscribe page shows. */
export interface UnsubscribeView {
  businessName: string;
  channel: UnsubscribeChannel;
  /** The address the messages went to, masked (`as•••@example.com`); null when unknown. */
  maskedAddress: string | null;
  /** Whether the customer currently refuses messages on this channel. */
  unsubscribed: boolean;
}

interface Resolved {
  businessId: string;
  businessName: string;
  customerId: string;
  channel: UnsubscribeChannel;
  campaignId: string | null;
  recipientId: number | null;
  address: string | null;
  consent: boolean | null;
}

const consentColumn = {
  email: customers.emailConsent,
  whatsapp: customers.whatsappConsent,
  sms: customers.smsConsent,
} as const;

/** `asha@example.com` → `as•••@example.com`; a phone keeps its last 3 digits. */
export function maskAddress(address: string | null): string | null {
  if (!address) return null;
  const at = address.lastIndexOf("@");
  if (at > 0) return `${address.slice(0, Math.min(2, at - 1) || 1)}•••${address.slice(at)}`;
  return address.length > 3 ? `•••${address.slice(-3)}` : "•••";
}

/** The recipient or customer a token names, with its business and current consent; null when gone. */
async function resolve(db: DbOrTx, target: UnsubscribeTokenPayload, lock = false): Promise<Resolved | null> {
  if (target.kind === "recipient") {
    const [row] = await db
      .select({
        businessId: campaignRecipients.businessId,
        customerId: campaignRecipients.customerId,
        channel: campaignRecipients.channel,
        campaignId: campaignRecipients.campaignId,
        address: campaignRecipients.address,
      })
      .from(campaignRecipients)
      .where(eq(campaignRecipients.id, target.recipientId))
      .limit(1);
    if (!row) return null;
    return withCustomer(db, { ...row, recipientId: target.recipientId }, lock);
  }
  // A campaign named in the token counts only while it exists in the same business.
  const [campaign] = target.campaignId
    ? await db
        .select({ id: campaigns.id })
        .from(campaigns)
        .where(and(eq(campaigns.id, target.campaignId), eq(campaigns.businessId, target.businessId)))
        .limit(1)
    : [];
  const [recipient] = campaign
    ? await db
        .select({ id: campaignRecipients.id, address: campaignRecipients.address })
        .from(campaignRecipients)
        .where(
          and(
            eq(campaignRecipients.businessId, target.businessId),
            eq(campaignRecipients.campaignId, campaign.id),
            eq(campaignRecipients.customerId, target.customerId),
            sql`${campaignRecipients.channel}::text = ${target.channel}`,
          ),
        )
        .limit(1)
    : [];
  return withCustomer(
    db,
    {
      businessId: target.businessId,
      customerId: target.customerId,
      channel: target.channel,
      campaignId: campaign?.id ?? null,
      recipientId: recipient?.id ?? null,
      address: recipient?.address ?? null,
    },
    lock,
  );
}

async function withCustomer(
  db: DbOrTx,
  base: Omit<Resolved, "businessName" | "consent">,
  lock: boolean,
): Promise<Resolved | null> {
  const query = db
    .select({
      businessName: businesses.name,
      email: customers.email,
      phone: customers.phone,
      consent: consentColumn[base.channel],
    })
    .from(customers)
    .innerJoin(businesses, eq(businesses.id, customers.businessId))
    .where(and(eq(customers.id, base.customerId), eq(customers.businessId, base.businessId)))
    .limit(1);
  // Two clicks at once (mail clients do POST twice) wait for each other on the customer's row.
  const [row] = lock ? await query.for("update", { of: customers }) : await query;
  if (!row) return null;
  const fallback = base.channel === "email" ? row.email : row.phone;
  return { ...base, businessName: row.businessName, address: base.address ?? fallback, consent: row.consent };
}

async function resolveToken(db: DbOrTx, token: string, lock = false): Promise<Resolved> {
  const target = readUnsubscribeToken(token);
  const resolved = target ? await resolve(db, target, lock) : null;
  if (!resolved) throw new AppError("NOT_FOUND", "This unsubscribe link is not valid.");
  return resolved;
}

/**
 * What the unsubscribe page shows for `token`: the business's name, the channel, the masked address
 * and whether the customer is unsubscribed now.
 * Errors: NOT_FOUND for a token that does not verify, or whose recipient or customer no longer exists.
 */
export async function describeUnsubscribe(db: DbOrTx, token: string): Promise<UnsubscribeView> {
  const r = await resolveToken(db, token);
  return {
    businessName: r.businessName,
    channel: r.channel,
    maskedAddress: maskAddress(r.address),
    unsubscribed: r.consent === false,
  };
}

/**
 * Unsubscribes whoever `token` names from its channel, in one transaction: a consent ledger entry
 * (denied, `source`, the campaign, `data` such as the user agent) through `recordConsent`, which also
 * sets the customer's consent fields and writes the timeline; and `campaign_recipients.unsubscribed_at`
 * stamped (first time only) on the campaign's recipient row. Idempotent: when the customer already
 * refuses the channel nothing new is recorded (the recipient row is still stamped) and the answer is
 * the same success. Campaigns exclude customers whose consent is denied when they materialise recipients.
 * Output: `{ businessName, changed }` (`changed` false for a repeat).
 * Errors: NOT_FOUND as `describeUnsubscribe`.
 */
export async function unsubscribe(
  db: Db,
  token: string,
  opts: { source: UnsubscribeSource; data?: Record<string, unknown>; now?: Date },
): Promise<{ businessName: string; changed: boolean }> {
  return db.transaction(async (tx) => {
    const r = await resolveToken(tx, token, true);
    const at = opts.now ?? new Date();
    let changed = false;
    if (r.consent !== false) {
      changed = await recordConsent(tx, {
        businessId: r.businessId,
        customerId: r.customerId,
        channel: r.channel,
        granted: false,
        source: opts.source,
        campaignId: r.campaignId,
        data: opts.data,
        occurredAt: at,
      });
    }
    if (r.recipientId !== null) {
      await tx
        .update(campaignRecipients)
        .set({
          unsubscribedAt: sql`coalesce(${campaignRecipients.unsubscribedAt}, ${at.toISOString()}::timestamptz)`,
        })
        .where(
          and(eq(campaignRecipients.id, r.recipientId), eq(campaignRecipients.businessId, r.businessId)),
        );
    }
    return { businessName: r.businessName, changed };
  });
}

/**
 * Undoes an unsubscribe from the page ("I changed my mind"): consent granted again on the channel,
 * source `unsubscribe_page`, through `recordConsent`. Idempotent: nothing is recorded unless the
 * customer currently refuses the channel. Output: `{ businessName, changed }`.
 * Errors: NOT_FOUND as `describeUnsubscribe`.
 */
export async function resubscribe(
  db: Db,
  token: string,
  opts: { data?: Record<string, unknown>; now?: Date } = {},
): Promise<{ businessName: string; changed: boolean }> {
  return db.transaction(async (tx) => {
    const r = await resolveToken(tx, token, true);
    const changed =
      r.consent === false &&
      (await recordConsent(tx, {
        businessId: r.businessId,
        customerId: r.customerId,
        channel: r.channel,
        granted: true,
        source: "unsubscribe_page",
        campaignId: r.campaignId,
        data: opts.data,
        occurredAt: opts.now,
      }));
    return { businessName: r.businessName, changed };
  });
}
