import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as razorpayWebhook } from "@/app/api/webhooks/razorpay/route";
import { POST as stripeWebhook } from "@/app/api/webhooks/stripe/route";
import { POST as pay } from "@/app/i/[token]/pay/[provider]/route";
import type { Db } from "@/db/client";
import {
  customers,
  emailMessages,
  invoicePayments,
  invoices,
  notifications,
  paymentAccounts,
  paymentEvents,
} from "@/db/schema";
import { getPaymentAccounts, updatePaymentAccount } from "@/server/services/payments";
import { callerFor } from "../helpers/caller";
import { testDb } from "../helpers/db";
import { createBusiness, createUser } from "../helpers/factories";
import { type FakeRazorpay, startFakeRazorpay } from "../helpers/fake-razorpay";
import { type FakeStripe, startFakeStripe } from "../helpers/fake-stripe";

let db: Db;
let stripe: FakeStripe;
let razorpay: FakeRazorpay;
const saved = { stripe: process.env.STRIPE_API_BASE_URL, razorpay: process.env.RAZORPAY_API_BASE_URL };

beforeAll(async () => {
  db = (await testDb()).db;
  stripe = await startFakeStripe();
  razorpay = await startFakeRazorpay();
  process.env.STRIPE_API_BASE_URL = stripe.url;
  process.env.RAZORPAY_API_BASE_URL = razorpay.url;
});
afterAll(async () => {
  process.env.STRIPE_API_BASE_URL = saved.stripe;
  process.env.RAZORPAY_API_BASE_URL = saved.razorpay;
  await stripe?.close();
  await razorpay?.close();
});

const gst18 = [{ name: "GST", rateBasisPoints: 1800 }];

/** A clinic with both providers connected and an issued invoice of ₹1,770.00 for Priya. */
async function clinic() {
  const owner = await createUser(db);
  const business = await createBusiness(db, { owner, country: "IN", name: "Sharma Clinic" });
  const businessId = business.id;
  const asOwner = callerFor(db, owner);
  await asOwner.invoices.updateSettings({
    businessId,
    legalName: "Sharma Clinic LLP",
    gstin: "29AAGCB7383J1Z4",
  });
  await updatePaymentAccount(db, businessId, {
    provider: "stripe",
    secretKey: "sk_test_51Fake0000000000000000",
    webhookSecret: stripe.webhookSecret,
  });
  await updatePaymentAccount(db, businessId, {
    provider: "razorpay",
    publicKey: razorpay.keyId,
    secretKey: razorpay.keySecret,
    webhookSecret: razorpay.webhookSecret,
  });
  const [priya] = await db
    .insert(customers)
    .values({
      businessId,
      name: "Priya Sharma",
      email: "priya@example.com",
      phone: "+919812345678",
      state: "Karnataka",
    })
    .returning();
  const draft = await asOwner.invoices.create({
    businessId,
    customerId: priya!.id,
    lines: [
      { description: "Consultation", hsnSac: "999312", quantity: "1", unitPrice: 100_000, taxes: gst18 },
      { description: "Blood test", hsnSac: "999316", quantity: "1", unitPrice: 50_000, taxes: gst18 },
    ],
  });
  const invoice = await asOwner.invoices.issue({ businessId, invoiceId: draft.id });
  return { owner, businessId, asOwner, invoice, token: invoice.publicToken! };
}

async function press(token: string, provider: string) {
  return pay(new Request(`http://localhost:3000/i/${token}/pay/${provider}`, { method: "POST" }), {
    params: Promise.resolve({ token, provider }),
  });
}

const stripeHook = (payload: string, signature: string) =>
  stripeWebhook(
    new Request("http://localhost:3000/api/webhooks/stripe", {
      method: "POST",
      headers: { "content-type": "application/json", "stripe-signature": signature },
      body: payload,
    }),
  );
const razorpayHook = (body: string, headers: Record<string, string>) =>
  razorpayWebhook(
    new Request("http://localhost:3000/api/webhooks/razorpay", { method: "POST", headers, body }),
  );

async function invoiceState(id: string) {
  const [row] = await db
    .select({ status: invoices.status, amountPaid: invoices.amountPaid })
    .from(invoices)
    .where(eq(invoices.id, id));
  return row!;
}

