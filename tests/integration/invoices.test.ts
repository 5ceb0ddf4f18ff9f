import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { GET, PATCH, POST } from "@/app/api/v1/[...path]/route";
import type { Db } from "@/db/client";
import { activities, customers, invoices } from "@/db/schema";
import { findInvoiceByPublicToken, invoiceDocument, recordPayment } from "@/server/services/invoices";
import { callerFor, expectTRPCError } from "../helpers/caller";
import { testDb } from "../helpers/db";
import { addMember, createApiKeyFor, createBusiness, createUser } from "../helpers/factories";

let db: Db;
beforeAll(async () => {
  db = (await testDb()).db;
});

const gst18 = [{ name: "GST", rateBasisPoints: 1800 }];

async function setup() {
  const owner = await createUser(db);
  const business = await createBusiness(db, { owner, country: "IN", name: "Sharma Clinic" });
  const asOwner = callerFor(db, owner);
  await asOwner.invoices.updateSettings({
    businessId: business.id,
    legalName: "Sharma Clinic LLP",
    gstin: "29AAGCB7383J1Z4",
    addressLines: ["12 MG Road", "Bengaluru 560001"],
    upiVpa: "sharmaclinic@okhdfcbank",
    paymentTermsDays: 7,
  });
  const [priya] = await db
    .insert(customers)
    .values({ businessId: business.id, name: "प्रिया शर्मा", email: "priya@example.com", state: "Karnataka" })
    .returning();
  const [mumbai] = await db
    .insert(customers)
    .values({ businessId: business.id, name: "Rahul Mehta", state: "Maharashtra" })
    .returning();
  return { owner, business, businessId: business.id, asOwner, priya: priya!, mumbai: mumbai! };
}

const twoServices = [
  { description: "Consultation", hsnSac: "999312", quantity: "1", unitPrice: 100_000, taxes: gst18 },
  { description: "Blood test", hsnSac: "999316", quantity: "1", unitPrice: 50_000, taxes: gst18 },
];

