import { and, eq, ne, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { invoicePayments, paymentRefunds } from "@/db/schema";
import type { LineInput } from "@/server/domain/invoices";
import { formatMoney } from "@/server/domain/money";
import { AppError } from "@/server/errors";
import { logger } from "@/server/logger";
import { createRazorpayRefund } from "@/server/payments/razorpay";
import { createStripeRefund } from "@/server/payments/stripe";
import {
  computed,
  createCreditNote,
  getInvoiceSettings,
  invoiceRow,
  issueInvoice,
} from "@/server/services/invoices";
import { loadPaymentAccount } from "./accounts";

export interface RefundInput {
  invoiceId: string;
  /** The `invoice_payments` id of an online payment. */
  paymentId: string;
  /** Minor units; default all that is left of the payment. */
  amount?: number;
  reason?: string | null;
}

export interface RefundOutput {
  id: string;
  amount: number;
  currency: string;
  provider: string;
  providerRefundId: string | null;
  status: "pending" | "succeeded" | "failed";
  creditNoteId: string | null;
}

/** A sentence from a provider's error (Stripe's `message`, Razorpay's `error.description`). */
function providerMessage(e: unknown): string {
  const x = e as { message?: unknown; error?: { description?: unknown } } | null;
  if (x?.error && typeof x.error.description === "string") return x.error.description;
  if (x && typeof x.message === "string") return x.message;
  return String(e);
}

/**
 * Refunds an online payment (Stripe or Razorpay) of an invoice through its provider, in full or in
 * part, and issues a credit note against the invoice for the amount, so the books agree: the invoice's
 * credited amount goes up and the customer's purchase down. The refund is recorded before the provider
 * is called and its id is the idempotency key (Stripe `Idempotency-Key`; Razorpay `receipt`), so a retry
 * never refunds twice; a refusal is recorded with the provider's reason and nothing else changes.
 * The credit note's line carries the invoice's first tax rate, prices including tax, when that gives
 * exactly the refunded amount; otherwise it is one untaxed line.
 * Output: the refund. Errors: NOT_FOUND; CONFLICT for a manual payment (refund it by hand and issue a
 * credit note) or a provider that is no longer connected; VALIDATION on `amount` (more than is left of
 * the payment, or to credit on the invoice); BAD_REQUEST with the provider's reason when it refused.
 */
export async function refundPayment(
  db: Db,
  actor: { businessId: string; userId: string | null },
  input: RefundInput,
): Promise<RefundOutput> {
  const invoice = await invoiceRow(db, actor.businessId, input.invoiceId);
  const [payment] = await db
    .select()
    .from(invoicePayments)
    .where(
      and(
        eq(invoicePayments.businessId, actor.businessId),
        eq(invoicePayments.invoiceId, invoice.id),
        eq(invoicePayments.id, input.paymentId),
      ),
    )
    .limit(1);
  if (!payment) throw new AppError("NOT_FOUND", "No such payment on this invoice.");
  const provider = payment.provider;
  if ((provider !== "stripe" && provider !== "razorpay") || !payment.providerPaymentId)
    throw new AppError(
      "CONFLICT",
      "This payment was recorded by hand: give the money back yourself and issue a credit note.",
    );
  const [{ refunded } = { refunded: 0 }] = await db
    .select({ refunded: sql<number>`coalesce(sum(${paymentRefunds.amount}), 0)::bigint` })
    .from(paymentRefunds)
    .where(and(eq(paymentRefunds.paymentId, payment.id), ne(paymentRefunds.status, "failed")));
  const left = Math.min(payment.amount - Number(refunded), invoice.total - invoice.amountCredited);
  const amount = input.amount ?? left;
  if (!Number.isInteger(amount) || amount <= 0 || amount > left)
    throw new AppError("VALIDATION", `At most ${formatMoney(left, payment.currency)} can be refunded.`, {
      amount: `At most ${formatMoney(left, payment.currency)} is left to refund.`,
    });
  const account = await loadPaymentAccount(db, actor.businessId, provider);
  if (!account)
    throw new AppError(
      "CONFLICT",
      `${provider === "stripe" ? "Stripe" : "Razorpay"} is no longer connected.`,
    );

  const [refund] = await db
    .insert(paymentRefunds)
    .values({
      businessId: actor.businessId,
      invoiceId: invoice.id,
      paymentId: payment.id,
      amount,
      currency: payment.currency,
      provider,
      reason: input.reason ?? null,
      createdBy: actor.userId,
    })
    .returning();
  const notes = { invoiceId: invoice.id, refundId: refund!.id };
  let result: { id: string; status: "succeeded" | "pending" };
  try {
    result =
      provider === "stripe"
        ? await createStripeRefund(account.secretKey, {
            paymentIntent: payment.providerPaymentId,
            amount,
            idempotencyKey: refund!.id,
            metadata: notes,
          })
        : await createRazorpayRefund(account.keyId ?? "", account.secretKey, {
            paymentId: payment.providerPaymentId,
            amount,
            receipt: refund!.id,
            notes,
          });
  } catch (e) {
    const message = providerMessage(e);
    await db
      .update(paymentRefunds)
      .set({ status: "failed", error: message.slice(0, 1_000) })
      .where(eq(paymentRefunds.id, refund!.id));
    logger.warn({ err: e, refundId: refund!.id, provider }, "refund refused");
    throw new AppError(
      "BAD_REQUEST",
      `${provider === "stripe" ? "Stripe" : "Razorpay"} refused the refund: ${message}`,
    );
  }
  await db
    .update(paymentRefunds)
    .set({ status: result.status, providerRefundId: result.id })
    .where(eq(paymentRefunds.id, refund!.id));

  // The credit note that matches it: the invoice's first tax rate, prices including tax, when exact.
  const label = `Refund of ${provider === "stripe" ? "Stripe" : "Razorpay"} payment ${payment.providerPaymentId}`;
  const firstTaxes = ((invoice.lineInputs as LineInput[])[0]?.taxes ?? []).slice(0, 2);
  const taxed: LineInput = { description: label, quantity: "1", unitPrice: amount, taxes: firstTaxes };
  const { stateCode } = await getInvoiceSettings(db, actor.businessId);
  const exact =
    computed(
      {
        currency: invoice.currency,
        pricesIncludeTax: true,
        roundTotal: false,
        discount: null,
        placeOfSupply: invoice.placeOfSupply,
        amountPaid: 0,
      },
      [taxed],
      invoice.placeOfSupply ? stateCode : null,
    ).total === amount;
  const draft = await createCreditNote(db, actor, invoice.id, {
    lines: [exact ? taxed : { ...taxed, taxes: [] }],
    pricesIncludeTax: true,
    notes: input.reason ? `Refund: ${input.reason}` : `Refund of ${formatMoney(amount, payment.currency)}.`,
  });
  const issued = await issueInvoice(db, actor, draft.id);
  await db.update(paymentRefunds).set({ creditNoteId: issued.id }).where(eq(paymentRefunds.id, refund!.id));
  return {
    id: refund!.id,
    amount,
    currency: payment.currency,
    provider,
    providerRefundId: result.id,
    status: result.status,
    creditNoteId: issued.id,
  };
}
