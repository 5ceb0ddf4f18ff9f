/**
 * `npm run bench`: performance figures on Postgres, each next to raw SQL doing the same in the same run.
 *
 * Uses DATABASE_URL (default postgres://root@127.0.0.1:5432/test) only to reach the server: everything
 * runs in a dedicated database (`<db>_bench`, or BENCH_DATABASE), created, migrated and dropped here, so
 * it never clobbers the tests' data. Sizes: BENCH_ROWS (default 1,000,000 customers and CSV rows),
 * BENCH_XLSX_ROWS (default min(BENCH_ROWS, 100,000)), BENCH_RUNS (default 30). BENCH_KEEP=1 keeps the
 * database. BENCH_ONLY=first-page, segments or campaigns runs only that part (after the seed);
 * BENCH_ONLY=forms runs only the lead form submissions and concurrent customer creation (no seed;
 * BENCH_FORM_SECONDS, default 20);
 * BENCH_ONLY=invoices only the invoices list (BENCH_INVOICES, default 1,000,000) and numbering;
 * BENCH_ONLY=pdf only the invoice PDFs (BENCH_PDFS, default 1,000); BENCH_ONLY=recurring only the
 * recurring run (BENCH_RECURRING profiles, default 10,000). Timings are printed, never asserted.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import postgres from "postgres";
import { benchCustomerCreates } from "./customer-creates";
import { type GenRow, generateCustomers, withInvalidPhones, writeCsv } from "./generate";
import { benchInvoicePdf } from "./invoice-pdf";
import { benchInvoices } from "./invoices";
import { BENCH_AUTH_SECRET, benchSubmissions } from "./lead-form-submissions";
import { fmt, percentile, timed } from "./measure";
import { benchRecurringInvoices } from "./recurring-invoices";
import { type LoadResult, load, mergeLoads, startServer } from "./rest-load";

const rows = Number(process.env.BENCH_ROWS ?? 1_000_000);
const xlsxRows = Number(process.env.BENCH_XLSX_ROWS ?? Math.min(rows, 100_000));
const runs = Number(process.env.BENCH_RUNS ?? 30);
const baseUrl = process.env.DATABASE_URL ?? "postgres://root@127.0.0.1:5432/test";

/** Peak RSS sampled every 100 ms while `fn` runs. */
async function withRss<T>(
  fn: () => Promise<T>,
): Promise<{ value: T; ms: number; peakMb: number; startMb: number }> {
  const start = process.memoryUsage().rss;
  let peak = start;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 100);
  const t0 = performance.now();
  try {
    const value = await fn();
    return {
      value,
      ms: performance.now() - t0,
      peakMb: Math.max(peak, process.memoryUsage().rss) / 2 ** 20,
      startMb: start / 2 ** 20,
    };
  } finally {
    clearInterval(timer);
  }
}

/** Times `a` and `b` `n` times each, alternating (after one warm-up of each): [a's ms, b's ms]. */
async function timedPair(
  n: number,
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
): Promise<[number[], number[]]> {
  await a();
  await b();
  const outA: number[] = [];
  const outB: number[] = [];
  for (let i = 0; i < n; i++) {
    for (const [fn, out] of [
      [a, outA],
      [b, outB],
    ] as const) {
      const t0 = performance.now();
      await fn();
      out.push(performance.now() - t0);
    }
  }
  return [outA, outB];
}

/** The middle value of `xs` (ms timings). */
function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const customerCopyColumns = [
  "business_id",
  "name",
  "email",
  "phone",
  "phone_digits",
  "city",
  "source",
  "tags",
  "created_at",
  "last_activity_at",
] as const;

const copyEscape = (v: string) =>
  v.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r");
const pgArray = (xs: string[]) => `{${xs.map((x) => `"${x.replace(/["\\]/g, "\\$&")}"`).join(",")}}`;

/** COPY rows into `table` (customer columns) in text format through postgres.js. */
async function copyRows(client: postgres.Sql, table: string, businessId: string, source: Iterable<GenRow>) {
  const writable = await client
    .unsafe(`copy ${table} (${customerCopyColumns.join(", ")}) from stdin`)
    .writable();
  let chunk = "";
  const flush = async () => {
    if (!writable.write(chunk)) await new Promise((r) => writable.once("drain", r));
    chunk = "";
  };
  for (const r of source) {
    chunk += `${[
      businessId,
      copyEscape(r.name),
      r.email ? copyEscape(r.email) : "\\N",
      r.phone ?? "\\N",
      r.phoneDigits,
      copyEscape(r.city),
      r.source,
      copyEscape(pgArray(r.tags)),
      r.createdAt,
      r.createdAt,
    ].join("\t")}\n`;
    if (chunk.length > 1 << 20) await flush();
  }
  if (chunk) await flush();
  await new Promise<void>((resolve, reject) =>
    writable.end((e?: Error | null) => (e ? reject(e) : resolve())),
  );
  // postgres.js resolves the COPY when the stream finishes; give the server a round trip to settle.
  await client`select 1`;
}

