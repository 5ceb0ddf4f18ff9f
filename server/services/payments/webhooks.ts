import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  businesses,
  businessMembers,
  customers,
  invoicePayments,
  type PaymentProvider,
  paymentCheckouts,
  paymentEvents,
} from "@/db/schema";
import { formatMoney } from "@/server/domain/money";
import { queueEmail } from "@/server/email/queue";
import { logger } from "@/server/logger";
import { verifyRazorpaySignature } from "@/server/payments/razorpay";
import { verifyStripeEvent } from "@/server/payments/stripe";
import { dueOf, invoiceRow, publicUrlOf, recordPayment } from "@/server/services/invoices";
import { businessReplyTo } from "@/server/services/messaging-settings";
import { notifyMembers } from "@/server/services/notifications";
import { loadPaymentAccount } from "./accounts";

/** What a webhook request did, and the HTTP status to answer. */
export interface WebhookOutcome {
  status: number;
  outcome: "recorded" | "flagged" | "ignored" | "duplicate" | "unknown" | "bad_signature";
  message?: string;
}

type Checkout = typeof paymentCheckouts.$inferSelect;

async function checkoutOf(db: Db, provider: PaymentProvider, ref: string | null | undefined) {
  if (!ref) return null;
  const [c] = await db
    .select()
    .from(paymentCheckouts)
    .where(and(eq(paymentCheckouts.provider, provider), eq(paymentCheckouts.providerRef, ref)))
    .limit(1);
  return c ?? null;
}

/** Owners and admins of the business: who hears about payments. */
async function billingMembers(db: Db, businessId: string): Promise<string[]> {
  const rows = await db
    .select({ userId: businessMembers.userId })
    .from(businessMembers)
    .where(
      and(eq(businessMembers.businessId, businessId), inArray(businessMembers.role, ["owner", "admin"])),
    );
  return rows.map((r) => r.userId);
}

interface ProviderPayment {
  provider: PaymentProvider;
  eventId: string;
  type: string;
  checkout: Checkout;
  /** `pi_…` / `pay_…` */
  paymentId: string;
  /** Minor units, as the provider sent it. */
  amount: number;
  /** ISO 4217, upper case. */
  currency: string;
  /** How the customer paid, in the provider's words ("card", "upi", "netbanking"). */
  method?: string | null;
  payload: Record<string, unknown>;
}

/**
 * Applies a verified payment event, once: the event is recorded under `(provider, event id)` first (a
 * replay finds it and changes nothing), then the payment is recorded on the invoice, unless the amount
 * or currency is not the checkout's, or the invoice is no longer open (paid or void meanwhile): then
 * the event is kept as `flagged` and the owners and admins are told, the invoice left as it is. A
 * payment id already recorded (the same payment in another event) is `ignored`. If recording fails, the
 * event row is removed again so the provider's retry is processed.
 */
