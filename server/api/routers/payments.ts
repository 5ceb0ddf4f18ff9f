import { createTRPCRouter, requirePermission } from "@/server/api/trpc";
import { updatePaymentAccountInput } from "@/server/domain/payments";
import * as payments from "@/server/services/payments";

/**
 * Online payments of invoices: the business's Stripe and Razorpay keys (owners and admins:
 * `invoices.manage`). Secrets are write-only: the answers show them masked (`••••abcd`).
 */
export const paymentsRouter = createTRPCRouter({
  /** Both provider accounts: configured or not, masked keys, the webhook address to give the provider. */
  accounts: requirePermission("invoices.manage").query(({ ctx }) =>
    payments.getPaymentAccounts(ctx.db, ctx.businessId),
  ),
  /** Saves one provider's keys: a value replaces, "" clears, absent keeps. Errors: VALIDATION at the field. */
  updateAccount: requirePermission("invoices.manage")
    .input(updatePaymentAccountInput)
    .mutation(({ ctx, input }) => {
      const { businessId: _, ...fields } = input as typeof input & { businessId?: string };
      return payments.updatePaymentAccount(ctx.db, ctx.businessId, fields);
    }),
});