describe("payment provider keys", () => {
  it("are sealed at rest and shown masked, never returned; a key of the wrong shape is refused at its field", async () => {
    const { businessId } = await clinic();
    const view = await getPaymentAccounts(db, businessId);
    expect(view.stripe).toMatchObject({ configured: true, secretKey: "••••0000" });
    expect(view.stripe.webhookUrl).toMatch(/\/api\/webhooks\/stripe$/);
    expect(view.razorpay).toMatchObject({ configured: true, keyId: razorpay.keyId });
    expect(JSON.stringify(view)).not.toContain(razorpay.keySecret);
    const [row] = await db
      .select()
      .from(paymentAccounts)
      .where(and(eq(paymentAccounts.businessId, businessId), eq(paymentAccounts.provider, "stripe")));
    expect(row!.secretKeySealed).not.toContain("sk_test_");
    await expect(
      updatePaymentAccount(db, businessId, { provider: "stripe", secretKey: "pk_test_123" }),
    ).rejects.toMatchObject({
      code: "VALIDATION",
      fieldErrors: { secretKey: expect.stringContaining("sk_") },
    });
    // Clearing the key stops the page from offering it.
    await updatePaymentAccount(db, businessId, { provider: "stripe", secretKey: "" });
    expect((await getPaymentAccounts(db, businessId)).stripe.configured).toBe(false);
  });
});

describe("Stripe Checkout", () => {
  it("pays an invoice: Pay opens a session for the amount due, the signed webhook marks it Paid once", async () => {
    const { businessId, owner, invoice, token } = await clinic();
    const res = await press(token, "stripe");
    expect(res.status).toBe(303);
    const location = res.headers.get("location")!;
    expect(location).toMatch(new RegExp(`^${stripe.url}/pay/cs_test_`));
    const sessionId = location.split("/").pop()!;
    const request = stripe.requests.at(-1)!;
    expect(request.form).toMatchObject({
      mode: "payment",
      "line_items[0][price_data][currency]": "inr",
      "line_items[0][price_data][unit_amount]": "177000",
      "metadata[invoice_id]": invoice.id,
      client_reference_id: invoice.id,
      customer_email: "priya@example.com",
    });
    expect(request.form.success_url).toMatch(new RegExp(`/i/${token}\\?paid=1$`));
    expect(request.idempotencyKey).toBe(`invoice-checkout:${invoice.id}:0:177000`);
    // Pressing Pay again offers the same session.
    const again = await press(token, "stripe");
    expect(again.headers.get("location")).toBe(location);

    // A bad signature: 400, nothing changes.
    const forged = stripe.completedEvent(sessionId);
    const badSig = await stripeHook(forged.payload, forged.signature.replace(/v1=\w+/, "v1=deadbeef"));
    expect(badSig.status).toBe(400);
    expect(await invoiceState(invoice.id)).toEqual({ status: "issued", amountPaid: 0 });

    const event = stripe.completedEvent(sessionId);
    const ok = await stripeHook(event.payload, event.signature);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ outcome: "recorded" });
    expect(await invoiceState(invoice.id)).toEqual({ status: "paid", amountPaid: 177_000 });
    const payments = await db.select().from(invoicePayments).where(eq(invoicePayments.invoiceId, invoice.id));
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({ method: "stripe", provider: "stripe", amount: 177_000 });
    const told = await db
      .select()
      .from(notifications)
      .where(and(eq(notifications.businessId, businessId), eq(notifications.userId, owner.id)));
    expect(told.map((n) => n.title)).toContain(`₹1,770.00 received for ${invoice.number}`);
    // The customer's receipt, from the business.
    const receipts = await db
      .select()
      .from(emailMessages)
      .where(and(eq(emailMessages.businessId, businessId), eq(emailMessages.template, "payment-receipt")));
    expect(receipts).toHaveLength(1);
    expect(receipts[0]).toMatchObject({
      to: "priya@example.com",
      subject: `Payment received: ₹1,770.00 for ${invoice.number}`,
    });
    expect(receipts[0]!.from).toMatch(/^"?Sharma Clinic LLP"? </);
    expect(receipts[0]!.text).toContain("The invoice is paid in full");

    // The same event again (a replay): 200, nothing changes.
    const replay = await stripeHook(event.payload, event.signature);
    expect(await replay.json()).toMatchObject({ outcome: "duplicate" });
    // The same payment in another event: recorded once.
    const other = stripe.completedEvent(sessionId, {}, "evt_another");
    expect(await (await stripeHook(other.payload, other.signature)).json()).toMatchObject({
      outcome: "ignored",
    });
    expect(
      await db.select().from(invoicePayments).where(eq(invoicePayments.invoiceId, invoice.id)),
    ).toHaveLength(1);
    expect(await invoiceState(invoice.id)).toEqual({ status: "paid", amountPaid: 177_000 });
    // Paid now: Pay goes back to the page saying so.
    const paid = await press(token, "stripe");
    expect(paid.headers.get("location")).toBe(`/i/${token}?pay=nothing-due`);
  });

  it("flags an amount or currency that is not the checkout's instead of marking it paid", async () => {
    const { businessId, owner, invoice, token } = await clinic();
    const sessionId = (await press(token, "stripe")).headers.get("location")!.split("/").pop()!;
    const less = stripe.completedEvent(sessionId, { amount_total: 100 });
    expect(await (await stripeHook(less.payload, less.signature)).json()).toMatchObject({
      outcome: "flagged",
      message: expect.stringContaining("₹1.00"),
    });
    const usd = stripe.completedEvent(sessionId, { currency: "usd" });
    expect(await (await stripeHook(usd.payload, usd.signature)).json()).toMatchObject({ outcome: "flagged" });
    expect(await invoiceState(invoice.id)).toEqual({ status: "issued", amountPaid: 0 });
    const flagged = await db.select().from(paymentEvents).where(eq(paymentEvents.invoiceId, invoice.id));
    expect(flagged.map((e) => e.outcome)).toEqual(["flagged", "flagged"]);
    const told = await db
      .select({ kind: notifications.kind })
      .from(notifications)
      .where(and(eq(notifications.businessId, businessId), eq(notifications.userId, owner.id)));
    expect(told.filter((n) => n.kind === "payment_flagged")).toHaveLength(2);
  });

  it("answers 202 to an event about no checkout of ours, and 404 to Pay on an unknown link or provider", async () => {
    const res = await stripeHook(
      JSON.stringify({ id: "evt_x", type: "charge.succeeded", data: { object: { object: "charge" } } }),
      "t=1,v1=x",
    );
    expect(res.status).toBe(202);
    expect((await press("x".repeat(32), "stripe")).status).toBe(404);
    const { token } = await clinic();
    expect((await press(token, "paypal")).status).toBe(404);
  });
});