async function applyPayment(db: Db, p: ProviderPayment): Promise<WebhookOutcome> {
  const { checkout } = p;
  const base = {
    provider: p.provider,
    eventId: p.eventId,
    type: p.type,
    businessId: checkout.businessId,
    invoiceId: checkout.invoiceId,
    providerPaymentId: p.paymentId,
    amount: p.amount,
    currency: p.currency,
    payload: p.payload,
  };
  const [known] = await db
    .select({ id: invoicePayments.id })
    .from(invoicePayments)
    .where(and(eq(invoicePayments.provider, p.provider), eq(invoicePayments.providerPaymentId, p.paymentId)))
    .limit(1);
  if (known)
    return ignoreEvent(db, p.provider, p.eventId, p.type, checkout, "This payment was already recorded.");
  const invoice = await invoiceRow(db, checkout.businessId, checkout.invoiceId);
  const money = (n: number, c: string) => formatMoney(n, c);
  let flag: string | null = null;
  if (p.currency !== checkout.currency || p.currency !== invoice.currency)
    flag = `Paid in ${p.currency}, but the invoice is in ${invoice.currency}.`;
  else if (p.amount !== checkout.amount)
    flag = `Paid ${money(p.amount, p.currency)}, but the checkout was for ${money(checkout.amount, checkout.currency)}.`;
  else if (invoice.status === "void") flag = "Paid after the invoice was voided.";
  else if (invoice.status === "paid") flag = "Paid again after the invoice was already paid.";

  const [claimed] = await db
    .insert(paymentEvents)
    .values({ ...base, outcome: flag ? "flagged" : "recorded", detail: flag })
    .onConflictDoNothing()
    .returning({ id: paymentEvents.id });
  if (!claimed) return { status: 200, outcome: "duplicate" };

  const label = `${invoice.number ?? "an invoice"}`;
  const [business] = await db
    .select({ slug: businesses.slug })
    .from(businesses)
    .where(eq(businesses.id, checkout.businessId))
    .limit(1);
  const url = business ? `/b/${business.slug}/invoices/${checkout.invoiceId}` : null;
  if (flag) {
    await notifyMembers(db, checkout.businessId, await billingMembers(db, checkout.businessId), {
      kind: "payment_flagged",
      title: `Check a ${p.provider === "stripe" ? "Stripe" : "Razorpay"} payment for ${label}`,
      body: `${flag} Payment ${p.paymentId}: refund it or record it yourself.`,
      url,
    });
    logger.warn(
      { provider: p.provider, paymentId: p.paymentId, invoiceId: invoice.id, flag },
      "payment flagged",
    );
    return { status: 200, outcome: "flagged", message: flag };
  }
  try {
    const { changed } = await recordPayment(
      db,
      { businessId: checkout.businessId, userId: null },
      {
        invoiceId: checkout.invoiceId,
        amount: p.amount,
        currency: p.currency,
        method: p.provider,
        reference: `${p.paymentId}${p.method ? ` (${p.method})` : ""}`,
        provider: p.provider,
        providerPaymentId: p.paymentId,
      },
    );
    if (!changed) {
      await db
        .update(paymentEvents)
        .set({ outcome: "ignored", detail: "This payment was already recorded." })
        .where(eq(paymentEvents.id, claimed.id));
      return { status: 200, outcome: "ignored" };
    }
  } catch (e) {
    await db.delete(paymentEvents).where(eq(paymentEvents.id, claimed.id));
    throw e;
  }
  await db.update(paymentCheckouts).set({ status: "paid" }).where(eq(paymentCheckouts.id, checkout.id));
  await sendReceipt(db, p, invoice.id);
  await notifyMembers(db, checkout.businessId, await billingMembers(db, checkout.businessId), {
    kind: "payment_received",
    title: `${money(p.amount, p.currency)} received for ${label}`,
    body: `Paid online through ${p.provider === "stripe" ? "Stripe" : "Razorpay"}${p.method ? ` (${p.method})` : ""}.`,
    url: null,
  });
  return { status: 200, outcome: "recorded" };
}

/**
 * Emails the customer a receipt of an online payment (emails/payment-receipt.tsx), From the business's
 * name, Reply-To the business; to the buyer's address on the invoice, else the customer's. Without an
 * address nothing is sent. A failure to queue is logged (the email row, if made, is marked failed by the
 * queue), never failing the webhook: the payment is already recorded.
 */
async function sendReceipt(db: Db, p: ProviderPayment, invoiceId: string): Promise<void> {
  try {
    const row = await invoiceRow(db, p.checkout.businessId, invoiceId);
    let to = row.buyer?.email ?? null;
    if (!to && row.customerId) {
      const [c] = await db
        .select({ email: customers.email })
        .from(customers)
        .where(and(eq(customers.businessId, row.businessId), eq(customers.id, row.customerId)))
        .limit(1);
      to = c?.email ?? null;
    }
    if (!to) return;
    const due = dueOf(row);
    const sellerName = row.seller?.name ?? "";
    await queueEmail(db, {
      template: "payment-receipt",
      to,
      businessId: row.businessId,
      fromName: sellerName || undefined,
      replyTo: await businessReplyTo(db, row.businessId),
      props: {
        businessName: sellerName,
        customerName: row.buyer?.name ?? null,
        amount: formatMoney(p.amount, p.currency),
        invoiceNumber: row.number ?? "",
        paidWith: `${p.provider === "stripe" ? "Stripe" : "Razorpay"}${p.method ? ` (${p.method})` : ""}`,
        paymentId: p.paymentId,
        balance: due > 0 ? `${formatMoney(due, row.currency)} is still due` : "The invoice is paid in full",
        invoiceUrl: publicUrlOf(row),
      },
    });
  } catch (e) {
    logger.error({ err: e, invoiceId, paymentId: p.paymentId }, "payment receipt not queued");
  }
}

/** Records an event we verified but do not act on, once (so its id is known if it comes again). */
async function ignoreEvent(
  db: Db,
  provider: PaymentProvider,
  eventId: string,
  type: string,
  checkout: Checkout,
  detail: string,
): Promise<WebhookOutcome> {
  const [row] = await db
    .insert(paymentEvents)
    .values({
      provider,
      eventId,
      type,
      businessId: checkout.businessId,
      invoiceId: checkout.invoiceId,
      outcome: "ignored",
      detail,
    })
    .onConflictDoNothing()
    .returning({ id: paymentEvents.id });
  if (!row) return { status: 200, outcome: "duplicate" };
  if (type.endsWith(".expired"))
    await db.update(paymentCheckouts).set({ status: "expired" }).where(eq(paymentCheckouts.id, checkout.id));
  return { status: 200, outcome: "ignored" };
}

