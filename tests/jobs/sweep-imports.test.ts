import { randomInt } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { InngestTestEngine, mockCtx } from "@inngest/test";
import { eq, inArray, like } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { type importStatus, imports, jobRuns, type jobStatus } from "@/db/schema";
import { sweepImports, sweepImportsSettings } from "@/server/jobs/functions/imports/sweep-imports";
import { createImport, getImport, startImport } from "@/server/services/imports/run";
import { errorFileKey, importFolder, pathOfKey } from "@/server/services/imports/storage";
import {
  clearImportFileCaches,
  expireUnstartedImports,
  IMPORT_CACHE_KEEP_HOURS,
  IMPORT_START_DEADLINE_DAYS,
  LOST_IMPORT_AFTER_MINUTES,
  resendLostImports,
  UNSTARTED_IMPORT_MESSAGE,
} from "@/server/services/imports/sweep";
import { testDb } from "../helpers/db";
import { createBusiness, createUser } from "../helpers/factories";
import { clearS3Env, type FakeS3, startFakeS3 } from "../helpers/fake-s3";

// The sweep works across businesses, and with DATABASE_URL the database is shared by test files (and
// kept between runs). Every test therefore measures ages from its own point far in the past: only the
// imports this file dates back there are old enough to be swept, and each test's point lies 200 days
// before the previous one's, so what an earlier test kept is never old enough for a later one.
let db: Db;
let fake: FakeS3;
const tmpRoot = mkdtempSync(path.join(tmpdir(), "crm-sweep-imports-"));
const fileMarker = "sweep-test";
const minute = 60_000;
const hour = 3_600_000;
const day = 86_400_000;
let nextRef = Date.UTC(1985, 0, 1) - randomInt(0, 3_000) * day;
const savedSettings = { ...sweepImportsSettings };

type ImportStatus = (typeof importStatus.enumValues)[number];
type RunStatus = (typeof jobStatus.enumValues)[number];

function freshRef(): Date {
  nextRef -= 200 * day;
  return new Date(nextRef);
}

beforeAll(async () => {
  process.env.MINI_CRM_DATA_DIR = path.join(tmpRoot, "data");
  fake = await startFakeS3();
  db = (await testDb()).db;
  await db.delete(imports).where(like(imports.fileName, `${fileMarker}%`));
});

afterEach(() => {
  clearS3Env();
  Object.assign(sweepImportsSettings, savedSettings);
});

afterAll(async () => {
  await db.delete(imports).where(like(imports.fileName, `${fileMarker}%`));
  await fake.close();
  rmSync(tmpRoot, { recursive: true, force: true });
});

function useS3() {
  Object.assign(process.env, fake.env());
}

async function business() {
  const owner = await createUser(db);
  return { owner, business: await createBusiness(db, { owner }) };
}

let files = 0;

/**
 * An uploaded import of `businessId` (through `createImport`: the file is stored, and with S3 storage
 * also kept as the local cached copy), then set to `status` as it would be `ageMs` before `ref`:
 * uploaded then, and for a started or finished import also started and finished then.
 */
async function upload(businessId: string, ref: Date, ageMs: number, status: ImportStatus = "queued") {
  const file = path.join(tmpRoot, `upload-${++files}.csv`);
  writeFileSync(file, "Name,Phone\nAsha Rao,+919876543210\n");
  const created = await createImport(
    db,
    { businessId, userId: null },
    { fileName: `${fileMarker}-${files}.csv`, filePath: file },
  );
  const at = new Date(ref.getTime() - ageMs);
  const started = status !== "queued";
  const finished = status === "completed" || status === "failed" || status === "undone";
  const [row] = await db
    .update(imports)
    .set({
      status,
      createdAt: started ? new Date(at.getTime() - minute) : at,
      startedAt: started ? new Date(at.getTime() - minute) : null,
      finishedAt: finished ? at : null,
    })
    .where(eq(imports.id, created.import.id))
    .returning();
  return row!;
}

