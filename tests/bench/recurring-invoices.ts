import type postgres from "postgres";
import type { Db } from "@/db/client";
import type { Row } from "./lead-form-submissions";
import { fmt } from "./measure";

export interface RecurringBenchInput {
  db: Db;
  client: postgres.Sql;
  businessId: string;
  userId: string;
  /** Due profiles to bill (default BENCH_RECURRING or 10,000). */
  profiles?: number;
}

/**
 * (q) Recurring run: `profiles` monthly profiles of one business (one customer each, two GST lines), all
 * due today, billed by the recurring run's service the way the background function calls it (claims of
 * 250, each invoice inserted under its unique period key and issued with the next gapless number), then
 * their send requests queued (`invoices/send.requested`, stored as runs of a local driver that is not
 * running them, so the figure is the queueing alone). Checks: one invoice per profile, numbers 1…N with
 * no gap, and a second run bills nothing. Beside it, raw SQL inserting the same number of invoice rows.
 * Output: table rows. Errors: throws when a check fails.
 */
export async function benchRecurringInvoices(input: RecurringBenchInput): Promise<Row[]> {
  const { db, client, businessId, userId } = input;
  const count = input.profiles ?? Number(process.env.BENCH_RECURRING ?? 10_000);
  const { generateDueRecurringInvoices, updateInvoiceSettings, todayIn } = await import(
    "@/server/services/invoices"
  );
  const { LocalDriver } = await import("@/server/jobs/local");
  const { sendInvoice } = await import("@/server/jobs/functions/invoices/send-invoice");
  await updateInvoiceSettings(db, businessId, { gstin: "29AAGCB7383J1Z4", invoicePrefix: "REC" });
  const today = todayIn("Asia/Kolkata");
  const lines = JSON.stringify([
    {
      description: "Monthly membership",
      hsnSac: "999723",
      quantity: "1",
      unitPrice: 150_000,
      taxes: [{ name: "GST", rateBasisPoints: 1800 }],
    },
    {
      description: "Locker",
      quantity: "1",
      unitPrice: 20_000,
      taxes: [{ name: "GST", rateBasisPoints: 1800 }],
    },
  ]);
  console.log(`seeding ${fmt(count, 0)} recurring profiles…`);
  await client`
    with c as (
      insert into customers (business_id, name, email, state)
      select ${businessId}, 'Member ' || g, 'member' || g || '@example.com', 'Karnataka'
      from generate_series(1, ${count}) g
      returning id
    )
    insert into recurring_invoices (business_id, name, customer_id, frequency, start_date, currency,
                                    line_inputs, next_run_on, created_by)
    select ${businessId}, 'Membership', c.id, 'monthly', ${today}::date, 'INR', ${lines}::jsonb, ${today}::date, ${userId}
    from c`;
  await client`vacuum (analyze) recurring_invoices`;

  const t0 = performance.now();
  const made: { businessId: string; invoiceId: string; send: boolean }[] = [];
  let runs = 0;
  for (;;) {
    const r = await generateDueRecurringInvoices(db, { limit: 250 });
    runs++;
    made.push(...r.invoices.filter((i) => i.businessId === businessId));
    if (r.failed.length) throw new Error(`recurring bench: ${r.failed.length} profiles failed`);
    if (r.profiles < 250) break;
  }
  const generatedMs = performance.now() - t0;
  const driver = new LocalDriver({ db, functions: [sendInvoice], sweepIntervalMs: 0 });
  await driver.stop(); // stored, not run: the figure is the queueing
  const q0 = performance.now();
  const events = made.map((i) => ({
    name: "invoices/send.requested",
    id: `invoice-send-${i.invoiceId}`,
    data: { invoiceId: i.invoiceId, businessId: i.businessId },
  }));
  for (let i = 0; i < events.length; i += 1_000) await driver.send(events.slice(i, i + 1_000));
  const queuedMs = performance.now() - q0;
  const totalMs = performance.now() - t0;

  const [check] = await client<{ n: number; distinct_numbers: number; profiles: number; max_seq: number }[]>`
    select count(*)::int as n, count(distinct number)::int as distinct_numbers,
           count(distinct recurring_invoice_id)::int as profiles,
           max(split_part(number, '/', 3)::int)::int as max_seq
    from invoices where business_id = ${businessId} and recurring_invoice_id is not null`;
  if (
    check!.n !== count ||
    check!.distinct_numbers !== count ||
    check!.profiles !== count ||
    check!.max_seq !== count
  )
    throw new Error(
      `recurring bench: expected ${count} invoices numbered 1…${count}, got ${JSON.stringify(check)}`,
    );
  const again = await generateDueRecurringInvoices(db, { limit: 250 });
  if (again.invoices.some((i) => i.businessId === businessId))
    throw new Error("recurring bench: a second run billed again");

  const r0 = performance.now();
  await client`
    insert into invoices (business_id, kind, status, currency, customer_id, issue_date, subtotal, tax_total, total)
    select ${businessId}, 'invoice', 'draft', 'INR', c.id, ${today}::date, 170000, 30600, 200600
    from customers c where c.business_id = ${businessId} limit ${count}`;
  const rawMs = performance.now() - r0;
  await client`delete from invoices where business_id = ${businessId} and recurring_invoice_id is null and status = 'draft'`;
  await client`delete from job_runs where function_id like '%send-invoice' and status = 'queued'`;

  return [
    [
      `(q) recurring run: ${fmt(count, 0)} due profiles → issued, numbered invoices (${runs} claims of 250)`,
      `${fmt(generatedMs / 1000, 2)} s`,
      `${fmt(count / (generatedMs / 1000), 0)} invoices/s`,
      "target ≤ 60 s",
    ],
    [
      `(q) …and their ${fmt(count, 0)} send requests queued`,
      `${fmt(queuedMs / 1000, 2)} s`,
      `total ${fmt(totalMs / 1000, 2)} s`,
      `numbers 1…${fmt(count, 0)}, no gap; a 2nd run billed 0`,
    ],
    [
      `(q) raw SQL: ${fmt(count, 0)} invoice rows by INSERT … SELECT (no numbering, no lines)`,
      `${fmt(rawMs / 1000, 2)} s`,
      "",
      "",
    ],
  ];
}
