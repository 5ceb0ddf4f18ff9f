import type { Db } from "@/db/client";
import { customers } from "@/db/schema";
import type { Row } from "./lead-form-submissions";
import { fmt, percentile } from "./measure";

const mb = (bytes: number) => `${fmt(bytes / 1024 / 1024, 1)} MB`;

export interface PdfBenchInput {
  db: Db;
  businessId: string;
  userId: string;
  /** PDFs drawn in a row for the memory check (default BENCH_PDFS or 1,000). */
  count?: number;
}

/**
 * (o) Invoice PDFs: a 10-line GST invoice (a Hindi buyer name, UPI QR code) drawn warm, p50/p95 over 100
 * draws; the same PDF served from the cache; then `count` PDFs drawn in a row with the heap measured
 * after a full GC at the start, the middle and the end (flat memory: no growth per PDF). Beside them,
 * the raw SQL that reads the invoice row. Output: table rows.
 */
export async function benchInvoicePdf(input: PdfBenchInput): Promise<Row[]> {
  const { db, businessId, userId } = input;
  const count = input.count ?? Number(process.env.BENCH_PDFS ?? 1_000);
  const { updateInvoiceSettings, createDraft, issueInvoice, invoiceDocument, invoicePdf } = await import(
    "@/server/services/invoices"
  );
  const { renderInvoicePdf } = await import("@/server/pdf/render");
  const { sql } = await import("drizzle-orm");
  const actor = { businessId, userId };
  await updateInvoiceSettings(db, businessId, {
    legalName: "Bench Clinic LLP",
    gstin: "29AAGCB7383J1Z4",
    addressLines: ["12 MG Road", "Bengaluru 560001"],
    upiVpa: "benchclinic@okhdfcbank",
    bankDetails: [
      { label: "Account", value: "50100012345678" },
      { label: "IFSC", value: "HDFC0001234" },
    ],
  });
  const [customer] = await db
    .insert(customers)
    .values({ businessId, name: "रमेश कुमार", email: "ramesh@example.com", state: "Karnataka" })
    .returning();
  const lines = Array.from({ length: 10 }, (_, i) => ({
    description: `Service ${i + 1}: consultation and follow-up`,
    hsnSac: "999312",
    quantity: String(1 + (i % 3)),
    unitPrice: 75_000 + i * 1_250,
    taxes: [{ name: "GST", rateBasisPoints: 1800 }],
  }));
  const draft = await createDraft(db, actor, { kind: "invoice", customerId: customer!.id, lines });
  const invoice = await issueInvoice(db, actor, draft.id);
  const doc = await invoiceDocument(db, businessId, invoice.id);
  const out: Row[] = [];

  for (let i = 0; i < 20; i++) await renderInvoicePdf(doc);
  const draw: number[] = [];
  let bytes = 0;
  for (let i = 0; i < 100; i++) {
    const t0 = performance.now();
    bytes = (await renderInvoicePdf(doc)).byteLength;
    draw.push(performance.now() - t0);
  }
  await invoicePdf(db, businessId, invoice.id);
  const cached: number[] = [];
  for (let i = 0; i < 100; i++) {
    const t0 = performance.now();
    await invoicePdf(db, businessId, invoice.id);
    cached.push(performance.now() - t0);
  }
  const raw: number[] = [];
  for (let i = 0; i < 100; i++) {
    const t0 = performance.now();
    await db.execute(sql`select * from invoices where business_id = ${businessId} and id = ${invoice.id}`);
    raw.push(performance.now() - t0);
  }
  out.push(
    [
      "(o) PDF of a 10-line GST invoice, drawn (warm, 100×)",
      `p50 ${fmt(percentile(draw, 50))} ms`,
      `p95 ${fmt(percentile(draw, 95))} ms`,
      `${fmt(bytes / 1024, 0)} KB, fonts embedded`,
    ],
    [
      "(o) the same PDF served from the cache",
      `p50 ${fmt(percentile(cached, 50))} ms`,
      `p95 ${fmt(percentile(cached, 95))} ms`,
      `raw SQL of its row: p95 ${fmt(percentile(raw, 95), 2)} ms`,
    ],
  );

  const gc = (globalThis as { gc?: () => void }).gc;
  const heap = () => {
    gc?.();
    return process.memoryUsage();
  };
  const start = heap();
  let middle = start;
  const t0 = performance.now();
  for (let i = 1; i <= count; i++) {
    await renderInvoicePdf(doc);
    if (i === Math.floor(count / 2)) middle = heap();
  }
  const seconds = (performance.now() - t0) / 1000;
  const end = heap();
  out.push([
    `(o) ${fmt(count, 0)} PDFs in a row: heap after GC at start / middle / end`,
    `${mb(start.heapUsed)} / ${mb(middle.heapUsed)} / ${mb(end.heapUsed)}`,
    `${fmt(count / seconds, 1)} PDFs/s`,
    `RSS ${mb(start.rss)} → ${mb(end.rss)}${gc ? "" : " (no --expose-gc: heap not settled)"}`,
  ]);
  return out;
}
