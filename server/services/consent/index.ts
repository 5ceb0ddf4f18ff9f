import { and, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { consentEvents, customers } from "@/db/schema";
import { recordActivities } from "@/server/services/activities";

export type ConsentChannel = "email" | "whatsapp" | "sms";

/** Where a consent change came from, stored on the ledger entry and shown on the timeline. */
export type ConsentSource =
  | "unsubscribe_page"
  | "one_click_unsubscribe"
  | "whatsapp_opt_out"
  | "email_complaint"
  | "member"
  | "import"
  | "lead_form"
  | "api";

export interface ConsentChange {
  businessId: string;
  customerId: string;
  channel: ConsentChannel;
  granted: boolean;
  source: ConsentSource;
  campaignId?: string | null;
  /** The member who made the change, when one did. */
  actorUserId?: string | null;
  /** Extra details (e.g. the inbound word, the user agent of the unsubscribe). */
  data?: Record<string, unknown>;
  occurredAt?: Date;
}

const consentColumns = {
  email: { value: "emailConsent", at: "emailConsentAt", source: "emailConsentSource" },
  whatsapp: { value: "whatsappConsent", at: "whatsappConsentAt", source: "whatsappConsentSource" },
  sms: { value: "smsConsent", at: "smsConsentAt", source: "smsConsentSource" },
} as const;

/**
 * Records a consent grant or withdrawal: one entry in the consent ledger (`consent_events`), the
 * customer's consent fields for that channel set to follow it, and a `consent_changed` entry on the
 * timeline. Run it inside the caller's transaction when it is part of a larger change.
 * A customer that is not in `businessId` (or is deleted) is left alone and `false` is returned.
 * Output: whether the change was recorded.
 */
export async function recordConsent(db: DbOrTx, change: ConsentChange): Promise<boolean> {
  const at = change.occurredAt ?? new Date();
  const cols = consentColumns[change.channel];
  const [updated] = await db
    .update(customers)
    .set({ [cols.value]: change.granted, [cols.at]: at, [cols.source]: change.source })
    .where(
      and(
        eq(customers.id, change.customerId),
        eq(customers.businessId, change.businessId),
        isNull(customers.deletedAt),
      ),
    )
    .returning({ id: customers.id });
  if (!updated) return false;
  await db.insert(consentEvents).values({
    businessId: change.businessId,
    customerId: change.customerId,
    channel: change.channel,
    granted: change.granted,
    source: change.source,
    campaignId: change.campaignId ?? null,
    data: change.data ?? {},
    occurredAt: at,
  });
  await recordActivities(
    db,
    [
      {
        businessId: change.businessId,
        customerId: change.customerId,
        type: "consent_changed",
        actorUserId: change.actorUserId ?? null,
        data: {
          channel: change.channel,
          granted: change.granted,
          source: change.source,
          campaignId: change.campaignId ?? null,
        },
        createdAt: at,
      },
    ],
    { touch: false },
  );
  return true;
}
