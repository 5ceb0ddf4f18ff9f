import { crc32, deflateSync } from "node:zlib";
import { eq } from "drizzle-orm";
import { extractText, getDocumentProxy } from "unpdf";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as appPdf } from "@/app/api/invoices/[id]/pdf/route";
import { GET as restPdf } from "@/app/api/v1/invoices/[id]/pdf/route";
import { GET as publicPdf } from "@/app/i/[token]/pdf/route";
import type { Db } from "@/db/client";
import { customers, invoices } from "@/db/schema";
import { withRtlMarks } from "@/server/pdf/invoice-pdf";
import { invoicePdf } from "@/server/services/invoices";
import { getObject } from "@/server/services/storage";
import { callerFor } from "../helpers/caller";
import { testDb } from "../helpers/db";
import { createApiKeyFor, createBusiness, createUser } from "../helpers/factories";

let db: Db;
beforeAll(async () => {
  db = (await testDb()).db;
});

const gst18 = [{ name: "GST", rateBasisPoints: 1800 }];

async function pdfText(bytes: Uint8Array): Promise<string> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const { text } = await extractText(pdf, { mergePages: true });
  return text;
}

async function issuedInvoice(template: "classic" | "modern" = "classic") {
  const owner = await createUser(db);
  const business = await createBusiness(db, { owner, country: "IN", name: "Sharma Clinic" });
  const businessId = business.id;
  const asOwner = callerFor(db, owner);
  await asOwner.invoices.updateSettings({
    businessId,
    legalName: "Sharma Clinic LLP",
    gstin: "29AAGCB7383J1Z4",
    addressLines: ["12 MG Road", "Bengaluru 560001"],
    upiVpa: "sharmaclinic@okhdfcbank",
    bankDetails: [{ label: "IFSC", value: "HDFC0001234" }],
    template,
  });
  const [ramesh] = await db
    .insert(customers)
    .values({ businessId, name: "रमेश कुमार", email: "ramesh@example.com", state: "Karnataka" })
    .returning();
  const draft = await asOwner.invoices.create({
    businessId,
    customerId: ramesh!.id,
    lines: [
      { description: "Consultation", hsnSac: "999312", quantity: "1", unitPrice: 100_000, taxes: gst18 },
      { description: "Blood test", hsnSac: "999316", quantity: "1", unitPrice: 50_000, taxes: gst18 },
    ],
  });
  const issued = await asOwner.invoices.issue({ businessId, invoiceId: draft.id });
  return { owner, business, businessId, asOwner, invoice: issued };
}

describe("invoice PDF", () => {
  it("prints what the invoice says: number, GSTIN, CGST + SGST, total, amount in words, a Hindi name", async () => {
    const { businessId, invoice } = await issuedInvoice();
    const pdf = await invoicePdf(db, businessId, invoice.id);
    expect(Buffer.from(pdf.bytes.subarray(0, 5)).toString()).toBe("%PDF-");
    expect(pdf.filename).toBe(`${invoice.number!.replaceAll("/", "-")}.pdf`);
    const text = await pdfText(pdf.bytes);
    expect(text).toContain("TAX INVOICE");
    expect(text).toContain(invoice.number!);
    expect(text).toContain("Sharma Clinic LLP");
    expect(text).toContain("GSTIN: 29AAGCB7383J1Z4");
    expect(text).toContain("रमेश कुमार");
    expect(text).toContain("CGST 9%");
    expect(text).toContain("SGST 9%");
    expect(text).toContain("CGST 9% ₹135.00");
    expect(text).toContain("₹1,770.00");
    expect(text).toContain("One Thousand Seven Hundred Seventy Rupees Only");
    expect(text).toContain("Scan to pay ₹1,770.00");
    expect(text).toContain("UPI: sharmaclinic@okhdfcbank");
    expect(text).toContain("IFSC: HDFC0001234");
    // The public page's address, for paying online.
    expect(text).toMatch(/Pay online: http\S+\/i\/[\w-]{20,}/);
  });

  it("draws the modern template from the billing settings", async () => {
    const { businessId, invoice } = await issuedInvoice("modern");
    const text = await pdfText((await invoicePdf(db, businessId, invoice.id)).bytes);
    expect(text).toContain("TAX INVOICE");
    expect(text).toContain("₹1,770.00");
  });

  it("is cached until the invoice changes: the same bytes again, new ones after a payment", async () => {
    const { businessId, asOwner, invoice } = await issuedInvoice();
    const first = await invoicePdf(db, businessId, invoice.id);
    expect(first.cached).toBe(false);
    const again = await invoicePdf(db, businessId, invoice.id);
    expect(again).toMatchObject({ cached: true, etag: first.etag });
    expect(Buffer.from(again.bytes).equals(Buffer.from(first.bytes))).toBe(true);
    const [row] = await db
      .select({ pdfKey: invoices.pdfKey })
      .from(invoices)
      .where(eq(invoices.id, invoice.id));
    const oldKey = row!.pdfKey!;

    await asOwner.invoices.recordPayment({
      businessId,
      invoiceId: invoice.id,
      amount: 177_000,
      method: "upi",
      reference: "UPI-1",
    });
    const paid = await invoicePdf(db, businessId, invoice.id);
    expect(paid.cached).toBe(false);
    expect(paid.etag).not.toBe(first.etag);
    const text = await pdfText(paid.bytes);
    expect(text).toContain("PAID");
    expect(text).not.toContain("Scan to pay");
    // The old file is gone from storage.
    expect(await getObject(oldKey)).toBeNull();
  });

  it("is served to members and API keys of its business, with ETag revalidation; 404 to others", async () => {
    const { business, invoice } = await issuedInvoice();
    const key = await createApiKeyFor(db, business);
    const url = `http://localhost:3000/api/invoices/${invoice.id}/pdf`;
    const params = { params: Promise.resolve({ id: invoice.id }) };
    const res = await appPdf(new Request(url, { headers: { authorization: `Bearer ${key.key}` } }), params);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-disposition")).toMatch(/^inline; filename="INV-/);
    const etag = res.headers.get("etag")!;
    expect(await pdfText(new Uint8Array(await res.arrayBuffer()))).toContain("₹1,770.00");

    const revalidated = await appPdf(
      new Request(url, { headers: { authorization: `Bearer ${key.key}`, "if-none-match": etag } }),
      params,
    );
    expect(revalidated.status).toBe(304);

    const download = await restPdf(
      new Request(`http://localhost:3000/api/v1/invoices/${invoice.id}/pdf?download=1`, {
        headers: { authorization: `Bearer ${key.key}` },
      }),
      params,
    );
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toMatch(/^attachment; filename="INV-/);

    const other = await createBusiness(db, { owner: await createUser(db) });
    const otherKey = await createApiKeyFor(db, other);
    const refused = await restPdf(
      new Request(`http://localhost:3000/api/v1/invoices/${invoice.id}/pdf`, {
        headers: { authorization: `Bearer ${otherKey.key}` },
      }),
      params,
    );
    expect(refused.status).toBe(404);
  });

  it("opens from the public link without sign-in; an unknown token is a plain 404", async () => {
    const { invoice } = await issuedInvoice();
    const token = invoice.publicToken!;
    const res = await publicPdf(new Request(`http://localhost:3000/i/${token}/pdf`), {
      params: Promise.resolve({ token }),
    });
    expect(res.status).toBe(200);
    expect(await pdfText(new Uint8Array(await res.arrayBuffer()))).toContain("रमेश कुमार");
    const missing = await publicPdf(new Request(`http://localhost:3000/i/${"x".repeat(32)}/pdf`), {
      params: Promise.resolve({ token: "x".repeat(32) }),
    });
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe("Not found");
  });
});

