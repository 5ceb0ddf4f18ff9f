import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as restImport } from "@/app/api/v1/purchases/imports/route";
import type { Db } from "@/db/client";
import { activities, customers, purchases } from "@/db/schema";
import { mergeCustomers } from "@/server/services/customers/duplicates";
import { importPurchases } from "@/server/services/purchases/import";
import { callerFor } from "../helpers/caller";
import { testDb } from "../helpers/db";
import { createApiKeyFor, createBusiness, createUser } from "../helpers/factories";

let db: Db;
const tmp = mkdtempSync(path.join(tmpdir(), "purchases-"));
beforeAll(async () => {
  db = (await testDb()).db;
});

async function shop() {
  const owner = await createUser(db);
  const business = await createBusiness(db, { owner, name: "Kaveri Salon", country: "IN" });
  const businessId = business.id;
  const asOwner = callerFor(db, owner);
  const [asha, ravi, meera] = await db
    .insert(customers)
    .values([
      { businessId, name: "Asha Rao", email: "asha@example.com" },
      { businessId, name: "Ravi Kumar", phone: "+919491883981" },
      { businessId, name: "Meera Iyer", email: "meera@example.com" },
    ])
    .returning();
  return { owner, business, businessId, asOwner, asha: asha!, ravi: ravi!, meera: meera! };
}

function csv(name: string, text: string) {
  const file = path.join(tmp, name);
  writeFileSync(file, text);
  return file;
}

const orders = [
  "Order ID,Customer Email,Customer Mobile,Order Date,Items,Grand Total",
  'A-1001,asha@example.com,,15/11/2026,Hair spa x2; Shampoo,"₹2,450.00"',
  "A-1002,,094918 83981,2026-11-20,Haircut,350",
  "A-1003,nobody@example.com,,20/11/2026,Facial,1200",
  "A-1004,asha@example.com,,31/02/2026,Facial,1200",
  "A-1005,asha@example.com,,01/12/2026,Facial,12.345",
  "A-1001,asha@example.com,,15/11/2026,Hair spa x2; Shampoo,2450",
  "A-1006,asha@example.com,,02/12/2026,Refund,-500",
  ",asha@example.com,,02/12/2026,Facial,500",
  "A-1007,ASHA@example.com,,03/12/2026,Manicure,600",
].join("\n");