describe("invoices", () => {
  it("bills a patient: draft, issue with the next number, CGST + SGST, then paid in two parts", async () => {
    const { businessId, asOwner, priya } = await setup();
    const draft = await asOwner.invoices.create({ businessId, customerId: priya.id, lines: twoServices });
    expect(draft).toMatchObject({ status: "draft", number: null, total: 177_000, currency: "INR" });

    const issued = await asOwner.invoices.issue({ businessId, invoiceId: draft.id });
    expect(issued.number).toMatch(/^INV\/\d{4}-\d{2}\/0001$/);
    expect(issued).toMatchObject({
      status: "issued",
      placeOfSupply: "29",
      total: 177_000,
      amountDue: 177_000,
    });
    expect(issued.taxTotals).toEqual([
      { name: "CGST", rateBasisPoints: 900, amount: 13_500 },
      { name: "SGST", rateBasisPoints: 900, amount: 13_500 },
    ]);
    expect(issued.seller).toMatchObject({
      name: "Sharma Clinic LLP",
      taxId: "29AAGCB7383J1Z4",
      taxIdLabel: "GSTIN",
    });
    expect(issued.buyer).toMatchObject({ name: "प्रिया शर्मा", state: { code: "29", name: "Karnataka" } });
    const due = new Date(`${issued.issueDate}T00:00:00Z`);
    due.setUTCDate(due.getUTCDate() + 7);
    expect(issued.dueDate).toBe(due.toISOString().slice(0, 10));
    expect(await findInvoiceByPublicToken(db, issued.publicToken)).toEqual({
      businessId,
      invoiceId: draft.id,
    });
    expect(await findInvoiceByPublicToken(db, "x".repeat(32))).toBeNull();
    // The link can be shown again later (the token is kept sealed); drafts have none.
    expect((await asOwner.invoices.publicUrl({ businessId, invoiceId: draft.id })).url).toMatch(
      new RegExp(`/i/${issued.publicToken}$`),
    );
    const other = await asOwner.invoices.create({ businessId, customerId: priya.id });
    expect((await asOwner.invoices.publicUrl({ businessId, invoiceId: other.id })).url).toBeNull();

    const doc = await invoiceDocument(db, businessId, draft.id);
    expect(doc.amountInWords).toBe("One Thousand Seven Hundred Seventy Rupees Only");
    expect(doc.upi?.uri).toBe(
      `upi://pay?pa=sharmaclinic%40okhdfcbank&pn=Sharma+Clinic+LLP&am=1770.00&cu=INR&tn=${encodeURIComponent(issued.number!)}`,
    );

    const half = await asOwner.invoices.recordPayment({
      businessId,
      invoiceId: draft.id,
      amount: 77_000,
      method: "cash",
    });
    expect(half).toMatchObject({ status: "partially_paid", amountPaid: 77_000, amountDue: 100_000 });
    await expectTRPCError(
      asOwner.invoices.recordPayment({ businessId, invoiceId: draft.id, amount: 100_001, method: "upi" }),
      "BAD_REQUEST",
      { fieldErrors: { amount: expect.any(String) } },
    );
    const paid = await asOwner.invoices.recordPayment({
      businessId,
      invoiceId: draft.id,
      amount: 100_000,
      method: "upi",
      reference: "UPI 4021 7788 1234",
    });
    expect(paid).toMatchObject({ status: "paid", amountDue: 0 });
    expect((await asOwner.invoices.payments({ businessId, invoiceId: draft.id })).data).toHaveLength(2);
    const timeline = await db.select().from(activities).where(eq(activities.customerId, priya.id));
    expect(timeline.map((a) => a.type).sort()).toEqual([
      "invoice_issued",
      "payment_received",
      "payment_received",
    ]);

    // Paid stays paid: a late provider event changes nothing; a manual one is refused.
    const late = await recordPayment(
      db,
      { businessId, userId: null },
      {
        invoiceId: draft.id,
        amount: 177_000,
        method: "razorpay",
        provider: "razorpay",
        providerPaymentId: "pay_late",
      },
    );
    expect(late.changed).toBe(false);
    expect(late.invoice.status).toBe("paid");
    await expectTRPCError(
      asOwner.invoices.recordPayment({ businessId, invoiceId: draft.id, amount: 1, method: "cash" }),
      "CONFLICT",
    );
  });

  it("charges IGST to another state, and records a provider payment once however often it comes", async () => {
    const { businessId, asOwner, mumbai } = await setup();
    const draft = await asOwner.invoices.create({ businessId, customerId: mumbai.id, lines: twoServices });
    const issued = await asOwner.invoices.issue({ businessId, invoiceId: draft.id });
    expect(issued.placeOfSupply).toBe("27");
    expect(issued.taxTotals).toEqual([{ name: "IGST", rateBasisPoints: 1800, amount: 27_000 }]);
    const pay = () =>
      recordPayment(
        db,
        { businessId, userId: null },
        {
          invoiceId: draft.id,
          amount: 177_000,
          currency: "INR",
          method: "stripe",
          provider: "stripe",
          providerPaymentId: "pi_123",
        },
      );
    const [a, b] = await Promise.all([pay(), pay()]);
    expect([a.changed, b.changed].sort()).toEqual([false, true]);
    expect((await asOwner.invoices.get({ businessId, invoiceId: draft.id })).amountPaid).toBe(177_000);
  });

  it("numbers 50 parallel issues consecutively, with no gap and no duplicate", async () => {
    const { businessId, asOwner, priya } = await setup();
    const drafts = await Promise.all(
      Array.from({ length: 50 }, () =>
        asOwner.invoices.create({ businessId, customerId: priya.id, lines: twoServices }),
      ),
    );
    const issued = await Promise.all(
      drafts.map((d) => asOwner.invoices.issue({ businessId, invoiceId: d.id })),
    );
    const seqs = issued.map((i) => Number(i.number!.split("/").at(-1))).sort((x, y) => x - y);
    expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    // Quotes have their own sequence, and a sent quote becomes a draft invoice once.
    const quote = await asOwner.invoices.create({
      businessId,
      kind: "quote",
      customerId: priya.id,
      lines: twoServices,
    });
    await expectTRPCError(asOwner.invoices.convertQuote({ businessId, invoiceId: quote.id }), "CONFLICT");
    expect((await asOwner.invoices.issue({ businessId, invoiceId: quote.id })).number).toMatch(
      /^QUO\/.+\/0001$/,
    );
    const fromQuote = await asOwner.invoices.convertQuote({ businessId, invoiceId: quote.id });
    expect(fromQuote).toMatchObject({
      kind: "invoice",
      status: "draft",
      fromQuoteId: quote.id,
      total: 177_000,
      customerId: priya.id,
    });
    expect((await asOwner.invoices.get({ businessId, invoiceId: quote.id })).status).toBe("accepted");
    await expectTRPCError(asOwner.invoices.convertQuote({ businessId, invoiceId: quote.id }), "CONFLICT");
    await expectTRPCError(asOwner.invoices.convertQuote({ businessId, invoiceId: fromQuote.id }), "CONFLICT");
  });

  it("refuses bad input with a clear error at the field, and never edits an issued invoice", async () => {
    const { businessId, asOwner, priya } = await setup();
    const bad = (lines: unknown) =>
      asOwner.invoices.create({ businessId, customerId: priya.id, lines: lines as never });
    await expectTRPCError(bad([{ ...twoServices[0], quantity: "-1" }]), "BAD_REQUEST", {
      fieldErrors: { "lines.0.quantity": expect.any(String) },
    });
    await expectTRPCError(bad([{ ...twoServices[0], quantity: "99999999" }]), "BAD_REQUEST");
    await expectTRPCError(bad([{ ...twoServices[0], unitPrice: -5 }]), "BAD_REQUEST", {
      fieldErrors: { "lines.0.unitPrice": expect.any(String) },
    });
    await expectTRPCError(
      bad([{ ...twoServices[0], taxes: [{ name: "GST", rateBasisPoints: 12_000 }] }]),
      "BAD_REQUEST",
      {
        fieldErrors: { "lines.0.taxes.0.rateBasisPoints": "A tax rate cannot be over 100%." },
      },
    );
    await expectTRPCError(
      asOwner.invoices.create({ businessId, customerId: priya.id, currency: "USD", lines: twoServices }),
      "BAD_REQUEST",
      { fieldErrors: { currency: expect.any(String) } },
    );
    await expectTRPCError(
      asOwner.invoices.updateSettings({ businessId, gstin: "29AAGCB7383J1Z5" }),
      "BAD_REQUEST",
      {
        fieldErrors: { gstin: expect.stringMatching(/check character/) },
      },
    );
    await expectTRPCError(
      asOwner.invoices.create({
        businessId,
        lines: twoServices,
        discount: { kind: "amount", amount: 999_999 },
      }),
      "BAD_REQUEST",
    );
    const empty = await asOwner.invoices.create({ businessId, customerId: priya.id });
    await expectTRPCError(asOwner.invoices.issue({ businessId, invoiceId: empty.id }), "BAD_REQUEST", {
      fieldErrors: { lines: expect.any(String) },
    });
    const draft = await asOwner.invoices.create({ businessId, customerId: priya.id, lines: twoServices });
    const edited = await asOwner.invoices.update({
      businessId,
      invoiceId: draft.id,
      lines: [twoServices[0]!],
    });
    expect(edited.total).toBe(118_000);
    await asOwner.invoices.issue({ businessId, invoiceId: draft.id });
    await expectTRPCError(
      asOwner.invoices.update({ businessId, invoiceId: draft.id, notes: "x" }),
      "CONFLICT",
    );
    await expectTRPCError(asOwner.invoices.delete({ businessId, invoiceId: draft.id }), "CONFLICT");
    // Nothing half-written: the failed issue left the empty draft as it was.
    const [row] = await db.select().from(invoices).where(eq(invoices.id, empty.id));
    expect(row).toMatchObject({ status: "draft", number: null });
    const voided = await asOwner.invoices.void({ businessId, invoiceId: draft.id });
    expect(voided.status).toBe("void");
    expect(voided.number).toMatch(/0001$/);
  });

  it("lists with filters, overdue derived, keyset pages; a member reads but cannot change settings", async () => {
    const { business, businessId, asOwner, priya, mumbai } = await setup();
    for (let i = 0; i < 3; i++)
      await asOwner.invoices.create({ businessId, customerId: priya.id, lines: twoServices });
    const old = await asOwner.invoices.create({
      businessId,
      customerId: mumbai.id,
      issueDate: "2026-01-10",
      lines: twoServices,
    });
    await asOwner.invoices.issue({ businessId, invoiceId: old.id });
    const overdue = await asOwner.invoices.list({ businessId, status: "overdue" });
    expect(overdue.data.map((i) => i.id)).toEqual([old.id]);
    expect(overdue.data[0]).toMatchObject({ overdue: true, customerName: "Rahul Mehta" });
    const first = await asOwner.invoices.list({ businessId, limit: 2 });
    const second = await asOwner.invoices.list({ businessId, limit: 2, cursor: first.nextCursor });
    expect([...first.data, ...second.data].map((i) => i.id)).toHaveLength(4);
    expect(new Set([...first.data, ...second.data].map((i) => i.id)).size).toBe(4);
    expect((await asOwner.invoices.list({ businessId, search: "Rahul" })).data).toHaveLength(1);
    const member = await addMember(db, business, "member");
    const asMember = callerFor(db, member.user);
    expect((await asMember.invoices.list({ businessId })).data).toHaveLength(4);
    await expectTRPCError(asMember.invoices.updateSettings({ businessId, legalName: "x" }), "FORBIDDEN");
  });
});