/** A run of the import job for `row` (as `startImport` leaves it when the job has not begun). */
async function importRun(row: { id: string; businessId: string }, status: RunStatus) {
  const event = { name: "imports/process.requested", data: { importId: row.id, businessId: row.businessId } };
  const [run] = await db
    .insert(jobRuns)
    .values({
      functionId: "process-import",
      eventName: event.name,
      event,
      businessId: row.businessId,
      status,
      finishedAt: status === "completed" || status === "failed" ? new Date() : null,
    })
    .returning({ id: jobRuns.id });
  return run!.id;
}

async function statuses(ids: string[]): Promise<Record<string, ImportStatus>> {
  const rows = await db
    .select({ id: imports.id, status: imports.status })
    .from(imports)
    .where(inArray(imports.id, ids));
  return Object.fromEntries(rows.map((r) => [r.id, r.status]));
}

const folderExists = (row: { id: string; businessId: string }) =>
  existsSync(importFolder(row.businessId, row.id));
const cachedUpload = (row: { storageKey: string }) => existsSync(pathOfKey(row.storageKey));
const inBucket = (key: string) => fake.objects.has(key);

describe("expireUnstartedImports", () => {
  it("closes uploads never started for more than 7 days, in every business, and deletes their files", async () => {
    expect(IMPORT_START_DEADLINE_DAYS).toBe(7);
    const ref = freshRef();
    const a = await business();
    const b = await business();
    const staleA = await upload(a.business.id, ref, 7 * day + minute);
    const staleB = await upload(b.business.id, ref, 30 * day);
    const atDeadline = await upload(a.business.id, ref, 7 * day);
    const fresh = await upload(b.business.id, ref, 7 * day - minute);
    const running = await upload(a.business.id, ref, 30 * day, "running");
    const completed = await upload(b.business.id, ref, 30 * day, "completed");

    expect(await expireUnstartedImports(db, { now: ref })).toEqual({ expired: 2, filesNotDeleted: 0 });

    const all = [staleA, staleB, atDeadline, fresh, running, completed];
    expect(await statuses(all.map((r) => r.id))).toEqual({
      [staleA.id]: "failed",
      [staleB.id]: "failed",
      [atDeadline.id]: "queued",
      [fresh.id]: "queued",
      [running.id]: "running",
      [completed.id]: "completed",
    });
    const closed = await getImport(db, a.business.id, staleA.id);
    expect(closed.error).toBe(UNSTARTED_IMPORT_MESSAGE);
    expect(closed.error).toMatch(/not started within 7 days/);
    expect(closed.finishedAt?.getTime()).toBe(ref.getTime());
    expect(all.map(folderExists)).toEqual([false, false, true, true, true, true]);

    expect(await expireUnstartedImports(db, { now: ref })).toEqual({ expired: 0, filesNotDeleted: 0 });
  });

  it("keeps an upload whose start was requested while its job is still to run or to resume", async () => {
    const ref = freshRef();
    const { business: biz } = await business();
    const pending = {
      queued: await upload(biz.id, ref, 10 * day),
      sleeping: await upload(biz.id, ref, 10 * day),
      interrupted: await upload(biz.id, ref, 10 * day),
    };
    for (const [status, row] of Object.entries(pending)) await importRun(row, status as RunStatus);
    // A run that is over no longer stands for the import.
    const overRun = await upload(biz.id, ref, 10 * day);
    await importRun(overRun, "completed");

    expect(await expireUnstartedImports(db, { now: ref })).toEqual({ expired: 1, filesNotDeleted: 0 });
    expect(await statuses([...Object.values(pending), overRun].map((r) => r.id))).toEqual({
      [pending.queued.id]: "queued",
      [pending.sleeping.id]: "queued",
      [pending.interrupted.id]: "queued",
      [overRun.id]: "failed",
    });
    expect(Object.values(pending).every(folderExists)).toBe(true);
    expect(folderExists(overRun)).toBe(false);
  });

  it("closes at most `limit` imports per call, oldest first", async () => {
    const ref = freshRef();
    const { business: biz } = await business();
    const newest = await upload(biz.id, ref, 8 * day);
    const oldest = await upload(biz.id, ref, 20 * day);
    const middle = await upload(biz.id, ref, 12 * day);

    expect(await expireUnstartedImports(db, { now: ref, limit: 2 })).toEqual({
      expired: 2,
      filesNotDeleted: 0,
    });
    expect(await statuses([oldest.id, middle.id, newest.id])).toEqual({
      [oldest.id]: "failed",
      [middle.id]: "failed",
      [newest.id]: "queued",
    });
    expect(await expireUnstartedImports(db, { now: ref, limit: 2 })).toEqual({
      expired: 1,
      filesNotDeleted: 0,
    });
    expect((await statuses([newest.id]))[newest.id]).toBe("failed");
  });

  it("with S3 storage, deletes the bucket's copy and the local cached copy of a closed upload", async () => {
    useS3();
    const ref = freshRef();
    const { business: biz } = await business();
    const stale = await upload(biz.id, ref, 9 * day);
    const fresh = await upload(biz.id, ref, 2 * day);
    expect([inBucket(stale.storageKey), cachedUpload(stale)]).toEqual([true, true]);

    expect(await expireUnstartedImports(db, { now: ref })).toEqual({ expired: 1, filesNotDeleted: 0 });

    expect([inBucket(stale.storageKey), cachedUpload(stale)]).toEqual([false, false]);
    expect([inBucket(fresh.storageKey), cachedUpload(fresh)]).toEqual([true, true]);
  });

  it("a closed upload can no longer be started", async () => {
    const ref = freshRef();
    const { business: biz } = await business();
    const stale = await upload(biz.id, ref, 9 * day);
    await expireUnstartedImports(db, { now: ref });
    await expect(startImport(db, biz.id, stale.id)).rejects.toMatchObject({ code: "CONFLICT" });
  });
});