describe("purchases", () => {
  it("imports orders from a POS export: matched by email or phone, every row not taken listed with why", async () => {
    const { business, businessId, asOwner, asha, ravi } = await shop();
    const file = csv("orders.csv", orders);
    const r = await importPurchases(
      db,
      { businessId, userId: null },
      { filePath: file, fileName: "orders.csv" },
    );
    expect(r.mapping).toMatchObject({
      "Order ID": "orderId",
      "Customer Email": "email",
      "Customer Mobile": "phone",
      "Order Date": "date",
      Items: "items",
      "Grand Total": "amount",
    });
    expect(r).toMatchObject({ rows: 9, created: 3, updated: 0, skipped: 1, failed: 5, customers: 2 });
    expect(r.errors.map((e) => [e.row, e.orderId])).toEqual([
      [5, "A-1004"],
      [6, "A-1005"],
      [8, "A-1006"],
      [9, null],
      [4, "A-1003"],
    ]);
    expect(r.errors.find((e) => e.orderId === "A-1003")!.reason).toMatch(
      /No customer with nobody@example.com/,
    );
    expect(r.errors.find((e) => e.orderId === "A-1006")!.reason).toMatch(/refund/);

    const a = await asOwner.customers.get({ businessId, customerId: asha.id });
    expect(a.purchases).toEqual({
      totalSpent: 305_000,
      ordersCount: 2,
      firstPurchaseOn: "2026-11-15",
      lastPurchaseOn: "2026-12-03",
    });
    const bought = await asOwner.invoices.purchases({ businessId, customerId: asha.id });
    expect(bought.data.map((p) => [p.invoiceNumber, p.description, p.quantity])).toEqual([
      ["A-1007", "Manicure", "1"],
      ["A-1001", "Hair spa", "2"],
      ["A-1001", "Shampoo", "1"],
    ]);
    expect((await asOwner.customers.get({ businessId, customerId: ravi.id })).purchases.totalSpent).toBe(
      35_000,
    );
    const timeline = await db.select().from(activities).where(eq(activities.customerId, asha.id));
    expect(timeline.filter((t) => t.type === "purchase_recorded")).toHaveLength(2);

    // The same file again adds nothing; with "update" it changes what changed.
    const again = await importPurchases(
      db,
      { businessId, userId: null },
      { filePath: file, fileName: "orders.csv" },
    );
    expect(again).toMatchObject({ created: 0, skipped: 4, failed: 5 });
    const changed = csv("orders-2.csv", orders.replace("Manicure,600", "Manicure,650"));
    const updated = await importPurchases(
      db,
      { businessId, userId: null },
      { filePath: changed, fileName: "orders-2.csv", onDuplicate: "update" },
    );
    expect(updated).toMatchObject({ created: 0, updated: 3 });
    expect((await asOwner.customers.get({ businessId, customerId: asha.id })).purchases.totalSpent).toBe(
      310_000,
    );
    void business;
  });

  it("reads an Excel file, and refuses a mapping without the columns it needs", async () => {
    const { businessId, asOwner, meera } = await shop();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Sales");
    ws.addRow(["Bill No", "Email", "Date", "Product", "Amount"]);
    ws.addRow(["B-1", "meera@example.com", new Date(Date.UTC(2026, 10, 5)), "Keratin", 4500]);
    const file = path.join(tmp, "sales.xlsx");
    await wb.xlsx.writeFile(file);
    const r = await importPurchases(
      db,
      { businessId, userId: null },
      { filePath: file, fileName: "sales.xlsx" },
    );
    expect(r).toMatchObject({ created: 1, failed: 0 });
    expect((await asOwner.customers.get({ businessId, customerId: meera.id })).purchases).toMatchObject({
      totalSpent: 450_000,
      lastPurchaseOn: "2026-11-05",
    });
    await expect(
      importPurchases(
        db,
        { businessId, userId: null },
        { filePath: file, fileName: "sales.xlsx", mapping: { Amount: "ignore" } },
      ),
    ).rejects.toMatchObject({ code: "VALIDATION", message: "Choose the columns with the amount." });
  });

  it("a paid invoice is a purchase; lists sort and segments filter on total spent", async () => {
    const { businessId, asOwner, asha, ravi } = await shop();
    const draft = await asOwner.invoices.create({
      businessId,
      customerId: ravi.id,
      lines: [{ description: "Bridal makeup", quantity: "1", unitPrice: 1_500_000 }],
    });
    await asOwner.invoices.issue({ businessId, invoiceId: draft.id });
    await asOwner.invoices.recordPayment({ businessId, invoiceId: draft.id, amount: 500_000, method: "upi" });
    expect((await asOwner.customers.get({ businessId, customerId: ravi.id })).purchases.ordersCount).toBe(0);
    await asOwner.invoices.recordPayment({
      businessId,
      invoiceId: draft.id,
      amount: 1_000_000,
      method: "cash",
    });
    const r = await asOwner.customers.get({ businessId, customerId: ravi.id });
    expect(r.purchases).toMatchObject({ totalSpent: 1_500_000, ordersCount: 1 });
    await importPurchases(
      db,
      { businessId, userId: null },
      {
        filePath: csv("one.csv", "Order,Email,Date,Amount\nX1,asha@example.com,2026-12-01,800\n"),
        fileName: "one.csv",
      },
    );

    const bySpend = await asOwner.customers.list({
      businessId,
      sort: { field: "totalSpent", direction: "desc" },
    });
    expect(bySpend.data.map((c) => c.name)).toEqual(["Ravi Kumar", "Asha Rao", "Meera Iyer"]);
    const big = await asOwner.segments.preview({
      businessId,
      rules: { match: "all", conditions: [{ field: "totalSpent", op: "gte", value: 100_000 }] },
    });
    expect(big.count).toBe(1);
    const recent = await asOwner.segments.preview({
      businessId,
      rules: {
        match: "all",
        conditions: [
          { field: "ordersCount", op: "gte", value: 1 },
          { field: "lastPurchaseOn", op: "eq", value: "2026-12-01" },
        ],
      },
    });
    expect(recent.count).toBe(1);
    void asha;
  });

  it("merging customers moves their bills and purchases and adds up the totals", async () => {
    const { owner, businessId, asOwner, asha, meera } = await shop();
    await importPurchases(
      db,
      { businessId, userId: null },
      {
        filePath: csv(
          "two.csv",
          "Order,Email,Date,Amount\nM1,asha@example.com,2026-10-01,100\nM2,meera@example.com,2026-11-01,250\n",
        ),
        fileName: "two.csv",
      },
    );
    await mergeCustomers(
      db,
      { businessId, userId: owner.id },
      { survivorId: asha.id, mergedIds: [meera.id], fields: {} },
    );
    const after = await asOwner.customers.get({ businessId, customerId: asha.id });
    expect(after.purchases).toEqual({
      totalSpent: 35_000,
      ordersCount: 2,
      firstPurchaseOn: "2026-10-01",
      lastPurchaseOn: "2026-11-01",
    });
    expect(await db.select().from(purchases).where(eq(purchases.customerId, asha.id))).toHaveLength(2);
  });

  it("REST: POST /api/v1/purchases/imports takes a multipart file with a mapping", async () => {
    const { business, businessId, asOwner, asha } = await shop();
    const key = await createApiKeyFor(db, business);
    const form = new FormData();
    form.set("file", new File(["Ref,Who,When,Paid\nR-9,asha@example.com,2026-12-04,999.50\n"], "pos.csv"));
    form.set("mapping", JSON.stringify({ Ref: "orderId", Who: "email", When: "date", Paid: "amount" }));
    const res = await restImport(
      new Request("http://localhost/api/v1/purchases/imports", {
        method: "POST",
        body: form,
        headers: { authorization: `Bearer ${key.key}` },
      }),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ created: 1, failed: 0 });
    expect((await asOwner.customers.get({ businessId, customerId: asha.id })).purchases.totalSpent).toBe(
      99_950,
    );
    const bad = new FormData();
    bad.set("file", new File(["Ref,Who\nR-1,asha@example.com\n"], "pos.csv"));
    const refused = await restImport(
      new Request("http://localhost/api/v1/purchases/imports", {
        method: "POST",
        body: bad,
        headers: { authorization: `Bearer ${key.key}` },
      }),
    );
    expect(refused.status).toBe(422);
  });
});

