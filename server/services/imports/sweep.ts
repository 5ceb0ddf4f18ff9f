import { rmdir, unlink } from "node:fs/promises";
import path from "node:path";
import { and, asc, desc, eq, inArray, isNull, lt, notExists, type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { imports, jobRuns } from "@/db/schema";
import { IMPORT_START_DEADLINE_DAYS } from "@/server/domain/imports";
import { logger } from "@/server/logger";
import { storageKind } from "@/server/services/storage";
import { pathOfKey, removeImportFolder } from "./storage";

/**
 * Housekeeping of customer imports, run by the hourly `sweep-imports` job across businesses:
 * - `expireUnstartedImports`: an upload left `queued` (never started from the wizard) for longer than
 *   `IMPORT_START_DEADLINE_DAYS` is marked `failed` and its files are deleted;
 * - `resendLostImports`: an import handed to the background job (`requestedAt`) that is still `queued`
 *   or `running` with no pending run of the job for `LOST_IMPORT_AFTER_MINUTES` gets its event again,
 *   once (`resentAt`);
 * - `clearImportFileCaches`: with S3 storage, the local cached copy of the uploaded file of an import
 *   finished more than `IMPORT_CACHE_KEEP_HOURS` ago is deleted (the bucket keeps the file; error
 *   reports are kept).
 *
 * An import whose start was requested (`startImport` sent `imports/process.requested`) but whose job
 * has not begun is also `queued`, and nothing on the `imports` row tells it from an upload that was
 * never started. The one trace is the job's own run in `job_runs` (stored when the event is sent with
 * the in-process driver, when the run begins with an Inngest server): while such a run is pending the
 * import is never expired.
 */

export { IMPORT_START_DEADLINE_DAYS };

/** Hours the local cached copy of an import's file is kept after the import finished (S3 storage). */
export const IMPORT_CACHE_KEEP_HOURS = 24;

/** The error of an import closed by `expireUnstartedImports`, as the import list shows it. */
export const UNSTARTED_IMPORT_MESSAGE = `This import was not started within ${IMPORT_START_DEADLINE_DAYS} days of the upload, so it was closed and the uploaded file deleted. Upload the file again to import it.`;

/** Minutes an import handed to the job may go without a pending run before its event is re-sent. */
export const LOST_IMPORT_AFTER_MINUTES = 10;

/** Imports re-sent per `resendLostImports` call unless told otherwise. */
export const RESEND_IMPORTS_BATCH_SIZE = 100;

/** Imports closed per `expireUnstartedImports` call unless told otherwise. */
export const EXPIRE_IMPORTS_BATCH_SIZE = 100;

/** Imports looked at per `clearImportFileCaches` call unless told otherwise. */
export const CLEAR_CACHE_BATCH_SIZE = 500;

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;

/** Job-run statuses of a run that may still process the import (it is to run, runs or can resume). */
const pendingRunStatuses = ["queued", "running", "sleeping", "interrupted"] as const;

/** Statuses of an import that will not read its uploaded file again. */
const finishedImportStatuses = ["completed", "failed", "undone"] as const;

/** A pending run of the import job for the outer query's import (see the module comment). */
function pendingRunOf(db: DbOrTx) {
  return db
    .select({ one: sql`1` })
    .from(jobRuns)
    .where(
      and(
        eq(jobRuns.businessId, imports.businessId),
        eq(jobRuns.eventName, "imports/process.requested"),
        inArray(jobRuns.status, [...pendingRunStatuses]),
        sql`${jobRuns.event} -> 'data' ->> 'importId' = ${imports.id}::text`,
      ),
    );
}

/**
 * Imports still `queued` and never started, uploaded strictly before `cutoff`, with no pending run of
 * the import job (see the module comment).
 */
function unstartedBefore(db: DbOrTx, cutoff: Date): SQL {
  const pendingRun = pendingRunOf(db);
  return and(
    eq(imports.status, "queued"),
    isNull(imports.startedAt),
    lt(imports.createdAt, cutoff),
    notExists(pendingRun),
  ) as SQL;
}

export interface ExpiredImports {
  /** Imports marked `failed` by this call. */
  expired: number;
  /** Of those, imports whose files could not be deleted (logged with the import id). */
  filesNotDeleted: number;
}

/**
 * Closes uploads nobody started: imports `queued`, never started and uploaded more than
 * `IMPORT_START_DEADLINE_DAYS` before `now` (and with no pending run of the import job) become `failed`
 * with `UNSTARTED_IMPORT_MESSAGE`, and their files are deleted (the import folder, and with S3 storage
 * the bucket objects). At most `limit` imports, oldest first, across businesses.
 *
 * The ids are selected first; the update takes only those ids and checks every condition again, and
 * files are deleted only for the imports the update returned, so an import started in between keeps
 * its file and its status.
 *
 * @param opts.now the time ages are measured from (default: now)
 * @param opts.limit imports closed at most (default `EXPIRE_IMPORTS_BATCH_SIZE`)
 * @returns counts; fewer than `limit` expired means none was left at `now`
 * Errors: database errors as thrown. A file that cannot be deleted is logged and counted, not thrown
 * (the import is closed either way).
 */
export async function expireUnstartedImports(
  db: DbOrTx,
  opts: { now?: Date; limit?: number } = {},
): Promise<ExpiredImports> {
  const now = opts.now ?? new Date();
  const limit = opts.limit ?? EXPIRE_IMPORTS_BATCH_SIZE;
  const cutoff = new Date(now.getTime() - IMPORT_START_DEADLINE_DAYS * dayMs);
  const candidates = await db
    .select({ id: imports.id })
    .from(imports)
    .where(unstartedBefore(db, cutoff))
    .orderBy(asc(imports.createdAt))
    .limit(limit);
  if (candidates.length === 0) return { expired: 0, filesNotDeleted: 0 };

  const closed = await db
    .update(imports)
    .set({ status: "failed", error: UNSTARTED_IMPORT_MESSAGE, finishedAt: now })
    .where(
      and(
        inArray(
          imports.id,
          candidates.map((c) => c.id),
        ),
        unstartedBefore(db, cutoff),
      ),
    )
    .returning({ id: imports.id, businessId: imports.businessId });

  let filesNotDeleted = 0;
  for (const row of closed) {
    try {
      await removeImportFolder(row.businessId, row.id);
    } catch (err) {
      filesNotDeleted++;
      logger.warn(
        { err, importId: row.id },
        "could not delete the files of an import that was never started",
      );
    }
  }
  return { expired: closed.length, filesNotDeleted };
}

/** An import whose job event `resendLostImports` re-sent. */
export interface LostImport {
  importId: string;
  businessId: string;
}

/**
 * Finds imports whose background job was lost: handed to the job (`requestedAt`) more than
 * `LOST_IMPORT_AFTER_MINUTES` before `now`, still `queued` or `running`, never re-sent, and with no
 * pending run of `imports/process.requested` (a run that is queued, running, sleeping or interrupted
 * stands for the import). Marks them `resentAt = now` in one conditional update, so each import is
 * returned by exactly one call ever, even with two sweeps at once; the caller sends their events.
 * A duplicate event is harmless: `processImport` takes an import under a lock and continues after
 * its last committed batch.
 *
 * @param opts.now the time ages are measured from (default: now)
 * @param opts.limit imports returned at most (default `RESEND_IMPORTS_BATCH_SIZE`), oldest request first
 * @returns the imports to send `imports/process.requested` for again
 */
export async function resendLostImports(
  db: DbOrTx,
  opts: { now?: Date; limit?: number } = {},
): Promise<LostImport[]> {
  const now = opts.now ?? new Date();
  const limit = opts.limit ?? RESEND_IMPORTS_BATCH_SIZE;
  const cutoff = new Date(now.getTime() - LOST_IMPORT_AFTER_MINUTES * 60_000);
  const lost = and(
    inArray(imports.status, ["queued", "running"]),
    lt(imports.requestedAt, cutoff),
    isNull(imports.resentAt),
    notExists(pendingRunOf(db)),
  );
  const candidates = await db
    .select({ id: imports.id })
    .from(imports)
    .where(lost)
    .orderBy(asc(imports.requestedAt))
    .limit(limit);
  if (candidates.length === 0) return [];
  const marked = await db
    .update(imports)
    .set({ resentAt: now })
    .where(
      and(
        inArray(
          imports.id,
          candidates.map((c) => c.id),
        ),
        lost,
      ),
    )
    .returning({ importId: imports.id, businessId: imports.businessId });
  for (const m of marked) logger.warn({ importId: m.importId }, "re-sending the event of a lost import job");
  return marked;
}

/** Where `clearImportFileCaches` goes on: the last import it looked at (newest finished first). */
export interface ImportCacheCursor {
  /** `finished_at` of that import, ISO 8601 (millisecond precision). */
  finishedAt: string;
  id: string;
}

export interface ClearedImportCaches {
  /** Finished imports looked at. */
  checked: number;
  /** Cached uploads deleted. */
  cleared: number;
  /** Cursor for the next page; null when this page was the last (or storage is local disk). */
  next: ImportCacheCursor | null;
}

/**
 * With S3 storage (`S3_BUCKET`), deletes the local cached copy of the uploaded file
 * (`<data dir>/imports/<business>/<import>/upload.csv|xlsx`, see `localImportFile`) of imports finished
 * (completed, failed or undone) more than `IMPORT_CACHE_KEEP_HOURS` before `now`; the file stays in
 * the bucket and is downloaded again if ever needed. Error reports are kept. An import folder left empty
 * is removed. On local disk storage that file is the only copy, so nothing is deleted and nothing is read.
 *
 * Looks at up to `limit` imports per call, newest finished first, across businesses; pass the returned
 * `next` as `after` to go on. Each file deleted is derived from the storage key of the import row
 * selected and must lie in that import's own folder. Only the machine running this sees its cache.
 *
 * @param opts.now the time ages are measured from (default: now)
 * @param opts.limit imports looked at (default `CLEAR_CACHE_BATCH_SIZE`)
 * @param opts.after cursor from the previous call
 * Errors: database errors as thrown; Error naming the variable when the S3 settings are malformed. A
 * file that cannot be deleted is logged and skipped.
 */
export async function clearImportFileCaches(
  db: DbOrTx,
  opts: { now?: Date; limit?: number; after?: ImportCacheCursor | null } = {},
): Promise<ClearedImportCaches> {
  if (storageKind() !== "s3") return { checked: 0, cleared: 0, next: null };
  const now = opts.now ?? new Date();
  const limit = opts.limit ?? CLEAR_CACHE_BATCH_SIZE;
  const cutoff = new Date(now.getTime() - IMPORT_CACHE_KEEP_HOURS * hourMs);
  // JavaScript dates carry milliseconds: page on the value truncated to them, so a cursor round-trips.
  const finishedMs = sql`date_trunc('milliseconds', ${imports.finishedAt})`;
  const rows = await db
    .select({
      id: imports.id,
      businessId: imports.businessId,
      storageKey: imports.storageKey,
      finishedAt: imports.finishedAt,
    })
    .from(imports)
    .where(
      and(
        inArray(imports.status, [...finishedImportStatuses]),
        lt(imports.finishedAt, cutoff),
        opts.after
          ? sql`(${finishedMs}, ${imports.id}) < (${opts.after.finishedAt}::timestamptz, ${opts.after.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(desc(finishedMs), desc(imports.id))
    .limit(limit);

  let cleared = 0;
  for (const row of rows) {
    const folder = `imports/${row.businessId.toLowerCase()}/${row.id.toLowerCase()}/`;
    if (!row.storageKey.startsWith(`${folder}upload.`)) continue;
    const file = pathOfKey(row.storageKey);
    try {
      await unlink(file);
      cleared++;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT")
        logger.warn({ err, importId: row.id }, "could not delete the cached copy of an import file");
    }
    // Removes the folder only when nothing else (an error report) is left in it.
    await rmdir(path.dirname(file)).catch(() => {});
  }
  const last = rows.at(-1);
  return {
    checked: rows.length,
    cleared,
    next:
      rows.length === limit && last?.finishedAt
        ? { finishedAt: last.finishedAt.toISOString(), id: last.id }
        : null,
  };
}