describe("clearImportFileCaches", () => {
  /** Writes an error report next to the import's upload, as a finished run leaves it. */
  async function withErrorFile(row: { id: string; businessId: string }) {
    const key = errorFileKey(row.businessId, row.id);
    writeFileSync(pathOfKey(key), "Name,Phone,Error\nX,12,Invalid phone\n");
    await db.update(imports).set({ errorFileKey: key }).where(eq(imports.id, row.id));
    return key;
  }

  it("with S3 storage, deletes the cached upload of imports finished over a day ago, keeping error reports", async () => {
    expect(IMPORT_CACHE_KEEP_HOURS).toBe(24);
    useS3();
    const ref = freshRef();
    const a = await business();
    const b = await business();
    const completed = await upload(a.business.id, ref, day + minute, "completed");
    const failed = await upload(b.business.id, ref, 3 * day, "failed");
    const undone = await upload(a.business.id, ref, 40 * day, "undone");
    const errorKey = await withErrorFile(failed);
    const atMark = await upload(b.business.id, ref, day, "completed");
    const recent = await upload(a.business.id, ref, day - minute, "completed");
    const running = await upload(b.business.id, ref, 5 * day, "running");
    const queued = await upload(a.business.id, ref, 5 * day);

    const result = await clearImportFileCaches(db, { now: ref });
    expect(result).toEqual({ checked: 3, cleared: 3, next: null });

    expect([completed, failed, undone].map(cachedUpload)).toEqual([false, false, false]);
    expect([atMark, recent, running, queued].map(cachedUpload)).toEqual([true, true, true, true]);
    // The bucket keeps every upload; the error report stays, so its folder does; an emptied folder goes.
    expect([completed, failed, undone].every((r) => inBucket(r.storageKey))).toBe(true);
    expect(existsSync(pathOfKey(errorKey))).toBe(true);
    expect([folderExists(completed), folderExists(failed), folderExists(undone)]).toEqual([
      false,
      true,
      false,
    ]);
    expect(await statuses([completed.id, failed.id, undone.id])).toEqual({
      [completed.id]: "completed",
      [failed.id]: "failed",
      [undone.id]: "undone",
    });
  });

  it("pages newest finished first, up to `limit` imports a call", async () => {
    useS3();
    const ref = freshRef();
    const { business: biz } = await business();
    const older = await upload(biz.id, ref, 10 * day, "completed");
    const newer = await upload(biz.id, ref, 2 * day, "completed");
    const oldest = await upload(biz.id, ref, 30 * day, "failed");

    const first = await clearImportFileCaches(db, { now: ref, limit: 2 });
    expect(first).toMatchObject({ checked: 2, cleared: 2 });
    expect(first.next).toEqual({ finishedAt: older.finishedAt!.toISOString(), id: older.id });
    expect([newer, older, oldest].map(cachedUpload)).toEqual([false, false, true]);

    const second = await clearImportFileCaches(db, { now: ref, limit: 2, after: first.next });
    expect(second).toEqual({ checked: 1, cleared: 1, next: null });
    expect(cachedUpload(oldest)).toBe(false);

    // Nothing left to delete: the same imports are looked at, nothing is cleared.
    expect(await clearImportFileCaches(db, { now: ref })).toEqual({ checked: 3, cleared: 0, next: null });
  });

  it("on local disk deletes nothing: the upload there is the only copy", async () => {
    const ref = freshRef();
    const { business: biz } = await business();
    const completed = await upload(biz.id, ref, 10 * day, "completed");

    expect(await clearImportFileCaches(db, { now: ref })).toEqual({ checked: 0, cleared: 0, next: null });
    expect(cachedUpload(completed)).toBe(true);
  });
});