async function main() {
  // The send functions read their rate when defined: set it before anything imports them.
  process.env.CAMPAIGN_EMAIL_REQUESTS_PER_SECOND = process.env.BENCH_SEND_RATE ?? "20";
  // One encryption key for provider secrets here and in the app process (production requires one).
  process.env.MINI_CRM_ENCRYPTION_KEY ??= randomBytes(32).toString("base64");
  const dbName = process.env.BENCH_DATABASE ?? `${new URL(baseUrl).pathname.slice(1) || "postgres"}_bench`;
  console.warn(
    `⚠ bench: uses database "${dbName}" on ${new URL(baseUrl).host} (created and dropped here; never the tests' database)`,
  );
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists "${dbName}" with (force)`);
  await admin.unsafe(`create database "${dbName}"`);
  const url = new URL(baseUrl);
  url.pathname = `/${dbName}`;
  const dataDir = mkdtempSync(path.join(tmpdir(), "crm-bench-"));
  process.env.MINI_CRM_DATA_DIR = dataDir;
  /** What the app process (`next start`) needs to serve the bench's database. */
  const serverEnv = {
    DATABASE_URL: url.toString(),
    MINI_CRM_DATA_DIR: dataDir,
    AUTH_SECRET: BENCH_AUTH_SECRET,
    AUTH_TRUST_HOST: "true",
    API_RATE_LIMIT_PER_MINUTE: "100000000",
  };
  process.env.DATABASE_URL = url.toString();
  process.env.AUTH_SECRET = BENCH_AUTH_SECRET;

  const { createDb } = await import("@/db/client");
  const { listCustomers, countCustomers, customerWhere, customerPageQueries, pageCustomerRows } =
    await import("@/server/services/customers/query");
  const { createImport, processImport } = await import("@/server/services/imports/run");
  const schema = await import("@/db/schema");

  const handle = createDb({ url: url.toString(), max: 4 });
  const { db } = handle;
  const client = postgres(url.toString(), { max: 2, onnotice: () => {} });
  const results: [string, string, string, string][] = [];
  const printTable = async () => {
    const widths = [0, 1, 2, 3].map((i) => Math.max(...results.map((r) => r[i]!.length), 4));
    const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
    console.log(
      `\nMini CRM bench — ${fmt(rows, 0)} customers, Postgres ${(await client`show server_version`)[0]!.server_version}, ${runs} runs\n`,
    );
    console.log(line(["measure", "a", "b", "c"]));
    console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
    for (const r of results) console.log(line(r));
  };
  /**
   * (s) A 3-condition AND/OR segment (tag vip AND (city Pune OR created in the last 30 days)): its count
   * and the builder's preview of 20, through the service, beside the same query written by hand.
   */
  const benchSegments = async () => {
    const { countByRules, previewSegment } = await import("@/server/services/segments");
    const rules = {
      match: "all",
      conditions: [
        { field: "tags", op: "has_any", value: ["vip"] },
        {
          match: "any",
          conditions: [
            { field: "city", op: "eq", value: "Pune" },
            { field: "createdAt", op: "in_last_days", value: 30 },
          ],
        },
      ],
    };
    const since = new Date(Date.now() - 31 * 86_400_000).toISOString();
    const handCount = () => client`
      select count(*)::int from customers
      where business_id = ${segBusinessId} and deleted_at is null and tags && ${["vip"]}::text[]
        and (lower(city) = 'pune' or created_at >= ${since}::timestamptz)`;
    const handPreview = () => client`
      select * from customers
      where business_id = ${segBusinessId} and deleted_at is null and tags && ${["vip"]}::text[]
        and (lower(city) = 'pune' or created_at >= ${since}::timestamptz)
      order by created_at desc, id desc limit 20`;
    // Service and hand-written runs alternate, so neither measures the other's cold cache.
    const [svcCount, rawCount] = await timedPair(
      runs,
      () => countByRules(db, segBusinessId, rules),
      handCount,
    );
    const matched = await countByRules(db, segBusinessId, rules);
    const [handMatched] = await handCount();
    // Both sides must count the same customers, or the comparison means nothing.
    if (handMatched?.count !== matched)
      throw new Error(`segment count ${matched} differs from the hand-written SQL's ${handMatched?.count}`);
    const [svcPreview, rawPreview] = await timedPair(
      runs,
      () => previewSegment(db, segBusinessId, rules, 20),
      async () => Promise.all([handCount(), handPreview()]),
    );
    const x = (a: number[], b: number[]) =>
      `${fmt(percentile(a, 95) / percentile(b, 95), 2)}× of hand-written SQL`;
    results.push([
      `(s) segment count: tag vip AND (city Pune OR created in 30 days) (= ${fmt(matched, 0)}) — service`,
      `p50 ${fmt(percentile(svcCount, 50), 1)} ms`,
      `p95 ${fmt(percentile(svcCount, 95), 1)} ms`,
      x(svcCount, rawCount),
    ]);
    results.push([
      "(s) same count, hand-written SQL",
      `p50 ${fmt(percentile(rawCount, 50), 1)} ms`,
      `p95 ${fmt(percentile(rawCount, 95), 1)} ms`,
      "",
    ]);
    results.push([
      "(s) segment preview: count + first 20, newest first — service",
      `p50 ${fmt(percentile(svcPreview, 50), 1)} ms`,
      `p95 ${fmt(percentile(svcPreview, 95), 1)} ms`,
      x(svcPreview, rawPreview),
    ]);
    results.push([
      "(s) same preview, hand-written SQL",
      `p50 ${fmt(percentile(rawPreview, 50), 1)} ms`,
      `p95 ${fmt(percentile(rawPreview, 95), 1)} ms`,
      "",
    ]);
  };
  /**
   * (m) A 1,000,000-recipient email campaign: the recipients materialised by the service (one INSERT …
   * SELECT with channel, address and exclusion per customer) beside a plain INSERT … SELECT of the same
   * customers into the same table; then (n) the send loop, in the app's process (`next start` with the
   * local driver, resumed through REST; in this process when there is no production build) against a
   * local fake of Resend for BENCH_SEND_SECONDS (default 60) at CAMPAIGN_EMAIL_REQUESTS_PER_SECOND (set
   * to BENCH_SEND_RATE, default 20, requests of 100 emails):
   * the rate held, the gaps between requests, and RSS over the run.
   */
  const benchCampaigns = async () => {
    const sendRate = Number(process.env.CAMPAIGN_EMAIL_REQUESTS_PER_SECOND);
    const { setDbHandle } = await import("@/db/client");
    setDbHandle(handle);
    const { audienceWhere, materializeRecipients } = await import("@/server/services/campaigns/audience");
    const { sendCampaign } = await import("@/server/jobs/functions/campaigns/send-campaign");
    const { sendCampaignEmailBatch } = await import("@/server/jobs/functions/campaigns/send-email-batch");
    const { LocalDriver } = await import("@/server/jobs/local/driver");
    const { sealSecret } = await import("@/server/crypto/secret-box");
    const { startFakeResend } = await import("../helpers/fake-resend");
    const mkCampaign = async (name: string) => {
      const [c] = await db
        .insert(schema.campaigns)
        .values({
          businessId: segBusinessId,
          name,
          channel: "email",
          status: "sending",
          audience: { type: "everyone" },
          email: {
            subject: "Hi {{customer.firstName}}",
            preheader: "",
            blocks: [{ type: "text", text: "Hello {{customer.name}}" }],
          },
        })
        .returning();
      return c!;
    };
    const campaign = await mkCampaign("Bench campaign");
    const where = await audienceWhere(db, segBusinessId, { type: "everyone" });
    console.log("materialising the campaign's recipients…");
    const mat = await withRss(() =>
      materializeRecipients(db, {
        businessId: segBusinessId,
        campaignId: campaign.id,
        where,
        channel: "email",
        requiresOptIn: false,
      }),
    );
    const plain = await mkCampaign("Bench plain insert");
    const rawMat = await withRss(
      () => client`insert into campaign_recipients (business_id, campaign_id, customer_id, channel, address, status)
        select business_id, ${plain.id}, id, 'email', lower(email), 'queued' from customers
        where business_id = ${segBusinessId} and deleted_at is null`,
    );
    results.push([
      `(m) campaign recipients materialised (${fmt(mat.value, 0)} rows: channel, address, exclusions, duplicates) — service`,
      `${fmt(mat.ms / 1000, 2)} s`,
      `${fmt(mat.ms / rawMat.ms, 2)}× of a plain INSERT … SELECT`,
      `peak RSS ${fmt(mat.peakMb, 0)} MB`,
    ]);
    results.push([
      "(m) plain INSERT … SELECT of the same customers, same table",
      `${fmt(rawMat.ms / 1000, 2)} s`,
      "1×",
      "",
    ]);
    await client`delete from campaign_recipients where campaign_id = ${plain.id}`;
    await client`update campaigns set targeted = ${mat.value}, excluded = 0 where id = ${campaign.id}`;
    await client`analyze campaign_recipients`;

    const fake = await startFakeResend();
    process.env.RESEND_BASE_URL = fake.url;
    await db
      .insert(schema.messagingSettings)
      .values({ businessId: segBusinessId, resendApiKeyEnc: sealSecret(fake.apiKey) });
    const seconds = Number(process.env.BENCH_SEND_SECONDS ?? 60);
    const requestTimes: number[] = [];
    let emails = 0;
    const rss: number[] = [];
    const liveHeap: number[] = [];
    const collect = () => {
      // Each batch request's own time (when the fake answered it), not the time it was collected.
      for (const b of fake.batches) {
        if (b.status === 200 && !b.replayed) emails += b.emails.length;
        requestTimes.push(b.at);
      }
      fake.reset();
    };
    // The send loop runs where it runs for users: in the app's own process (`next start`, the local
    // driver), resumed through REST; its RSS is read from /proc. Without a production build it runs in
    // this process instead (which also holds the seed's leftovers), with its heap after each full GC.
    await client`update campaigns set status = 'paused' where id = ${campaign.id}`;
    const port = 4600 + Math.floor(Math.random() * 400);
    const server = await startServer(port, {
      ...serverEnv,
      RESEND_BASE_URL: fake.url,
      CAMPAIGN_EMAIL_REQUESTS_PER_SECOND: String(sendRate),
    });
    let where_ = "this process";
    let idleRss = 0;
    if (server) {
      where_ = "the app process (next start)";
      const { createApiKey } = await import("@/server/services/api-keys");
      const { key } = await createApiKey(db, { businessId: segBusinessId, userId: null }, { name: "bench" });
      const post = (action: string) =>
        fetch(`http://127.0.0.1:${port}/api/v1/campaigns/${campaign.id}/${action}`, {
          method: "POST",
          headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
          body: "{}",
        });
      const processRss = () => {
        const status = readFileSync(`/proc/${server.pid}/status`, "utf8");
        return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
      };
      idleRss = processRss();
      console.log(`sending for ${seconds} s at ${sendRate} requests/s in the app process…`);
      const sampler = setInterval(() => {
        collect();
        rss.push(processRss());
      }, 250);
      try {
        const res = await post("resume");
        if (!res.ok) throw new Error(`resume answered ${res.status}: ${await res.text()}`);
        await new Promise((r) => setTimeout(r, seconds * 1000));
        await post("pause");
      } finally {
        clearInterval(sampler);
        await server();
      }
    } else {
      const driver = new LocalDriver({
        db,
        functions: [sendCampaign, sendCampaignEmailBatch],
        sweepIntervalMs: 0,
        concurrency: 4,
      });
      console.log(`sending for ${seconds} s at ${sendRate} requests/s in this process…`);
      const sampler = setInterval(() => {
        collect();
        rss.push(process.memoryUsage().rss / 2 ** 20);
      }, 250);
      // Live memory, apart from how lazily V8 gives heap back: the heap after a full collection, every
      // 5 s (`npm run bench` runs Node with --expose-gc).
      const heapSampler = setInterval(() => {
        const gc = (globalThis as { gc?: () => void }).gc;
        if (!gc) return;
        gc();
        liveHeap.push(process.memoryUsage().heapUsed / 2 ** 20);
      }, 5000);
      await client`update campaigns set status = 'sending' where id = ${campaign.id}`;
      await driver.send({
        name: "campaigns/send.requested",
        data: { businessId: segBusinessId, campaignId: campaign.id },
      });
      await new Promise((r) => setTimeout(r, seconds * 1000));
      await client`update campaigns set status = 'paused' where id = ${campaign.id}`;
      clearInterval(sampler);
      clearInterval(heapSampler);
      await driver.stop();
    }
    collect();
    await fake.close();
    if (requestTimes.length < 2) {
      results.push([
        `(n) send loop in ${where_}: fewer than two requests reached the fake Resend`,
        "",
        "",
        "",
      ]);
      return;
    }
    // The rate from the first request to the last (the fan-out of 10,000 batch events comes first).
    const span = (requestTimes.at(-1)! - requestTimes[0]!) / 1000;
    const achieved = (requestTimes.length - 1) / span;
    const gaps = requestTimes.slice(1).map((t, i) => t - requestTimes[i]!);
    results.push([
      `(n) send loop in ${where_}, fake Resend, ${fmt(seconds, 0)} s at ${sendRate} requests/s of 100 emails (${fmt(emails, 0)} emails)`,
      `${fmt(achieved, 2)} requests/s (${fmt(((achieved - sendRate) / sendRate) * 100, 1)}%)`,
      `gap p50 ${fmt(percentile(gaps, 50), 0)} ms, p99 ${fmt(percentile(gaps, 99), 0)} ms, max ${fmt(Math.max(...gaps), 0)} ms`,
      `RSS ${fmt(Math.min(...rss), 0)}–${fmt(Math.max(...rss), 0)} MB${idleRss ? ` (idle before: ${fmt(idleRss, 0)} MB)` : ""}${
        liveHeap.length
          ? `, heap after GC ${fmt(Math.min(...liveHeap), 0)}–${fmt(Math.max(...liveHeap), 0)} MB`
          : ""
      }`,
    ]);
  };
  let segBusinessId = "";
  try {
    await handle.migrate();
    const [user] = await db
      .insert(schema.users)
      .values({ email: "bench@example.com", name: "Bench" })
      .returning();
    const mkBusiness = async (name: string) => {
      const [b] = await db
        .insert(schema.businesses)
        .values({
          name,
          slug: `${name.toLowerCase().replace(/\W+/g, "-")}-${Date.now()}`,
          country: "IN",
          timeZone: "Asia/Kolkata",
          currency: "INR",
        })
        .returning();
      return b!;
    };
    // (l) Lead form submissions through one app process, in a business of their own.
    const formsBench = async () => {
      const formBusiness = await mkBusiness("Bench forms");
      results.push(
        ...(await benchSubmissions({
          db,
          client,
          databaseUrl: url.toString(),
          dataDir,
          businessId: formBusiness.id,
          userId: user!.id,
        })),
      );
      // (p) Concurrent customer creation in one business (what the submissions' background step does).
      const createsBusiness = await mkBusiness("Bench creates");
      results.push(
        ...(await benchCustomerCreates({ db, databaseUrl: url.toString(), businessId: createsBusiness.id })),
      );
    };
    if (process.env.BENCH_ONLY === "forms") {
      await formsBench();
      await printTable();
      return;
    }
    // (i, k) Invoices list at BENCH_INVOICES (default 1,000,000) and numbering under concurrency.
    const invoicesBench = async () => {
      const invoiceBusiness = await mkBusiness("Bench invoices");
      results.push(
        ...(await benchInvoices({ db, client, businessId: invoiceBusiness.id, userId: user!.id, runs })),
      );
    };
    if (process.env.BENCH_ONLY === "invoices") {
      await invoicesBench();
      await printTable();
      return;
    }
    // (o) Invoice PDFs: draw time, the cache, memory over 1,000 in a row.
    const pdfBench = async () => {
      const pdfBusiness = await mkBusiness("Bench PDFs");
      results.push(...(await benchInvoicePdf({ db, businessId: pdfBusiness.id, userId: user!.id })));
    };
    if (process.env.BENCH_ONLY === "pdf") {
      await pdfBench();
      await printTable();
      return;
    }
    // (q) Recurring invoices: 10,000 due profiles billed, numbered and queued.
    const recurringBench = async () => {
      const recurringBusiness = await mkBusiness("Bench recurring");
      results.push(
        ...(await benchRecurringInvoices({ db, client, businessId: recurringBusiness.id, userId: user!.id })),
      );
    };
    if (process.env.BENCH_ONLY === "recurring") {
      await recurringBench();
      await printTable();
      return;
    }

    const business = await mkBusiness("Bench list");
    segBusinessId = business.id;

    // ---------------------------------------------------------------- seed
    console.log(`seeding ${fmt(rows, 0)} customers…`);
    const seed = await withRss(() => copyRows(client, "customers", business.id, generateCustomers(rows, 1)));
    // A settled table, as in production: visibility map and hint bits set by a vacuum, statistics fresh.
    await client`vacuum (analyze) customers`;
    results.push([
      "seed: COPY into customers (all indexes)",
      `${fmt(seed.ms / 1000, 2)} s`,
      `${fmt(rows / (seed.ms / 1000), 0)} rows/s`,
      "",
    ]);

    // ---------------------------------------------------------------- (a0) what every user opens first
    // The default page: no filter, newest first, 50 rows, and its unfiltered total.
    const newest = { field: "createdAt" as const, direction: "desc" as const };
    const allWhere = await customerWhere(db, business.id, {});
    const firstPageSql = new PgDialect({ casing: "snake_case" }).sqlToQuery(
      customerPageQueries(db, allWhere, { sort: newest, limit: 50 }).walk.getSQL(),
    );
    const svcFirst = await timed(runs, () => listCustomers(db, business.id, { sort: newest, limit: 50 }));
    const rawFirst = await timed(runs, () => client.unsafe(firstPageSql.sql, firstPageSql.params as never[]));
    results.push([
      "(a0) default first page: no filter, newest first, 50 rows — service",
      `p50 ${fmt(percentile(svcFirst, 50), 2)} ms`,
      `p95 ${fmt(percentile(svcFirst, 95), 2)} ms`,
      `raw SQL p95 ${fmt(percentile(rawFirst, 95), 2)} ms`,
    ]);
    const svcTotal = await timed(runs, () => countCustomers(db, business.id, {}));
    const rawTotal = await timed(
      Math.min(runs, 5),
      () =>
        client`select count(*)::int from customers where business_id = ${business.id} and deleted_at is null`,
    );
    const counted = await countCustomers(db, business.id, {});
    results.push([
      `(a0) unfiltered total (= ${fmt(counted.total, 0)}, per-business counter) — service`,
      `p50 ${fmt(percentile(svcTotal, 50), 2)} ms`,
      `p95 ${fmt(percentile(svcTotal, 95), 2)} ms`,
      `raw count(*) p50 ${fmt(percentile(rawTotal, 50), 1)} ms`,
    ]);

    // REST under 10 connections: the first page beside GET /api/v1/business, same server, same run.
    const port = 4100 + Math.floor(Math.random() * 500);
    const stop = await startServer(port, serverEnv);
    if (stop) {
      try {
        const { createApiKey } = await import("@/server/services/api-keys");
        const { key } = await createApiKey(db, { businessId: business.id, userId: null }, { name: "bench" });
        const auth = { authorization: `Bearer ${key}` };
        const base = `http://127.0.0.1:${port}/api/v1`;
        await load(`${base}/business`, auth, 10, 2); // warm-up
        await load(`${base}/customers?limit=50`, auth, 10, 2);
        // Interleaved, 5 × 2 s each, so a background task of the machine (a checkpoint after the seed)
        // weighs on both sides alike rather than on whichever ran while it did.
        const bizRuns: LoadResult[] = [];
        const listRuns: LoadResult[] = [];
        for (let i = 0; i < 5; i++) {
          bizRuns.push(await load(`${base}/business`, auth, 10, 2));
          listRuns.push(await load(`${base}/customers?limit=50`, auth, 10, 2));
        }
        const biz = mergeLoads(bizRuns);
        const list = mergeLoads(listRuns);
        results.push([
          `(a0) REST GET /api/v1/customers?limit=50, 10 connections (${fmt(list.requests, 0)} requests, ${list.errors} errors)`,
          `${fmt(list.perSecond, 0)} req/s`,
          `p50 ${fmt(list.p50, 1)} ms, p95 ${fmt(list.p95, 1)} ms`,
          `${fmt(list.perSecond / biz.perSecond, 2)}× of /business`,
        ]);
        results.push([
          `(a0) REST GET /api/v1/business, 10 connections (${fmt(biz.requests, 0)} requests, ${biz.errors} errors)`,
          `${fmt(biz.perSecond, 0)} req/s`,
          `p50 ${fmt(biz.p50, 1)} ms, p95 ${fmt(biz.p95, 1)} ms`,
          "",
        ]);
      } finally {
        await stop();
      }
    } else {
      results.push([
        "(a0) REST under 10 connections: no production build, run `npm run build` first",
        "",
        "",
        "",
      ]);
    }

    if (process.env.BENCH_ONLY === "first-page") {
      // `BENCH_ONLY=first-page`: only what every user opens first (seed, first page, total, REST).
      await printTable();
      return;
    }

    if (process.env.BENCH_ONLY === "segments") {
      await benchSegments();
      await printTable();
      return;
    }

    if (process.env.BENCH_ONLY === "campaigns") {
      await benchCampaigns();
      await printTable();
      return;
    }

    // ---------------------------------------------------------------- (a) list and (b) count
    const filter = { search: "sharma", tags: { all: ["vip"] } };
    const sort = { field: "name" as const, direction: "asc" as const };
    const where = await customerWhere(db, business.id, filter);
    const dialect = new PgDialect({ casing: "snake_case" });
    // Raw SQL: the very statement the service sends for this page (its narrow path, which collects the
    // matches through the GIN index and sorts them), through the driver with no service or ORM around it.
    const queries = customerPageQueries(db, where, { sort, limit: 50, narrow: true });
    const listSql = dialect.sqlToQuery(queries.narrow!.getSQL());
    const rawList = () => client.unsafe(listSql.sql, listSql.params as never[]);
    // For reference: the plain "WHERE … ORDER BY name LIMIT 51", as the planner runs it on its own.
    const plainSql = dialect.sqlToQuery(queries.walk.getSQL());
    const svcList = await timed(runs, () => listCustomers(db, business.id, { filter, sort, limit: 50 }));
    const rawListT = await timed(runs, rawList);
    const plainListT = await timed(runs, () => client.unsafe(plainSql.sql, plainSql.params as never[]));
    const countSql = dialect.sqlToQuery(
      db.select({ n: sql`count(*)::int` }).from(schema.customers).where(where).getSQL(),
    );
    const svcCount = await timed(runs, () => countCustomers(db, business.id, filter));
    const rawCountT = await timed(runs, () => client.unsafe(countSql.sql, countSql.params as never[]));
    const n = (await countCustomers(db, business.id, filter)).total;
    const page = await listCustomers(db, business.id, { filter, sort, limit: 50 });
    // A second page through the cursor, as the UI scrolls.
    if (page.nextCursor)
      await pageCustomerRows(db, where, { sort, cursor: page.nextCursor, limit: 50, narrow: true });
    const ratio = (a: number[], b: number[]) => `${fmt(percentile(a, 95) / percentile(b, 95), 2)}×`;
    results.push([
      `(a) list 50, search "sharma" + tag vip, sort name (${page.rows.length} rows) — service`,
      `p50 ${fmt(percentile(svcList, 50), 2)} ms`,
      `p95 ${fmt(percentile(svcList, 95), 2)} ms`,
      ratio(svcList, rawListT),
    ]);
    results.push([
      "(a) same, raw SQL (the service's statement)",
      `p50 ${fmt(percentile(rawListT, 50), 2)} ms`,
      `p95 ${fmt(percentile(rawListT, 95), 2)} ms`,
      "1×",
    ]);
    results.push([
      "(a) for reference: plain WHERE … ORDER BY name LIMIT 51, raw",
      `p50 ${fmt(percentile(plainListT, 50), 2)} ms`,
      `p95 ${fmt(percentile(plainListT, 95), 2)} ms`,
      ratio(plainListT, rawListT),
    ]);
    results.push([
      `(b) count same filter (= ${fmt(n, 0)}) — service`,
      `p50 ${fmt(percentile(svcCount, 50), 2)} ms`,
      `p95 ${fmt(percentile(svcCount, 95), 2)} ms`,
      ratio(svcCount, rawCountT),
    ]);
    results.push([
      "(b) same, raw SQL",
      `p50 ${fmt(percentile(rawCountT, 50), 2)} ms`,
      `p95 ${fmt(percentile(rawCountT, 95), 2)} ms`,
      "1×",
    ]);

    // ---------------------------------------------------------------- (s) segments
    await benchSegments();

    // ---------------------------------------------------------------- (m, n) campaigns
    await benchCampaigns();

    // ---------------------------------------------------------------- (l) lead form submissions
    await formsBench();

    // ---------------------------------------------------------------- (i, k) invoices
    await invoicesBench();

    // ---------------------------------------------------------------- (o) invoice PDFs
    await pdfBench();
    await recurringBench();

    // ---------------------------------------------------------------- (c) CSV import
    const csvPath = path.join(dataDir, "bench.csv");
    console.log(`writing a ${fmt(rows, 0)}-row CSV…`);
    // Seeded with another seed: ~2% of its phones repeat earlier rows of the file (in-file duplicates).
    await writeCsv(csvPath, generateCustomers(rows, 2, { duplicateEvery: 50 }));
    const importBusiness = await mkBusiness("Bench import");
    // A few existing customers the file matches by phone (duplicate check against the database).
    await copyRows(client, "customers", importBusiness.id, generateCustomers(Math.min(10_000, rows), 2));
    await client`analyze customers`;
    const created = await createImport(
      db,
      { businessId: importBusiness.id, userId: user!.id },
      {
        fileName: "bench.csv",
        filePath: csvPath,
        onDuplicate: "skip",
      },
    );
    console.log("importing the CSV through processImport…");
    const imp = await withRss(() => processImport(db, created.import.id));
    const s = imp.value.import;
    results.push([
      `(c) CSV import ${fmt(rows, 0)} rows via processImport (created ${fmt(s.created, 0)}, skipped ${fmt(s.skipped, 0)}, failed ${fmt(s.failed, 0)})`,
      `${fmt(imp.ms / 1000, 2)} s`,
      `${fmt(rows / (imp.ms / 1000), 0)} rows/s`,
      `peak RSS ${fmt(imp.peakMb, 0)} MB (${fmt(imp.startMb, 0)} MB at start)`,
    ]);
    await client.unsafe(`create table bench_scratch (like customers including defaults including indexes)`);
    const copyScratch = await withRss(() =>
      copyRows(
        client,
        "bench_scratch",
        importBusiness.id,
        generateCustomers(rows, 2, { duplicateEvery: 50 }),
      ),
    );
    results.push([
      "(c) COPY of the same rows into a table like customers (same indexes)",
      `${fmt(copyScratch.ms / 1000, 2)} s`,
      `${fmt(rows / (copyScratch.ms / 1000), 0)} rows/s`,
      "",
    ]);
    await client`drop table bench_scratch`;

    // ---------------------------------------------------------------- (c2) the same import, 30% invalid phones
    const invalidPath = path.join(dataDir, "bench-invalid.csv");
    console.log(`writing a ${fmt(rows, 0)}-row CSV with 30% invalid phones…`);
    await writeCsv(invalidPath, withInvalidPhones(generateCustomers(rows, 3), 0.3));
    const invalidBusiness = await mkBusiness("Bench import, invalid phones");
    const createdInvalid = await createImport(
      db,
      { businessId: invalidBusiness.id, userId: user!.id },
      { fileName: "bench-invalid.csv", filePath: invalidPath, onDuplicate: "skip" },
    );
    console.log("importing it through processImport…");
    const impInvalid = await withRss(() => processImport(db, createdInvalid.import.id));
    const si = impInvalid.value.import;
    results.push([
      `(c2) CSV import ${fmt(rows, 0)} rows, 30% invalid phones (created ${fmt(si.created, 0)}, failed ${fmt(si.failed, 0)}, warnings ${fmt(si.warnings, 0)})`,
      `${fmt(impInvalid.ms / 1000, 2)} s`,
      `${fmt(rows / (impInvalid.ms / 1000), 0)} rows/s`,
      `peak RSS ${fmt(impInvalid.peakMb, 0)} MB (${fmt(impInvalid.startMb, 0)} MB at start)`,
    ]);

    // ---------------------------------------------------------------- (d) XLSX import
    const xlsxPath = path.join(dataDir, "bench.xlsx");
    console.log(`writing a ${fmt(xlsxRows, 0)}-row XLSX…`);
    execFileSync(
      process.execPath,
      ["--import", "tsx", path.join(import.meta.dirname, "write-xlsx.ts"), xlsxPath, String(xlsxRows), "3"],
      { stdio: "inherit" },
    );
    const xlsxBusiness = await mkBusiness("Bench xlsx");
    const createdX = await createImport(
      db,
      { businessId: xlsxBusiness.id, userId: user!.id },
      {
        fileName: "bench.xlsx",
        filePath: xlsxPath,
      },
    );
    const impX = await withRss(() => processImport(db, createdX.import.id));
    results.push([
      `(d) XLSX import ${fmt(xlsxRows, 0)} rows (${fmt(statSync(xlsxPath).size / 2 ** 20, 1)} MB, created ${fmt(impX.value.import.created, 0)})`,
      `${fmt(impX.ms / 1000, 2)} s`,
      `${fmt(xlsxRows / (impX.ms / 1000), 0)} rows/s`,
      `peak RSS ${fmt(impX.peakMb, 0)} MB (${fmt(impX.startMb, 0)} MB at start)`,
    ]);

    // ---------------------------------------------------------------- (f) note sanitiser
    const { sanitizeNoteHtml } = await import("@/server/services/notes/sanitize");
    const hostile = (
      "<p>".repeat(10_000) +
      "<a href='javascript:x' <".repeat(2_000) +
      "<scr<script>ipt>".repeat(3_000)
    ).slice(0, 100_000);
    const plain = "<p>A note with <strong>bold</strong> and <a href='https://example.com'>a link</a>.</p>"
      .repeat(1_500)
      .slice(0, 100_000);
    const sanitizeRuns = 20;
    const hostileMs = await timed(sanitizeRuns, async () => sanitizeNoteHtml(hostile));
    const plainMs = await timed(sanitizeRuns, async () => sanitizeNoteHtml(plain));
    results.push([
      "(f) sanitise a hostile 100 KB note (nested, unclosed, broken tags): median / max",
      `${fmt(median(hostileMs), 1)} ms`,
      `${fmt(Math.max(...hostileMs), 1)} ms`,
      `plain 100 KB note: ${fmt(median(plainMs), 1)} ms`,
    ]);

    // ---------------------------------------------------------------- output
    await printTable();

    console.log("\n(e) EXPLAIN (ANALYZE, BUFFERS) of the list query:\n");
    const plan = await client.unsafe(`explain (analyze, buffers) ${listSql.sql}`, listSql.params as never[]);
    for (const p of plan) console.log(`  ${p["QUERY PLAN"]}`);
    console.log("\nEXPLAIN ANALYZE of the count query:\n");
    const planC = await client.unsafe(
      `explain (analyze, buffers) ${countSql.sql}`,
      countSql.params as never[],
    );
    for (const p of planC) console.log(`  ${p["QUERY PLAN"]}`);
    console.log(`\nlist SQL: ${listSql.sql}\nparams: ${JSON.stringify(listSql.params)}`);
  } finally {
    await client.end({ timeout: 5 });
    await handle.close();
    if (!process.env.BENCH_KEEP) await admin.unsafe(`drop database if exists "${dbName}" with (force)`);
    await admin.end({ timeout: 5 });
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
