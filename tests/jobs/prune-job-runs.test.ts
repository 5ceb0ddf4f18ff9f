import { randomInt } from "node:crypto";
import { InngestTestEngine, mockCtx } from "@inngest/test";
import { eq, inArray, like } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { jobRuns, type jobStatus } from "@/db/schema";
import { pruneJobRunsJob, pruneJobRunsSettings } from "@/server/jobs/functions/system/prune-job-runs";
import { JOB_RUN_RETENTION_DAYS, pruneJobRuns } from "@/server/jobs/job-runs";
import type { LocalDriver } from "@/server/jobs/local/driver";
import { startCronDriver } from "../helpers/cron-driver";
import { testDb } from "../helpers/db";
import { createBusiness, createUser } from "../helpers/factories";

// Pruning works across businesses, and with DATABASE_URL the database is shared by test files (and
// kept between runs). Every test therefore measures ages from its own point far in the past: only the
// runs this file plants there are old enough to be pruned, and each test's point lies before the
// previous one's, so runs kept by an earlier test are never old enough for a later one.
let db: Db;
const marker = "prune-test-run";
const minute = 60_000;
const day = 86_400_000;
let nextRef = Date.UTC(1985, 0, 1) - randomInt(0, 3_000) * day;
const drivers: LocalDriver[] = [];
const savedSettings = { ...pruneJobRunsSettings };

type Status = (typeof jobStatus.enumValues)[number];

/** A moment well before every run planted so far (see above). */
function freshRef(): Date {
  nextRef -= 200 * day;
  return new Date(nextRef);
}

beforeAll(async () => {
  db = (await testDb()).db;
  await db.delete(jobRuns).where(like(jobRuns.functionId, `${marker}%`));
});

afterEach(async () => {
  for (const d of drivers.splice(0)) await d.stop();
  Object.assign(pruneJobRunsSettings, savedSettings);
});

afterAll(async () => {
  await db.delete(jobRuns).where(like(jobRuns.functionId, `${marker}%`));
});

/**
 * A run of status `status` whose last change was `ageMs` before `ref`: `finished_at` for a finished
 * run (unless `finished: false`), `updated_at` always.
 */
async function run(
  ref: Date,
  status: Status,
  ageMs: number,
  opts: { businessId?: string | null; finished?: boolean } = {},
): Promise<string> {
  const at = new Date(ref.getTime() - ageMs);
  const finished = opts.finished ?? ["completed", "failed", "cancelled"].includes(status);
  const [row] = await db
    .insert(jobRuns)
    .values({
      functionId: `${marker}-${status}`,
      eventName: "test/prune.requested",
      event: { name: "test/prune.requested", data: {} },
      businessId: opts.businessId ?? null,
      status,
      createdAt: new Date(at.getTime() - minute),
      startedAt: new Date(at.getTime() - minute),
      finishedAt: finished ? at : null,
      updatedAt: at,
    })
    .returning({ id: jobRuns.id });
  return row!.id;
}

async function remaining(ids: string[]): Promise<string[]> {
  const rows = await db.select({ id: jobRuns.id }).from(jobRuns).where(inArray(jobRuns.id, ids));
  return rows.map((r) => r.id).sort();
}

const sorted = (ids: string[]) => [...ids].sort();