describe("Razorpay Payment Links", () => {
  it("pays an invoice by UPI: a link for the amount due, the signed payment_link.paid marks it Paid once", async () => {
    const { invoice, token } = await clinic();
    const res = await press(token, "razorpay");
    expect(res.status).toBe(303);
    const location = res.headers.get("location")!;
    expect(location).toMatch(new RegExp(`^${razorpay.url}/rzp/plink_`));
    const linkId = location.split("/").pop()!;
    expect(razorpay.requests.at(-1)!.body).toMatchObject({
      amount: 177_000,
      currency: "INR",
      customer: { name: "Priya Sharma", email: "priya@example.com", contact: "+919812345678" },
      notify: { sms: false, email: false },
      notes: { invoice_id: invoice.id },
    });

    const forged = razorpay.paidEvent(linkId);
    const bad = await razorpayHook(forged.body, {
      ...forged.headers,
      "x-razorpay-signature": "0".repeat(64),
    });
    expect(bad.status).toBe(400);
    expect(await invoiceState(invoice.id)).toEqual({ status: "issued", amountPaid: 0 });

    const event = razorpay.paidEvent(linkId);
    const ok = await razorpayHook(event.body, event.headers);
    expect(await ok.json()).toMatchObject({ outcome: "recorded" });
    expect(await invoiceState(invoice.id)).toEqual({ status: "paid", amountPaid: 177_000 });
    const [payment] = await db
      .select()
      .from(invoicePayments)
      .where(eq(invoicePayments.invoiceId, invoice.id));
    expect(payment).toMatchObject({ method: "razorpay", provider: "razorpay" });
    expect(payment!.reference).toMatch(/^pay_\w+ \(upi\)$/);
    expect(await (await razorpayHook(event.body, event.headers)).json()).toMatchObject({
      outcome: "duplicate",
    });
    expect(await invoiceState(invoice.id)).toEqual({ status: "paid", amountPaid: 177_000 });
  });

  it("a payment arriving after the invoice was voided is flagged, never reopening it", async () => {
    const { businessId, asOwner, invoice, token } = await clinic();
    const linkId = (await press(token, "razorpay")).headers.get("location")!.split("/").pop()!;
    await asOwner.invoices.void({ businessId, invoiceId: invoice.id });
    const late = razorpay.paidEvent(linkId);
    expect(await (await razorpayHook(late.body, late.headers)).json()).toMatchObject({
      outcome: "flagged",
      message: "Paid after the invoice was voided.",
    });
    expect(await invoiceState(invoice.id)).toEqual({ status: "void", amountPaid: 0 });
  });
});

