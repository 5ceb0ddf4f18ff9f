import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { InngestTestEngine, mockCtx } from "@inngest/test";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { type Db, execRows, isEmbedded } from "@/db/client";
import { customers, imports, jobRuns } from "@/db/schema";
import { importJobSettings, processImportJob } from "@/server/jobs/functions/imports/process-import";
import { getJobRun } from "@/server/jobs/job-runs";
import { LocalDriver } from "@/server/jobs/local/driver";
import { createImport, getImport } from "@/server/services/imports/run";
import { testDb } from "../helpers/db";
import { createBusiness, createUser } from "../helpers/factories";

/** While set, `reportProgress` never returns from its Nth call: the process "dies" inside a step, after a commit. */
const crash = vi.hoisted(() => ({ afterCalls: Number.POSITIVE_INFINITY, calls: 0 }));
vi.mock("@/server/jobs/job-runs", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/server/jobs/job-runs")>();
  return {
    ...original,
    reportProgress: async (...args: Parameters<typeof original.reportProgress>) => {
      if (++crash.calls >= crash.afterCalls) return new Promise<void>(() => {});
      return original.reportProgress(...args);
    },
  };
});

let db: Db;
const tmpRoot = mkdtempSync(path.join(tmpdir(), "crm-import-job-"));
const drivers: LocalDriver[] = [];
const saved = { ...importJobSettings };

beforeAll(async () => {
  process.env.MINI_CRM_DATA_DIR = path.join(tmpRoot, "data");
  db = (await testDb()).db;
});

afterEach(async () => {
  for (const d of drivers.splice(0)) await d.stop();
  Object.assign(importJobSettings, saved);
  crash.afterCalls = Number.POSITIVE_INFINITY;
  crash.calls = 0;
});

afterAll(() => rmSync(tmpRoot, { recursive: true, force: true }));

/** 1,000 data rows: 950 distinct customers, every 20th row repeats an earlier phone, rows 500-509 unusable (no name, no valid contact). */
function writeCsv(): string {
  const lines = ["Name,Phone,Email"];
  for (let i = 0; i < 1000; i++) {
    if (i >= 500 && i < 510) lines.push(`,12,broken${i}@example`);
    else if (i % 20 === 19) lines.push(`Repeat ${i},${9_000_000_000 + i - 10},`);
    else lines.push(`Person ${i},${9_000_000_000 + i},p${i}@example.com`);
  }
  const file = path.join(tmpRoot, `rows-${Date.now()}.csv`);
  writeFileSync(file, `${lines.join("\n")}\n`);
  return file;
}

async function queuedImport() {
  const owner = await createUser(db);
  const biz = await createBusiness(db, { owner });
  const file = writeCsv();
  const created = await createImport(
    db,
    { businessId: biz.id, userId: owner.id },
    { fileName: "rows.csv", filePath: file },
  );
  return { biz, importId: created.import.id };
}

async function expectImportedOnce(businessId: string, importId: string) {
  const summary = await getImport(db, businessId, importId);
  // 1,000 rows: 10 invalid; 50 repeats, of which the one at 509 repeats an invalid row (created).
  expect(summary).toMatchObject({ status: "completed", processedRows: 1000, totalRows: 1000, failed: 10 });
  expect(summary.created + summary.skipped).toBe(990);
  const [count] = await execRows<{ n: number; phones: number }>(
    db,
    sql`select count(*)::int as n, count(distinct phone)::int as phones from customers where business_id = ${businessId}`,
  );
  expect(count!.n).toBe(summary.created);
  expect(count!.phones).toBe(summary.created);
  const byImport = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(customers)
    .where(and(eq(customers.businessId, businessId), eq(customers.importId, importId)));
  expect(byImport[0]!.n).toBe(summary.created);
  return summary;
}

describe("process-import job", () => {
  it("runs an import to completion under @inngest/test", async () => {
    Object.assign(importJobSettings, { batchesPerStep: 3, batchSize: 100 });
    const { biz, importId } = await queuedImport();
    const engine = new InngestTestEngine({
      function: processImportJob,
      events: [{ name: "imports/process.requested", data: { importId, businessId: biz.id } }],
      transformCtx: (raw) => mockCtx(raw),
    });
    const { result, error } = await engine.execute();
    expect(error).toBeUndefined();
    expect(result).toMatchObject({ done: true, status: "completed" });
    const summary = await expectImportedOnce(biz.id, importId);
    expect(summary.created).toBe(941);
  });

  it("resumes a run interrupted after some batches with no row imported twice", async () => {
    Object.assign(importJobSettings, { batchesPerStep: 2, batchSize: 100 });
    const { biz, importId } = await queuedImport();

    // The process dies during step batch-2, after its first batch (the 5th) has committed.
    crash.afterCalls = 5;
    const crashed = new LocalDriver({
      db,
      functions: [processImportJob],
      sweepIntervalMs: 0,
      retryDelayMs: () => 0,
    });
    drivers.push(crashed);
    await crashed.send({ name: "imports/process.requested", data: { importId, businessId: biz.id } });
    await vi.waitFor(() => expect(crash.calls).toBeGreaterThanOrEqual(5), { timeout: 20_000 });
    // On Postgres the 6th batch is already being written when the 5th commits, and commits too.
    await vi.waitFor(
      async () =>
        expect(await getImport(db, biz.id, importId)).toMatchObject({
          status: "running",
          processedRows: isEmbedded(db) ? 500 : 600,
        }),
      { timeout: 10_000 },
    );
    const [run] = await db
      .select()
      .from(jobRuns)
      .where(sql`${jobRuns.event}->'data'->>'importId' = ${importId}`);
    expect(run!.status).toBe("running");
    expect(
      Object.values(run!.steps as Record<string, { id: string }>)
        .map((s) => s.id)
        .sort(),
    ).toEqual(["batch-0", "batch-1"]);
    await crashed.stop();

    // A new process: the run has no heartbeat, so it is interrupted; resuming skips batch-0 and batch-1
    // and continues step batch-2 after the last committed batch.
    crash.afterCalls = Number.POSITIVE_INFINITY;
    const restarted = new LocalDriver({
      db,
      functions: [processImportJob],
      sweepIntervalMs: 0,
      retryDelayMs: () => 0,
      staleAfterMs: 0,
      now: () => new Date(Date.now() + 60_000),
    });
    drivers.push(restarted);
    await restarted.start();
    await restarted.tick();
    expect((await getJobRun(db, run!.id))?.status).toBe("interrupted");
    await restarted.resume(run!.id);
    await restarted.idle();

    expect((await getJobRun(db, run!.id))?.status).toBe("completed");
    const summary = await expectImportedOnce(biz.id, importId);
    expect(summary.created).toBe(941);
    const rows = await db
      .select({ id: customers.id })
      .from(customers)
      .where(eq(customers.importId, importId));
    expect(rows).toHaveLength(941);
    const [row] = await db.select().from(imports).where(eq(imports.id, importId));
    expect(row!.errorFileKey).not.toBeNull();
  });
});
