import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { businesses, invoicePayments, invoices } from "@/db/schema";
import type { paymentMethods } from "@/db/schema/enum-values";
import { AppError } from "@/server/errors";
import { recordActivities } from "@/server/services/activities";
import { recordInvoicePurchase } from "@/server/services/purchases/totals";
import { dueOf, type InvoiceOutput, invoiceRow, todayIn, toOutput } from "./documents";

export interface PaymentInput {
  invoiceId: string;
  /** Minor units, > 0. */
  amount: number;
  /** ISO 4217; must be the invoice's. Defaults to it. */
  currency?: string;
  method: (typeof paymentMethods)[number];
  /** `YYYY-MM-DD`; defaults to today in the business's time zone. */
  paidOn?: string;
  reference?: string | null;
  /** "stripe" | "razorpay" with their payment id: recorded once however often the event comes. */
  provider?: string | null;
  providerPaymentId?: string | null;
}

/**
 * Records a payment of an issued invoice, atomically (the invoice row locked): `amount_paid` goes up and
 * the status becomes `partially_paid` or `paid`; it never moves back (a paid invoice stays paid). A
 * provider payment (`provider` + `providerPaymentId`) is recorded once: the same id again changes nothing
 * (`changed: false`), nor does a provider payment arriving after the invoice is paid or void. The
 * customer's timeline records it. Output: the invoice and whether it changed.
 * Errors: NOT_FOUND; CONFLICT for a draft, a void or paid invoice, or a quote (manual payments);
 * VALIDATION on `currency` (not the invoice's) or `amount` (more than is due, for manual payments).
 */
export async function recordPayment(
  db: Db,
  actor: { businessId: string; userId: string | null },
  input: PaymentInput,
): Promise<{ invoice: InvoiceOutput; changed: boolean }> {
  const [business] = await db
    .select({ timeZone: businesses.timeZone })
    .from(businesses)
    .where(eq(businesses.id, actor.businessId))
    .limit(1);
  const today = todayIn(business?.timeZone ?? "UTC");
  const fromProvider = !!(input.provider && input.providerPaymentId);
  return db.transaction(async (tx) => {
    const row = await invoiceRow(tx, actor.businessId, input.invoiceId, true);
    if (input.currency && input.currency !== row.currency)
      throw new AppError("VALIDATION", `This invoice is in ${row.currency}.`, {
        currency: `The payment must be in ${row.currency}.`,
      });
    const open = row.kind === "invoice" && (row.status === "issued" || row.status === "partially_paid");
    if (!open) {
      if (fromProvider) return { invoice: toOutput(row, today), changed: false };
      throw new AppError(
        "CONFLICT",
        row.status === "draft"
          ? "Issue the invoice before recording a payment."
          : row.status === "paid"
            ? "This invoice is already paid."
            : "Payments are recorded on issued invoices only.",
      );
    }
    const due = dueOf(row);
    if (!fromProvider && input.amount > due)
      throw new AppError("VALIDATION", "That is more than is due on this invoice.", {
        amount: `At most ${due} is due.`,
      });
    const inserted = await tx
      .insert(invoicePayments)
      .values({
        businessId: actor.businessId,
        invoiceId: row.id,
        amount: input.amount,
        currency: row.currency,
        method: input.method,
        paidOn: input.paidOn ?? today,
        reference: input.reference ?? null,
        provider: input.provider ?? null,
        providerPaymentId: input.providerPaymentId ?? null,
        recordedBy: actor.userId,
      })
      .onConflictDoNothing()
      .returning({ id: invoicePayments.id });
    if (inserted.length === 0) return { invoice: toOutput(row, today), changed: false };
    const paid = row.amountPaid + input.amount;
    const [updated] = await tx
      .update(invoices)
      .set({
        amountPaid: sql`${invoices.amountPaid} + ${input.amount}`,
        status: paid + row.amountCredited >= row.total ? "paid" : "partially_paid",
        updatedAt: new Date(),
      })
      .where(and(eq(invoices.businessId, actor.businessId), eq(invoices.id, row.id)))
      .returning();
    await recordInvoicePurchase(tx, updated!);
    if (row.customerId)
      await recordActivities(tx, [
        {
          businessId: actor.businessId,
          customerId: row.customerId,
          type: "payment_received",
          actorUserId: actor.userId,
          data: {
            invoiceId: row.id,
            number: row.number,
            amount: input.amount,
            currency: row.currency,
            method: input.method,
          },
        },
      ]);
    return { invoice: toOutput(updated!, today), changed: true };
  });
}

/** The payments of an invoice, newest first. Errors: NOT_FOUND. */
export async function listPayments(db: Db, businessId: string, invoiceId: string) {
  await invoiceRow(db, businessId, invoiceId);
  return db
    .select()
    .from(invoicePayments)
    .where(and(eq(invoicePayments.businessId, businessId), eq(invoicePayments.invoiceId, invoiceId)))
    .orderBy(desc(invoicePayments.createdAt));
}