describe("products", () => {
  it("keeps a catalog: create, find by name or HSN/SAC, archive, unique names", async () => {
    const { businessId, asOwner } = await setup();
    const p = await asOwner.products.create({
      businessId,
      name: "Consultation",
      unitPrice: 100_000,
      unit: "visit",
      taxes: gst18,
      hsnSac: "999312",
    });
    await asOwner.products.create({ businessId, name: "Blood test", unitPrice: 50_000, taxes: gst18 });
    await expectTRPCError(
      asOwner.products.create({ businessId, name: "consultation", unitPrice: 1 }),
      "CONFLICT",
    );
    expect((await asOwner.products.list({ businessId, search: "9993" })).data.map((x) => x.name)).toEqual([
      "Consultation",
    ]);
    await asOwner.products.update({ businessId, productId: p.id, archived: true });
    expect((await asOwner.products.list({ businessId })).data.map((x) => x.name)).toEqual(["Blood test"]);
    expect((await asOwner.products.list({ businessId, archived: true })).data.map((x) => x.name)).toEqual([
      "Consultation",
    ]);
    await expectTRPCError(asOwner.products.create({ businessId, name: "Bad", unitPrice: -1 }), "BAD_REQUEST");
  });
});

describe("invoices: REST v1", () => {
  it("creates, issues, pays and lists invoices and products with an API key", async () => {
    const { business, priya } = await setup();
    const key = await createApiKeyFor(db, business);
    const auth = { authorization: `Bearer ${key.key}`, "content-type": "application/json" };
    const url = (p: string) => `http://localhost:3000/api/v1${p}`;
    const product = await POST(
      new Request(url("/products"), {
        method: "POST",
        headers: auth,
        body: JSON.stringify({ name: "Consultation", unitPrice: 100_000, taxes: gst18 }),
      }),
    );
    expect(product.status).toBe(200);
    const created = await POST(
      new Request(url("/invoices"), {
        method: "POST",
        headers: auth,
        body: JSON.stringify({ customerId: priya.id, lines: twoServices }),
      }),
    );
    expect(created.status).toBe(200);
    const draft = (await created.json()) as { id: string; total: number };
    expect(draft.total).toBe(177_000);
    const patched = await PATCH(
      new Request(url(`/invoices/${draft.id}`), {
        method: "PATCH",
        headers: auth,
        body: JSON.stringify({ notes: "Thanks!" }),
      }),
    );
    expect(((await patched.json()) as { notes: string }).notes).toBe("Thanks!");
    const issued = await POST(
      new Request(url(`/invoices/${draft.id}/issue`), { method: "POST", headers: auth, body: "{}" }),
    );
    expect(((await issued.json()) as { status: string }).status).toBe("issued");
    const again = await PATCH(
      new Request(url(`/invoices/${draft.id}`), {
        method: "PATCH",
        headers: auth,
        body: JSON.stringify({ notes: "x" }),
      }),
    );
    expect(again.status).toBe(409);
    const payment = await POST(
      new Request(url(`/invoices/${draft.id}/payments`), {
        method: "POST",
        headers: auth,
        body: JSON.stringify({ amount: 177_000, method: "bank_transfer", reference: "NEFT 1234" }),
      }),
    );
    expect(((await payment.json()) as { status: string }).status).toBe("paid");
    const list = await GET(new Request(url("/invoices?status=paid"), { headers: auth }));
    expect(((await list.json()) as { data: { id: string }[] }).data.map((i) => i.id)).toEqual([draft.id]);
    const products = await GET(new Request(url("/products"), { headers: auth }));
    expect(((await products.json()) as { data: unknown[] }).data).toHaveLength(1);
  });

  it("counts what a customer has bought: lines of paid invoices, total spent, orders, average, last purchase", async () => {
    const { business, businessId, asOwner, priya } = await setup();
    const empty = await asOwner.invoices.purchases({ businessId, customerId: priya.id });
    expect(empty).toMatchObject({
      orders: 0,
      totalSpent: 0,
      averageOrderValue: 0,
      lastPurchaseOn: null,
      data: [],
    });

    const pay = async (lines: typeof twoServices, amount: number) => {
      const draft = await asOwner.invoices.create({ businessId, customerId: priya.id, lines });
      await asOwner.invoices.issue({ businessId, invoiceId: draft.id });
      await asOwner.invoices.recordPayment({ businessId, invoiceId: draft.id, amount, method: "upi" });
      return draft.id;
    };
    await pay(twoServices, 177_000);
    await pay([twoServices[0]!], 118_000);
    // Partly paid and unpaid invoices are not purchases yet.
    const open = await asOwner.invoices.create({ businessId, customerId: priya.id, lines: twoServices });
    await asOwner.invoices.issue({ businessId, invoiceId: open.id });
    await asOwner.invoices.recordPayment({ businessId, invoiceId: open.id, amount: 1_000, method: "cash" });

    const bought = await asOwner.invoices.purchases({ businessId, customerId: priya.id });
    expect(bought).toMatchObject({
      currency: "INR",
      orders: 2,
      totalSpent: 295_000,
      averageOrderValue: 147_500,
    });
    expect(bought.lastPurchaseOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(bought.data.map((l) => [l.description, l.total]).sort()).toEqual([
      ["Blood test", 59_000],
      ["Consultation", 118_000],
      ["Consultation", 118_000],
    ]);

    // REST: GET /api/v1/customers/{id}/purchases with an API key.
    const key = await createApiKeyFor(db, business);
    const res = await GET(
      new Request(`http://localhost:3000/api/v1/customers/${priya.id}/purchases`, {
        headers: { authorization: `Bearer ${key.key}` },
      }),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ orders: 2, totalSpent: 295_000 });
  });
});
