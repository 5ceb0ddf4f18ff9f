import { randomUUID } from "node:crypto";
import { and, desc, eq, gt } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { customers, type PaymentProvider, paymentCheckouts } from "@/db/schema";
import { env } from "@/server/env";
import { AppError } from "@/server/errors";
import { logger } from "@/server/logger";
import { createRazorpayLink } from "@/server/payments/razorpay";
import { createStripeCheckout } from "@/server/payments/stripe";
import { dueOf, findInvoiceByPublicToken, invoiceRow } from "@/server/services/invoices";
import { loadPaymentAccount } from "./accounts";

/** A checkout made less than this long ago, for the same amount, is offered again instead of a new one. */
const REUSE_WITHIN_MS = 20 * 60 * 60 * 1000;

/**
 * Starts paying an invoice online from its public page (`token`): a Stripe Checkout Session or a Razorpay
 * Payment Link for the amount due now, in the invoice's currency, recorded in `payment_checkouts` so the
 * provider's webhook finds the invoice and the amount it expects. Pressing Pay again within 20 hours
 * (same amount due) returns the same checkout. Output: the provider's hosted page to send the customer
 * to. Errors: NOT_FOUND (unknown token, or the business does not take this provider); CONFLICT (nothing
 * is due: paid, void, or not an invoice); UNAVAILABLE when the provider refuses or cannot be reached.
 */
export async function startCheckout(
  db: DbOrTx,
  token: string,
  provider: PaymentProvider,
): Promise<{ url: string }> {
  const found = await findInvoiceByPublicToken(db, token);
  if (!found) throw new AppError("NOT_FOUND", "No such invoice.");
  const { businessId, invoiceId } = found;
  const row = await invoiceRow(db, businessId, invoiceId);
  const due = dueOf(row);
  if (row.kind !== "invoice" || (row.status !== "issued" && row.status !== "partially_paid") || due <= 0)
    throw new AppError(
      "CONFLICT",
      row.status === "paid" ? "This invoice is already paid." : "Nothing is due on this.",
    );
  const account = await loadPaymentAccount(db, businessId, provider);
  if (!account) throw new AppError("NOT_FOUND", "This business does not take that payment method.");

  const [recent] = await db
    .select({ url: paymentCheckouts.url })
    .from(paymentCheckouts)
    .where(
      and(
        eq(paymentCheckouts.invoiceId, invoiceId),
        eq(paymentCheckouts.provider, provider),
        eq(paymentCheckouts.status, "open"),
        eq(paymentCheckouts.amount, due),
        gt(paymentCheckouts.createdAt, new Date(Date.now() - REUSE_WITHIN_MS)),
      ),
    )
    .orderBy(desc(paymentCheckouts.createdAt))
    .limit(1);
  if (recent) return { url: recent.url };

  const pageUrl = new URL(`/i/${token}`, env.APP_URL).toString();
  const seller = row.seller?.name ?? "";
  const description = `Invoice ${row.number ?? ""}${seller ? ` from ${seller}` : ""}`.trim();
  const metadata = { invoice_id: invoiceId, business_id: businessId, invoice_number: row.number ?? "" };
  const [customer] = row.customerId
    ? await db
        .select({ name: customers.name, email: customers.email, phone: customers.phone })
        .from(customers)
        .where(and(eq(customers.businessId, businessId), eq(customers.id, row.customerId)))
        .limit(1)
    : [];
  const checkoutId = randomUUID();
  let made: { id: string; url: string };
  try {
    made =
      provider === "stripe"
        ? await createStripeCheckout(account.secretKey, {
            amount: due,
            currency: row.currency,
            description,
            customerEmail: customer?.email ?? null,
            successUrl: `${pageUrl}?paid=1`,
            cancelUrl: pageUrl,
            metadata,
            // The same invoice and amount paid so far: the same session, however often Pay is pressed.
            idempotencyKey: `invoice-checkout:${invoiceId}:${row.amountPaid}:${due}`,
          })
        : await createRazorpayLink(account.keyId ?? "", account.secretKey, {
            amount: due,
            currency: row.currency,
            description,
            referenceId: checkoutId.replaceAll("-", ""),
            customer: {
              ...(customer?.name ? { name: customer.name } : {}),
              ...(customer?.email ? { email: customer.email } : {}),
              ...(customer?.phone ? { contact: customer.phone } : {}),
            },
            callbackUrl: `${pageUrl}?paid=1`,
            notes: metadata,
          });
  } catch (e) {
    logger.warn({ err: e, provider, invoiceId }, "online checkout could not be started");
    throw new AppError("UNAVAILABLE", "The payment page could not be opened. Try again in a minute.");
  }
  await db
    .insert(paymentCheckouts)
    .values({
      id: checkoutId,
      businessId,
      invoiceId,
      provider,
      providerRef: made.id,
      amount: due,
      currency: row.currency,
      url: made.url,
    })
    .onConflictDoNothing();
  return { url: made.url };
}