describe("refunds through the provider", () => {
  it("Stripe: a partial refund goes to Stripe once, with a credit note taking it off the invoice", async () => {
    const { businessId, asOwner, invoice, token } = await clinic();
    const sessionId = (await press(token, "stripe")).headers.get("location")!.split("/").pop()!;
    const event = stripe.completedEvent(sessionId);
    await stripeHook(event.payload, event.signature);
    const [payment] = await db
      .select()
      .from(invoicePayments)
      .where(eq(invoicePayments.invoiceId, invoice.id));
    const refund = await asOwner.invoices.refundPayment({
      businessId,
      invoiceId: invoice.id,
      paymentId: payment!.id,
      amount: 59_000,
      reason: "Blood test not done",
    });
    expect(refund).toMatchObject({ amount: 59_000, provider: "stripe", status: "succeeded" });
    const made = stripe.refunds.filter((r) => r.payment_intent === payment!.providerPaymentId);
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({
      amount: 59_000,
      metadata: { invoiceId: invoice.id, refundId: refund.id },
    });
    // The credit note carries GST: ₹500 taxable + ₹90 tax = ₹590.
    const note = await asOwner.invoices.get({ businessId, invoiceId: refund.creditNoteId! });
    expect(note).toMatchObject({ kind: "credit_note", status: "issued", total: 59_000, taxTotal: 9_000 });
    const after = await asOwner.invoices.get({ businessId, invoiceId: invoice.id });
    expect(after).toMatchObject({ status: "paid", amountCredited: 59_000 });
    const [customer] = await db.select().from(customers).where(eq(customers.id, invoice.customerId!));
    expect(customer!.totalSpent).toBe(118_000);

    // More than is left is refused before Stripe is called.
    await expect(
      asOwner.invoices.refundPayment({
        businessId,
        invoiceId: invoice.id,
        paymentId: payment!.id,
        amount: 200_000,
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(stripe.refunds.filter((r) => r.payment_intent === payment!.providerPaymentId)).toHaveLength(1);
  });

  it("Razorpay: refunds the rest; a refusal is recorded with Razorpay's reason and changes nothing", async () => {
    const { businessId, asOwner, invoice, token } = await clinic();
    const linkId = (await press(token, "razorpay")).headers.get("location")!.split("/").pop()!;
    const event = razorpay.paidEvent(linkId);
    await razorpayHook(event.body, event.headers);
    const [payment] = await db
      .select()
      .from(invoicePayments)
      .where(eq(invoicePayments.invoiceId, invoice.id));
    // Someone refunded most of it in Razorpay's dashboard: Razorpay refuses ours.
    razorpay.refunds.push({
      id: "rfnd_dash",
      amount: 170_000,
      payment_id: payment!.providerPaymentId!,
      notes: {},
      status: "processed",
    });
    await expect(
      asOwner.invoices.refundPayment({ businessId, invoiceId: invoice.id, paymentId: payment!.id }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/^Razorpay refused the refund: The refund amount/),
    });
    expect((await asOwner.invoices.get({ businessId, invoiceId: invoice.id })).amountCredited).toBe(0);
    razorpay.refunds.pop();
    const refund = await asOwner.invoices.refundPayment({
      businessId,
      invoiceId: invoice.id,
      paymentId: payment!.id,
    });
    expect(refund).toMatchObject({ amount: 177_000, provider: "razorpay", status: "succeeded" });
    expect(razorpay.refunds.at(-1)).toMatchObject({
      amount: 177_000,
      payment_id: payment!.providerPaymentId,
    });
    expect((await asOwner.invoices.get({ businessId, invoiceId: invoice.id })).amountCredited).toBe(177_000);
    // A payment recorded by hand is not refunded through a provider.
    const manual = await asOwner.invoices.create({
      businessId,
      customerId: invoice.customerId,
      lines: [{ description: "Dressing", quantity: "1", unitPrice: 10_000 }],
    });
    await asOwner.invoices.issue({ businessId, invoiceId: manual.id });
    await asOwner.invoices.recordPayment({
      businessId,
      invoiceId: manual.id,
      amount: 10_000,
      method: "cash",
    });
    const [cash] = await db.select().from(invoicePayments).where(eq(invoicePayments.invoiceId, manual.id));
    await expect(
      asOwner.invoices.refundPayment({ businessId, invoiceId: manual.id, paymentId: cash!.id }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
  });
});