/** Marks `row` as handed to the background job `ageMs` before `ref` (as `startImport` does). */
async function requested(row: { id: string }, ref: Date, ageMs: number) {
  await db
    .update(imports)
    .set({ requestedAt: new Date(ref.getTime() - ageMs) })
    .where(eq(imports.id, row.id));
}

describe("resendLostImports", () => {
  it("returns each import handed to the job with no pending run after 10 minutes, exactly once", async () => {
    expect(LOST_IMPORT_AFTER_MINUTES).toBe(10);
    const ref = freshRef();
    const { business: biz } = await business();
    const lostQueued = await upload(biz.id, ref, hour);
    await requested(lostQueued, ref, 11 * minute);
    const lostRunning = await upload(biz.id, ref, hour, "running");
    await requested(lostRunning, ref, 30 * minute);
    const recent = await upload(biz.id, ref, hour);
    await requested(recent, ref, 9 * minute);
    const neverStarted = await upload(biz.id, ref, hour);
    const withRun = await upload(biz.id, ref, hour);
    await requested(withRun, ref, hour);
    await importRun(withRun, "interrupted");
    const withOverRun = await upload(biz.id, ref, hour, "running");
    await requested(withOverRun, ref, hour);
    await importRun(withOverRun, "failed");
    const done = await upload(biz.id, ref, hour, "completed");
    await requested(done, ref, hour);

    const first = await resendLostImports(db, { now: ref });
    const mine = new Set(
      [lostQueued, lostRunning, recent, neverStarted, withRun, withOverRun, done].map((r) => r.id),
    );
    expect(
      first
        .filter((l) => mine.has(l.importId))
        .map((l) => l.importId)
        .sort(),
    ).toEqual([lostQueued.id, lostRunning.id, withOverRun.id].sort());
    expect(first.every((l) => !mine.has(l.importId) || l.businessId === biz.id)).toBe(true);
    // Never twice, even much later.
    const later = await resendLostImports(db, { now: new Date(ref.getTime() + day) });
    expect(later.filter((l) => [lostQueued.id, lostRunning.id, withOverRun.id].includes(l.importId))).toEqual(
      [],
    );
    // The one requested 9 minutes before `ref` is due a day later.
    expect(later.map((l) => l.importId)).toContain(recent.id);
  });

  it("two sweeps at once re-send an import once between them", async () => {
    const ref = freshRef();
    const { business: biz } = await business();
    const lost = await upload(biz.id, ref, hour);
    await requested(lost, ref, hour);
    const [a, b] = await Promise.all([
      resendLostImports(db, { now: ref }),
      resendLostImports(db, { now: ref }),
    ]);
    const hits = [...a, ...b].filter((l) => l.importId === lost.id);
    expect(hits).toHaveLength(1);
  });
});