function parse(raw: string): Record<string, unknown> | null {
  try {
    const v = JSON.parse(raw);
    return v && typeof v === "object" ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const str = (v: unknown): string | null => (typeof v === "string" && v ? v : null);

/**
 * `POST /api/webhooks/stripe`: a Stripe event for a Checkout Session we made. The session id in the
 * payload (read unverified, only to find the business) names the checkout; the business's signing secret
 * then checks `Stripe-Signature` over the raw body (`stripe.webhooks.constructEvent`). Acted on:
 * `checkout.session.completed` with `payment_status: "paid"` and `checkout.session.async_payment_succeeded`
 * (a payment); `checkout.session.expired` closes the checkout. Output: 400 for a bad signature (nothing
 * stored), 202 for an event about no checkout of ours, else 200 with what was done.
 */
export async function handleStripeWebhook(
  db: Db,
  raw: string,
  signature: string | null,
): Promise<WebhookOutcome> {
  const peeked = parse(raw);
  const object = (peeked?.data as { object?: Record<string, unknown> } | undefined)?.object;
  const sessionId = object?.object === "checkout.session" ? str(object.id) : null;
  const checkout = await checkoutOf(db, "stripe", sessionId);
  if (!checkout) return { status: 202, outcome: "unknown", message: "No checkout of ours." };
  const account = await loadPaymentAccount(db, checkout.businessId, "stripe");
  if (!account?.webhookSecret || !signature)
    return { status: 400, outcome: "bad_signature", message: "No signing secret or signature." };
  let event: Awaited<ReturnType<typeof verifyStripeEvent>>;
  try {
    event = await verifyStripeEvent(raw, signature, account.webhookSecret);
  } catch {
    return { status: 400, outcome: "bad_signature", message: "The signature does not match." };
  }
  const session = event.data.object as unknown as Record<string, unknown>;
  const paid =
    (event.type === "checkout.session.completed" && session.payment_status === "paid") ||
    event.type === "checkout.session.async_payment_succeeded";
  if (!paid) return ignoreEvent(db, "stripe", event.id, event.type, checkout, "Not a payment.");
  const intent = session.payment_intent;
  const paymentId = str(intent) ?? str((intent as { id?: unknown } | null)?.id) ?? str(session.id)!;
  return applyPayment(db, {
    provider: "stripe",
    eventId: event.id,
    type: event.type,
    checkout,
    paymentId,
    amount: Number(session.amount_total),
    currency: String(session.currency ?? "").toUpperCase(),
    method: Array.isArray(session.payment_method_types)
      ? String(session.payment_method_types[0] ?? "")
      : null,
    payload: event as unknown as Record<string, unknown>,
  });
}

/**
 * `POST /api/webhooks/razorpay`: a Razorpay event for a Payment Link we made. The link id in the payload
 * (read unverified, only to find the business) names the checkout; the business's webhook secret then
 * checks `X-Razorpay-Signature` (HMAC-SHA256 of the raw body). Events are told apart by the
 * `X-Razorpay-Event-Id` header. Acted on: `payment_link.paid` (its payment entity: id, amount, currency,
 * method); `payment_link.expired` / `.cancelled` close the checkout. Output as `handleStripeWebhook`.
 */
export async function handleRazorpayWebhook(
  db: Db,
  raw: string,
  signature: string | null,
  eventIdHeader: string | null,
): Promise<WebhookOutcome> {
  const peeked = parse(raw);
  const payload = (peeked?.payload ?? {}) as Record<string, { entity?: Record<string, unknown> } | undefined>;
  const linkId = str(payload.payment_link?.entity?.id);
  const checkout = await checkoutOf(db, "razorpay", linkId);
  if (!checkout) return { status: 202, outcome: "unknown", message: "No checkout of ours." };
  const account = await loadPaymentAccount(db, checkout.businessId, "razorpay");
  if (
    !account?.webhookSecret ||
    !signature ||
    !(await verifyRazorpaySignature(raw, signature, account.webhookSecret))
  )
    return { status: 400, outcome: "bad_signature", message: "The signature does not match." };
  const type = String(peeked?.event ?? "");
  const payment = payload.payment?.entity ?? {};
  const eventId = str(eventIdHeader)?.slice(0, 200) ?? `${type}:${str(payment.id) ?? linkId}`;
  if (type !== "payment_link.paid")
    return ignoreEvent(db, "razorpay", eventId, type, checkout, "Not a payment.");
  const paymentId = str(payment.id);
  if (!paymentId) return ignoreEvent(db, "razorpay", eventId, type, checkout, "No payment in the event.");
  return applyPayment(db, {
    provider: "razorpay",
    eventId,
    type,
    checkout,
    paymentId,
    amount: Number(payment.amount),
    currency: String(payment.currency ?? "").toUpperCase(),
    method: str(payment.method),
    payload: peeked ?? {},
  });
}