/** A real 8×8 PNG (red), built from its chunks: signature, IHDR, zlib-compressed scanlines, IEND. */
function tinyPng(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body) >>> 0);
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(8, 0);
  ihdr.writeUInt32BE(8, 4);
  ihdr.writeUInt8(8, 8); // bit depth
  ihdr.writeUInt8(2, 9); // RGB
  const row = Buffer.concat([
    Buffer.from([0]),
    Buffer.from(Array.from({ length: 8 }, () => [255, 0, 0]).flat()),
  ]);
  const raw = Buffer.concat(Array.from({ length: 8 }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

describe("the business's logo on documents", () => {
  it("prints a PNG logo in the header, draws the PDF again when it changes, and refuses other files", async () => {
    const { businessId, asOwner, invoice } = await issuedInvoice();
    const before = await invoicePdf(db, businessId, invoice.id);
    expect(Buffer.from(before.bytes).includes("/Subtype /Image")).toBe(false);
    await asOwner.invoices.setLogo({ businessId, image: tinyPng().toString("base64") });
    const withLogo = await invoicePdf(db, businessId, invoice.id);
    expect(withLogo.cached).toBe(false);
    expect(withLogo.etag).not.toBe(before.etag);
    expect(Buffer.from(withLogo.bytes).includes("/Subtype /Image")).toBe(true);
    expect(await pdfText(withLogo.bytes)).toContain("Sharma Clinic LLP");

    await expect(
      asOwner.invoices.setLogo({ businessId, image: Buffer.from("GIF89a not a png").toString("base64") }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: "The logo must be a PNG or JPEG image." });
    await expect(
      asOwner.invoices.setLogo({ businessId, image: Buffer.alloc(600 * 1024).toString("base64") }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await asOwner.invoices.setLogo({ businessId, image: null });
    const without = await invoicePdf(db, businessId, invoice.id);
    expect(Buffer.from(without.bytes).includes("/Subtype /Image")).toBe(false);
  });
});

describe("right-to-left names", () => {
  it("prints a Persian name and address in Noto Sans Arabic, each text led by a right-to-left mark", async () => {
    expect(withRtlMarks({ name: "زهرا محمدی", lines: ["تهران", "Pune"], n: 3 })).toEqual({
      name: "\u200fزهرا محمدی",
      lines: ["\u200fتهران", "Pune"],
      n: 3,
    });
    const owner = await createUser(db);
    const business = await createBusiness(db, { owner, country: "IN", name: "Kaveri Salon" });
    const asOwner = callerFor(db, owner);
    const [zahra] = await db
      .insert(customers)
      .values({ businessId: business.id, name: "زهرا محمدی", city: "تهران" })
      .returning();
    const draft = await asOwner.invoices.create({
      businessId: business.id,
      customerId: zahra!.id,
      lines: [{ description: "کوتاهی مو و رنگ", quantity: "1", unitPrice: 100_000 }],
    });
    await asOwner.invoices.issue({ businessId: business.id, invoiceId: draft.id });
    const pdf = await invoicePdf(db, business.id, draft.id);
    const bytes = Buffer.from(pdf.bytes);
    expect(bytes.includes("NotoSansArabic-Regular")).toBe(true);
    expect(bytes.includes("NotoSansArabic-Bold")).toBe(true);
  });
});