describe("pruneJobRuns", () => {
  it("keeps completed runs for 7 days and failed runs for 30, measured to the minute", async () => {
    expect(JOB_RUN_RETENTION_DAYS).toEqual({ completed: 7, cancelled: 7, failed: 30 });
    const ref = freshRef();
    const gone = [
      await run(ref, "completed", 7 * day + minute),
      await run(ref, "completed", 90 * day),
      await run(ref, "failed", 30 * day + minute),
      await run(ref, "cancelled", 7 * day + minute),
      // A cancelled run may have no finished_at: its last update counts.
      await run(ref, "cancelled", 8 * day, { finished: false }),
    ];
    const kept = [
      await run(ref, "completed", 7 * day - minute),
      await run(ref, "completed", 7 * day),
      await run(ref, "failed", 8 * day),
      await run(ref, "failed", 30 * day - minute),
      await run(ref, "failed", 30 * day),
      await run(ref, "cancelled", 6 * day),
    ];

    expect(await pruneJobRuns(db, { now: ref })).toBe(gone.length);

    expect(await remaining([...gone, ...kept])).toEqual(sorted(kept));
    expect(await pruneJobRuns(db, { now: ref })).toBe(0);
  });

  it("never deletes runs that are queued, running, sleeping or interrupted, however old", async () => {
    const ref = freshRef();
    const pending = [
      await run(ref, "queued", 400 * day),
      await run(ref, "running", 400 * day),
      await run(ref, "sleeping", 400 * day),
      await run(ref, "interrupted", 400 * day),
      // Finished at some point, then resumed: the status is what counts.
      await run(ref, "interrupted", 400 * day, { finished: true }),
    ];
    const old = await run(ref, "completed", 400 * day);

    expect(await pruneJobRuns(db, { now: ref })).toBe(1);
    expect(await remaining([...pending, old])).toEqual(sorted(pending));
  });

  it("prunes the runs of every business and of no business by the same rules", async () => {
    const ref = freshRef();
    const owner = await createUser(db);
    const a = await createBusiness(db, { owner });
    const b = await createBusiness(db, { owner });
    const gone = [
      await run(ref, "completed", 10 * day, { businessId: a.id }),
      await run(ref, "failed", 31 * day, { businessId: b.id }),
      await run(ref, "completed", 10 * day, { businessId: null }),
    ];
    const kept = [
      await run(ref, "completed", 2 * day, { businessId: a.id }),
      await run(ref, "failed", 10 * day, { businessId: b.id }),
      await run(ref, "interrupted", 60 * day, { businessId: b.id }),
    ];

    expect(await pruneJobRuns(db, { now: ref })).toBe(3);
    expect(await remaining([...gone, ...kept])).toEqual(sorted(kept));
  });

  it("deletes at most `limit` runs per call", async () => {
    const ref = freshRef();
    const olds = [];
    for (let i = 0; i < 5; i++)
      olds.push(await run(ref, i % 2 ? "failed" : "completed", 45 * day + i * minute));

    expect(await pruneJobRuns(db, { now: ref, limit: 2 })).toBe(2);
    expect(await remaining(olds)).toHaveLength(3);
    expect(await pruneJobRuns(db, { now: ref, limit: 2 })).toBe(2);
    expect(await pruneJobRuns(db, { now: ref, limit: 2 })).toBe(1);
    expect(await remaining(olds)).toEqual([]);
  });
});

describe("prune-job-runs function", () => {
  const engine = (ref: Date) =>
    new InngestTestEngine({
      function: pruneJobRunsJob,
      events: [{ name: "inngest/scheduled.timer", data: { cron: "30 3 * * *" }, ts: ref.getTime() }],
      transformCtx: (raw) => mockCtx(raw),
    });

  it("prunes in steps of one batch from the schedule slot and stops at its bound; the next run goes on", async () => {
    Object.assign(pruneJobRunsSettings, { batchSize: 2, maxBatches: 2 });
    const ref = freshRef();
    const gone = [
      await run(ref, "completed", 8 * day),
      await run(ref, "completed", 9 * day),
      await run(ref, "failed", 31 * day),
      await run(ref, "cancelled", 20 * day),
      await run(ref, "failed", 300 * day),
    ];
    const kept = [
      await run(ref, "completed", 6 * day),
      await run(ref, "failed", 29 * day),
      await run(ref, "interrupted", 300 * day),
    ];

    const first = await engine(ref).execute();
    expect(first.error).toBeUndefined();
    expect(first.result).toMatchObject({ deleted: 4, more: true });
    expect(await remaining(gone)).toHaveLength(1);

    const second = await engine(ref).execute();
    expect(second.error).toBeUndefined();
    expect(second.result).toMatchObject({ deleted: 1, more: false });
    expect(await remaining([...gone, ...kept])).toEqual(sorted(kept));
  });

  it("deletes nothing when nothing is past its retention", async () => {
    const ref = freshRef();
    const kept = [await run(ref, "completed", 3 * day), await run(ref, "failed", 20 * day)];

    const result = await engine(ref).execute();
    expect(result.error).toBeUndefined();
    expect(result.result).toMatchObject({ deleted: 0, more: false });
    expect(await remaining(kept)).toEqual(sorted(kept));
  });

  it("runs at 03:30 UTC under the local driver", async () => {
    const ref = freshRef();
    const old = await run(ref, "completed", 10 * day);
    const recent = await run(ref, "completed", 2 * day);
    // 03:29:30 UTC on the day of `ref`: the schedule slot (the run id) is new on every test run.
    let now = new Date(ref.getTime() + (3 * 60 + 29) * minute + 30_000);
    const driver = await startCronDriver(db, pruneJobRunsJob, () => now, drivers);
    expect(await remaining([old])).toEqual([old]);

    now = new Date(now.getTime() + minute); // 03:30:30
    await driver.tick();
    await driver.idle();

    const slot = now.getTime() - 30_000;
    const runs = await db.select().from(jobRuns).where(eq(jobRuns.functionId, "prune-job-runs"));
    const cronRun = runs.find((r) => (r.event as { ts?: number }).ts === slot);
    expect(cronRun).toMatchObject({ status: "completed", eventName: "inngest/scheduled.timer" });
    expect(cronRun!.output).toMatchObject({ deleted: 1, more: false });
    expect(await remaining([old, recent])).toEqual([recent]);
    await db.delete(jobRuns).where(eq(jobRuns.id, cronRun!.id));
  });
});
