import { and, desc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { campaigns, consentEvents } from "@/db/schema";
import { assertCustomer } from "@/server/services/customers/assert";
import type { ConsentChannel, ConsentSource } from "./index";

/** One entry of a customer's consent ledger, as the customer page shows it. */
export interface ConsentHistoryEntry {
  id: string;
  channel: ConsentChannel;
  granted: boolean;
  source: ConsentSource | string;
  /** The campaign the change came from (an unsubscribe link, a complaint), when there was one. */
  campaignId: string | null;
  campaignName: string | null;
  occurredAt: Date;
}

/** Most ledger entries returned by `listConsentHistory`. */
export const CONSENT_HISTORY_MAX = 100;

/**
 * A customer's consent ledger, newest first (up to `limit`, default and max 100), over the index
 * `consent_events_business_id_customer_id_occurred_at_idx`, with the campaign's name when the change
 * came from one. Trashed customers keep their history.
 * Errors: NOT_FOUND when the customer is not this business's.
 */
export async function listConsentHistory(
  db: DbOrTx,
  businessId: string,
  customerId: string,
  opts: { limit?: number } = {},
): Promise<ConsentHistoryEntry[]> {
  await assertCustomer(db, businessId, customerId, { includeTrashed: true });
  const limit = Math.min(Math.max(opts.limit ?? CONSENT_HISTORY_MAX, 1), CONSENT_HISTORY_MAX);
  return db
    .select({
      id: consentEvents.id,
      channel: consentEvents.channel,
      granted: consentEvents.granted,
      source: consentEvents.source,
      campaignId: consentEvents.campaignId,
      campaignName: campaigns.name,
      occurredAt: consentEvents.occurredAt,
    })
    .from(consentEvents)
    .leftJoin(
      campaigns,
      and(eq(campaigns.id, consentEvents.campaignId), eq(campaigns.businessId, consentEvents.businessId)),
    )
    .where(and(eq(consentEvents.businessId, businessId), eq(consentEvents.customerId, customerId)))
    .orderBy(desc(consentEvents.occurredAt), desc(consentEvents.id))
    .limit(limit);
}
