import { randomBytes, randomUUID } from "node:crypto";
import postgres from "postgres";
import type { Db } from "@/db/client";
import { fmt, percentile } from "./measure";
import { loadWith, startServer } from "./rest-load";

/** The AUTH_SECRET of the bench process and of the app it starts. */
export const BENCH_AUTH_SECRET = "bench-secret-bench-secret-bench-secret";

export type Row = [string, string, string, string];

export interface SubmissionBenchInput {
  db: Db;
  /** A postgres.js client of the bench database (for the bare INSERT and the checks). */
  client: postgres.Sql;
  databaseUrl: string;
  dataDir: string;
  businessId: string;
  userId: string;
  /** Seconds of load (default 20). */
  seconds?: number;
  connections?: number;
}

/**
 * (l) Lead form submissions through the public endpoint of one production app process (`next start`):
 * `connections` visitors post JSON answers with a fresh timing token each (issued 10 s earlier, as if
 * the form had been filled) for `seconds`; then the background work (the in-process local driver) drains
 * and every 201 must be a processed submission and a customer. Beside it, in the same run: a bare
 * `INSERT` of the same rows into `form_submissions` from the same number of connections.
 * Output: table rows. Errors: throws when a 201 did not become a customer (something was lost).
 */
export async function benchSubmissions(input: SubmissionBenchInput): Promise<Row[]> {
  const { db, client, businessId, userId } = input;
  const seconds = input.seconds ?? Number(process.env.BENCH_FORM_SECONDS ?? 20);
  const connections = input.connections ?? 10;
  // The bench mints the tokens the app checks: both sides sign with the same AUTH_SECRET, which the
  // bench sets before anything reads the environment.
  const secret = BENCH_AUTH_SECRET;
  if (process.env.AUTH_SECRET !== secret) throw new Error("set AUTH_SECRET to BENCH_AUTH_SECRET first");
  const { createForm } = await import("@/server/services/lead-forms/forms");
  const { publishForm } = await import("@/server/services/lead-forms/publish");
  const { issueTimingToken } = await import("@/server/services/lead-forms/intake/timing-token");
  const actor = { businessId, userId };
  const created = await createForm(db, actor, {
    name: "Bench consultation",
    definition: {
      fields: [
        { key: "name", type: "short_text", label: "Your name", required: true, mapTo: "name" },
        { key: "email", type: "email", label: "Email", required: true, mapTo: "email" },
        { key: "phone", type: "phone", label: "Mobile", mapTo: "phone", defaultCountry: "IN" },
        { key: "message", type: "long_text", label: "Message" },
      ],
      settings: { title: "Book a consultation", leadDefaults: { tags: ["website"], source: "Website" } },
    } as never,
  });
  const form = await publishForm(db, actor, created.id);
  const versionId = form.publishedVersion!.id;

  let n = 0;
  const answers = () => {
    n++;
    return {
      name: `Visitor ${n}`,
      email: `visitor.${n}.${randomBytes(3).toString("hex")}@bench.example.org`,
      phone: `+9198${String(10_000_000 + n).slice(-8)}`,
      message: "I would like to book a consultation next week, in the evening if possible.",
    };
  };

  const port = 4600 + Math.floor(Math.random() * 300);
  const origin = `http://127.0.0.1:${port}`;
  const stop = await startServer(port, {
    DATABASE_URL: input.databaseUrl,
    MINI_CRM_DATA_DIR: input.dataDir,
    AUTH_SECRET: secret,
    AUTH_TRUST_HOST: "true",
    APP_URL: origin,
    LEAD_FORM_SUBMISSIONS_PER_IP: "100000000",
    LEAD_FORM_SUBMISSIONS_PER_FORM: "100000000",
  });
  if (!stop)
    return [["(l) lead form submissions: no production build, run `npm run build` first", "", "", ""]];
  const rows: Row[] = [];
  let count = 0;
  let perSecond = 0;
  try {
    const url = `${origin}/api/forms/${form.id}/submit`;
    const request = {
      url,
      method: "POST" as const,
      headers: { "content-type": "application/json", origin },
      body: () =>
        JSON.stringify({
          ...answers(),
          _t: issueTimingToken(form.id, new Date(Date.now() - 10_000)),
          _ctx: JSON.stringify({ landingPage: `${origin}/?utm_source=bench` }),
        }),
    };
    await loadWith(request, connections, 2); // warm-up (its submissions are counted in the checks too)
    const run = await loadWith(
      request,
      connections,
      seconds,
      (_status, body) => (JSON.parse(body) as { id: string }).id,
    );
    // How far the background work got while the visitors were posting (it yields to them).
    const [during] = await client<{ n: number }[]>`
      select count(*)::int as n from form_submissions where form_id = ${form.id} and status = 'processed'`;
    // Drain: the app's background work turns each stored submission into a customer. Requests still in
    // flight when the load stopped may be stored a moment later, so the drain also waits for the count
    // of stored submissions to settle.
    const drainStart = performance.now();
    let left = 1;
    let total = -1;
    while (performance.now() - drainStart < 600_000) {
      await new Promise((r) => setTimeout(r, 500));
      const [r] = await client<{ n: number; left: number }[]>`
        select count(*)::int as n, (count(*) filter (where status = 'received'))::int as left
        from form_submissions where form_id = ${form.id}`;
      const settled = r!.n === total;
      total = r!.n;
      left = r!.left;
      if (left === 0 && settled) break;
    }
    const drainMs = performance.now() - drainStart;
    const [check] = await client<{ processed: number; spam: number; failed: number; customers: number }[]>`
      select
        count(*) filter (where s.status = 'processed')::int as processed,
        count(*) filter (where s.status = 'spam')::int as spam,
        count(*) filter (where s.status not in ('processed', 'spam', 'received'))::int as failed,
        (select count(*)::int from customers c where c.business_id = ${businessId} and c.deleted_at is null) as customers
      from form_submissions s where s.form_id = ${form.id}`;
    const ids = new Set(run.answers);
    const [lost] = await client<{ n: number }[]>`
      select count(*)::int as n from form_submissions
      where form_id = ${form.id} and id = any(${[...ids]}::uuid[]) and customer_id is not null`;
    if (left > 0 || check!.customers !== total || lost!.n !== ids.size)
      throw new Error(
        `submissions lost: ${total} stored, ${left} still received, ${check!.customers} customers, ${lost!.n} of ${ids.size} answered 201 have a customer`,
      );
    count = run.requests;
    perSecond = run.perSecond;
    rows.push([
      `(l) POST /api/forms/{id}/submit, ${connections} connections, ${seconds} s, one app process (${fmt(run.requests, 0)} requests: ${Object.entries(
        run.statuses,
      )
        .map(([s, c]) => `${fmt(c, 0)}×${s}`)
        .join(", ")})`,
      `${fmt(run.perSecond, 0)} accepted/s`,
      `p50 ${fmt(run.p50, 1)} ms, p95 ${fmt(run.p95, 1)} ms`,
      `${fmt(during!.n, 0)} processed during the load, the rest drained in ${fmt(drainMs / 1000, 1)} s (${fmt((check!.processed - during!.n) / (drainMs / 1000), 0)}/s): ${fmt(check!.processed, 0)} processed, ${check!.spam} spam, ${check!.failed} failed, ${fmt(check!.customers, 0)} customers = every 201`,
    ]);
    // The floor of the same process: the same POST to a form id that does not exist (the body read, one
    // indexed lookup, a 404). What a submission costs above this is ours; this much is the framework's.
    const floor = await loadWith(
      { ...request, url: `${origin}/api/forms/${randomUUID()}/submit` },
      connections,
      Math.min(seconds, 10),
    );
    rows.push([
      `(l) floor: the same POST to an unknown form (404), same process, ${connections} connections`,
      `${fmt(floor.perSecond, 0)} requests/s`,
      `p50 ${fmt(floor.p50, 1)} ms, p95 ${fmt(floor.p95, 1)} ms`,
      `submissions = ${fmt(run.perSecond / floor.perSecond, 2)}× of the floor`,
    ]);
  } finally {
    await stop();
  }
  // The same rows, inserted bare, from the same number of connections.
  const bare = postgres(input.databaseUrl, { max: connections, onnotice: () => {} });
  const bareTimes: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next < count) {
        next++;
        const a = answers();
        const started = performance.now();
        await bare`
          insert into form_submissions (business_id, form_id, version_id, answers, context, token_nonce)
          values (${businessId}, ${form.id}, ${versionId}, ${bare.json(a)},
                  ${bare.json({ landingPage: `${origin}/?utm_source=bench` })}, ${randomUUID()})`;
        bareTimes.push(performance.now() - started);
      }
    }),
  );
  const bareSeconds = (performance.now() - t0) / 1000;
  await bare.end({ timeout: 5 });
  await client`delete from form_submissions where form_id = ${form.id} and status = 'received'`;
  rows.push([
    `(l) same rows, bare INSERT into form_submissions, ${connections} connections (${fmt(count, 0)} rows)`,
    `${fmt(count / bareSeconds, 0)} rows/s`,
    `p50 ${fmt(percentile(bareTimes, 50), 2)} ms, p95 ${fmt(percentile(bareTimes, 95), 2)} ms`,
    `endpoint = ${fmt(perSecond / (count / bareSeconds), 2)}× of bare INSERT`,
  ]);
  return rows;
}
