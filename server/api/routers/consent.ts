import { z } from "zod";
import { consentChannels } from "@/db/schema/enum-values";
import { createTRPCRouter, requirePermission } from "@/server/api/trpc";
import { CONSENT_HISTORY_MAX, listConsentHistory } from "@/server/services/consent/history";

const consentHistoryEntry = z.object({
  id: z.uuid(),
  channel: z.enum(consentChannels),
  granted: z.boolean(),
  source: z.string(),
  campaignId: z.uuid().nullable(),
  campaignName: z.string().nullable(),
  occurredAt: z.date(),
});

/** The consent ledger: who agreed to or refused messages on which channel, when, and how. */
export const consentRouter = createTRPCRouter({
  /** A customer's consent changes, newest first (up to 100): channel, granted or refused, source, campaign. */
  history: requirePermission("customers.read")
    .input(
      z.object({
        businessId: z.uuid().optional(),
        customerId: z.uuid(),
        limit: z.number().int().min(1).max(CONSENT_HISTORY_MAX).optional(),
      }),
    )
    .output(z.object({ data: z.array(consentHistoryEntry) }))
    .query(async ({ ctx, input }) => ({
      data: await listConsentHistory(ctx.db, ctx.businessId, input.customerId, { limit: input.limit }),
    })),
});
