import { randomUUID } from "node:crypto";
import postgres from "postgres";
import type { Db } from "@/db/client";
import type { Row } from "./lead-form-submissions";
import { fmt, percentileOf } from "./measure";

/** Runs `work` from `workers` concurrent loops for `seconds`; output: per second, p50 and p95 (ms). */
async function concurrently(workers: number, seconds: number, work: (i: number) => Promise<unknown>) {
  const times: number[] = [];
  let n = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (performance.now() < until) {
        const t = performance.now();
        await work(n++);
        times.push(performance.now() - t);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const at = percentileOf(times);
  return { done: times.length, perSecond: times.length / elapsed, p50: at(50), p95: at(95) };
}

/**
 * (p) Concurrent customer creation in ONE business: `createCustomer` (its own transaction: the customer,
 * its `created` timeline entry and the business's live-customer counter) from `workers` loops at once,
 * as lead form submissions and REST creates arrive, beside raw SQL transactions inserting the same two
 * rows from as many connections in the same run. The counter change is applied when each transaction
 * commits, so the writers do not queue on the business's counter row for their whole transaction.
 * Output: table rows; the counter is checked against `count(*)` afterwards (throws when they differ).
 */
export async function benchCustomerCreates(input: {
  db: Db;
  databaseUrl: string;
  businessId: string;
  seconds?: number;
  workers?: number;
}): Promise<Row[]> {
  const { db, businessId } = input;
  const seconds = input.seconds ?? 5;
  const workers = input.workers ?? 10;
  const { createCustomer } = await import("@/server/services/customers");
  const actor = { businessId, userId: null };
  const service = await concurrently(workers, seconds, (i) =>
    createCustomer(
      db,
      actor,
      {
        name: `Walk-in ${i}`,
        email: `walk.in.${i}.${randomUUID().slice(0, 8)}@bench.example.org`,
      } as Parameters<typeof createCustomer>[2],
      { businessCountry: "IN" },
    ),
  );
  const raw = postgres(input.databaseUrl, { max: workers, onnotice: () => {} });
  const bare = await concurrently(workers, seconds, (i) =>
    raw.begin(async (tx) => {
      const [c] = await tx<{ id: string }[]>`
        insert into customers (business_id, name, email)
        values (${businessId}, ${`Raw ${i}`}, ${`raw.${i}.${randomUUID().slice(0, 8)}@bench.example.org`})
        returning id`;
      await tx`insert into activities (business_id, customer_id, type, data)
               values (${businessId}, ${c!.id}, 'created', '{}')`;
    }),
  );
  const [check] = await raw<{ counter: number; live: number }[]>`
    select (select live from customer_counts where business_id = ${businessId}) as counter,
           (select count(*)::int from customers where business_id = ${businessId} and deleted_at is null) as live`;
  await raw.end({ timeout: 5 });
  if (check!.counter !== check!.live)
    throw new Error(`customer counter ${check!.counter} but ${check!.live} live customers`);
  return [
    [
      `(p) createCustomer in one business, ${workers} concurrent writers, ${seconds} s (${fmt(service.done, 0)} customers)`,
      `${fmt(service.perSecond, 0)} customers/s`,
      `p50 ${fmt(service.p50, 2)} ms, p95 ${fmt(service.p95, 2)} ms`,
      `counter = count(*) = ${fmt(check!.live, 0)}`,
    ],
    [
      `(p) raw SQL: the same customer + timeline rows per transaction, ${workers} connections`,
      `${fmt(bare.perSecond, 0)} transactions/s`,
      `p50 ${fmt(bare.p50, 2)} ms, p95 ${fmt(bare.p95, 2)} ms`,
      `service = ${fmt(service.perSecond / bare.perSecond, 2)}× of raw SQL`,
    ],
  ];
}