describe("credit notes", () => {
  it("cancel or reduce an issued invoice: amount due, status, the PDF's reference and the purchase follow", async () => {
    const { businessId, asOwner, ravi } = await shop();
    const draft = await asOwner.invoices.create({
      businessId,
      customerId: ravi.id,
      lines: [
        { description: "Bridal makeup", quantity: "1", unitPrice: 1_000_000 },
        { description: "Hair styling", quantity: "1", unitPrice: 200_000 },
      ],
    });
    const invoice = await asOwner.invoices.issue({ businessId, invoiceId: draft.id });
    await expect(
      asOwner.invoices.createCreditNote({ businessId, invoiceId: draft.id, lines: null }),
    ).resolves.toMatchObject({
      kind: "credit_note",
      status: "draft",
      creditNoteFor: draft.id,
      total: 1_200_000,
    });
    // Reduce it: credit the styling only.
    const partial = await asOwner.invoices.createCreditNote({
      businessId,
      invoiceId: draft.id,
      lines: [{ description: "Hair styling not done", quantity: "1", unitPrice: 200_000 }],
    });
    const issued = await asOwner.invoices.issue({ businessId, invoiceId: partial.id });
    expect(issued.number).toMatch(/^CN\/\d{4}-\d{2}\/0001$/);
    const after = await asOwner.invoices.get({ businessId, invoiceId: draft.id });
    expect(after).toMatchObject({ amountCredited: 200_000, amountDue: 1_000_000, status: "issued" });
    const doc = await import("@/server/services/invoices").then((m) =>
      m.invoiceDocument(db, businessId, partial.id),
    );
    expect(doc.referenceNumber).toBe(invoice.number);

    // More than is left to credit is refused; a payment of the rest makes it paid, and the purchase is net.
    const tooMuch = await asOwner.invoices.createCreditNote({
      businessId,
      invoiceId: draft.id,
      lines: [{ description: "Everything", quantity: "1", unitPrice: 1_100_000 }],
    });
    await expect(asOwner.invoices.issue({ businessId, invoiceId: tooMuch.id })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(
      asOwner.invoices.recordPayment({ businessId, invoiceId: draft.id, amount: 1_100_000, method: "cash" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await asOwner.invoices.recordPayment({
      businessId,
      invoiceId: draft.id,
      amount: 1_000_000,
      method: "cash",
    });
    expect((await asOwner.invoices.get({ businessId, invoiceId: draft.id })).status).toBe("paid");
    expect((await asOwner.customers.get({ businessId, customerId: ravi.id })).purchases).toMatchObject({
      totalSpent: 1_000_000,
      ordersCount: 1,
    });
    // Crediting the rest of a paid invoice (a refund) takes the purchase away.
    const rest = await asOwner.invoices.createCreditNote({
      businessId,
      invoiceId: draft.id,
      lines: [{ description: "Refund", quantity: "1", unitPrice: 1_000_000 }],
    });
    await asOwner.invoices.issue({ businessId, invoiceId: rest.id });
    expect((await asOwner.customers.get({ businessId, customerId: ravi.id })).purchases).toMatchObject({
      totalSpent: 0,
      ordersCount: 0,
    });
    await expect(asOwner.invoices.void({ businessId, invoiceId: draft.id })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    await expect(
      asOwner.invoices.createCreditNote({ businessId, invoiceId: draft.id }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
    });
  });
});