describe("sweep-imports function", () => {
  // Sending is Inngest's side: the step's answer is mocked, its calls recorded.
  const engine = (ref: Date) =>
    new InngestTestEngine({
      function: sweepImports,
      steps: [{ id: "resend-lost-events", handler: () => ({ ids: [] }) }],
      events: [{ name: "inngest/scheduled.timer", data: { cron: "20 * * * *" }, ts: ref.getTime() }],
      transformCtx: (raw) => mockCtx(raw),
    });

  it("closes stale uploads and clears cached files in bounded steps from the schedule slot", async () => {
    useS3();
    Object.assign(sweepImportsSettings, {
      expireBatchSize: 1,
      expireBatches: 2,
      cacheBatchSize: 1,
      cacheBatches: 5,
    });
    const ref = freshRef();
    const a = await business();
    const b = await business();
    const stale = [
      await upload(a.business.id, ref, 8 * day),
      await upload(b.business.id, ref, 9 * day),
      await upload(a.business.id, ref, 10 * day),
    ];
    const fresh = await upload(b.business.id, ref, 6 * day);
    const finished = [
      await upload(a.business.id, ref, 2 * day, "completed"),
      await upload(b.business.id, ref, 4 * day, "failed"),
    ];
    const recent = await upload(a.business.id, ref, 2 * hour, "completed");

    const first = await engine(ref).execute();
    expect(first.error).toBeUndefined();
    // Two of the three stale uploads (the bound), both cached files (two pages of one, then an empty one).
    expect(first.result).toEqual({
      expired: 2,
      filesNotDeleted: 0,
      resent: 0,
      cachesChecked: 2,
      cachesCleared: 2,
      more: true,
    });
    expect(finished.map(cachedUpload)).toEqual([false, false]);
    expect(cachedUpload(recent)).toBe(true);

    const second = await engine(ref).execute();
    expect(second.error).toBeUndefined();
    expect(second.result).toMatchObject({ expired: 1, cachesCleared: 0, more: false });
    const all = await statuses([...stale, fresh].map((r) => r.id));
    expect(stale.map((r) => all[r.id])).toEqual(["failed", "failed", "failed"]);
    expect(all[fresh.id]).toBe("queued");
    expect(stale.map((r) => inBucket(r.storageKey))).toEqual([false, false, false]);
    expect(inBucket(fresh.storageKey)).toBe(true);
  });

  it("re-sends the event of a lost import job once, as a memoized step with a deduplicating id", async () => {
    const ref = freshRef();
    const { business: biz } = await business();
    const lost = await upload(biz.id, ref, 2 * hour);
    await requested(lost, ref, hour);

    const first = await engine(ref).execute();
    expect(first.error).toBeUndefined();
    const sent = first.ctx.step.sendEvent as unknown as { mock: { calls: unknown[][] } };
    const events = sent.mock.calls.flatMap((c) => c[1] as { id: string; name: string; data: unknown }[]);
    expect(events).toContainEqual({
      id: `import-resend-${lost.id}`,
      name: "imports/process.requested",
      data: { importId: lost.id, businessId: biz.id },
    });
    expect((first.result as { resent: number }).resent).toBeGreaterThanOrEqual(1);

    const second = await engine(ref).execute();
    const again = (
      second.ctx.step.sendEvent as unknown as { mock: { calls: unknown[][] } }
    ).mock.calls.flatMap((c) => c[1] as { id: string }[]);
    expect(again.map((e) => e.id)).not.toContain(`import-resend-${lost.id}`);
  });

  it("on local disk closes stale uploads and leaves finished imports' files alone", async () => {
    const ref = freshRef();
    const { business: biz } = await business();
    const stale = await upload(biz.id, ref, 8 * day);
    const completed = await upload(biz.id, ref, 3 * day, "completed");

    const result = await engine(ref).execute();
    expect(result.error).toBeUndefined();
    expect(result.result).toEqual({
      expired: 1,
      filesNotDeleted: 0,
      resent: 0,
      cachesChecked: 0,
      cachesCleared: 0,
      more: false,
    });
    expect(folderExists(stale)).toBe(false);
    expect(cachedUpload(completed)).toBe(true);
  });
});
