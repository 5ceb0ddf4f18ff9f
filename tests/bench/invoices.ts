import type postgres from "postgres";
import type { Db } from "@/db/client";
import type { Row } from "./lead-form-submissions";
import { fmt, percentile, timed } from "./measure";

export interface InvoiceBenchInput {
  db: Db;
  client: postgres.Sql;
  businessId: string;
  userId: string;
  /** Invoices to seed (default BENCH_INVOICES or 1,000,000). */
  rows?: number;
  runs?: number;
}

/**
 * (i) Invoices: the list's first page (newest first, 50) over `rows` issued invoices of one business, by
 * the service beside the raw SQL of the same page, and the "overdue" filter; then (k) numbering: 50
 * drafts issued at once (the pool's connections) must get 50 consecutive numbers; the time per issue.
 * Output: table rows. Errors: throws when the numbers have a gap or a duplicate.
 */
export async function benchInvoices(input: InvoiceBenchInput): Promise<Row[]> {
  const { db, client, businessId, userId } = input;
  const rows = input.rows ?? Number(process.env.BENCH_INVOICES ?? 1_000_000);
  const runs = input.runs ?? 30;
  const { listInvoices, createDraft, issueInvoice } = await import("@/server/services/invoices");
  const out: Row[] = [];

  console.log(`seeding ${fmt(rows, 0)} invoices…`);
  const t0 = performance.now();
  await client`
    insert into invoices (business_id, kind, status, number, fiscal_year, currency, issue_date, due_date,
                          subtotal, tax_total, total, amount_paid, created_at)
    select ${businessId}, 'invoice', (array['issued','paid','partially_paid','void']::invoice_status[])[1 + g % 4],
           'SEED/' || g, '2026-27', 'INR',
           (date '2026-04-01' + (g % 240)), (date '2026-04-08' + (g % 240)),
           100000, 18000, 118000, case when g % 4 = 1 then 118000 else 0 end,
           timestamptz '2026-04-01' + make_interval(secs => g)
    from generate_series(1, ${rows}) g`;
  await client`vacuum (analyze) invoices`;
  out.push([
    `(i) seed: ${fmt(rows, 0)} invoices by INSERT … SELECT`,
    `${fmt((performance.now() - t0) / 1000, 2)} s`,
    "",
    "",
  ]);

  const svc = await timed(runs, () => listInvoices(db, businessId, { limit: 50 }));
  const raw = await timed(
    runs,
    () => client`
      select i.*, c.name from invoices i left join customers c on c.id = i.customer_id and c.business_id = ${businessId}
      where i.business_id = ${businessId} order by i.created_at desc, i.id desc limit 51`,
  );
  out.push([
    "(i) invoices list, first page (newest first, 50) — service",
    `p50 ${fmt(percentile(svc, 50), 2)} ms`,
    `p95 ${fmt(percentile(svc, 95), 2)} ms`,
    `${fmt(percentile(svc, 95) / percentile(raw, 95), 2)}× of raw SQL`,
  ]);
  out.push([
    "(i) same page, raw SQL",
    `p50 ${fmt(percentile(raw, 50), 2)} ms`,
    `p95 ${fmt(percentile(raw, 95), 2)} ms`,
    "",
  ]);
  const overdue = await timed(runs, () => listInvoices(db, businessId, { limit: 50, status: "overdue" }));
  out.push([
    "(i) invoices list filtered overdue, first page — service",
    `p50 ${fmt(percentile(overdue, 50), 2)} ms`,
    `p95 ${fmt(percentile(overdue, 95), 2)} ms`,
    "",
  ]);

  const actor = { businessId, userId };
  const line = {
    description: "Consultation",
    quantity: "1",
    unitPrice: 100_000,
    taxes: [{ name: "GST", rateBasisPoints: 1800 }],
  };
  const drafts = [];
  for (let i = 0; i < 50; i++) drafts.push(await createDraft(db, actor, { kind: "quote", lines: [line] }));
  const times: number[] = [];
  const t1 = performance.now();
  const issued = await Promise.all(
    drafts.map(async (d) => {
      const s = performance.now();
      const r = await issueInvoice(db, actor, d.id);
      times.push(performance.now() - s);
      return r;
    }),
  );
  const wall = performance.now() - t1;
  const seqs = issued.map((r) => Number(r.number!.split("/").at(-1))).sort((a, b) => a - b);
  if (seqs.some((n, i) => n !== i + 1)) throw new Error(`numbers with a gap or duplicate: ${seqs.join(",")}`);
  out.push([
    "(k) numbering: 50 quotes issued at once (pool of 4 connections) → numbers 1–50, no gap, no duplicate",
    `${fmt(wall, 0)} ms in all`,
    `p50 ${fmt(percentile(times, 50), 1)} ms, p95 ${fmt(percentile(times, 95), 1)} ms per issue`,
    "",
  ]);
  return out;
}
