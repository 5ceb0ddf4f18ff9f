import { createHash } from "node:crypto";
import { and, eq, inArray, or, type SQL, sql } from "drizzle-orm";
import { Middleware } from "inngest";
import { type DbOrTx, getDb } from "@/db/client";
import { jobRuns } from "@/db/schema";
import { isUuid } from "@/server/ids";
import { logger } from "@/server/logger";
import { functionFailedEventName } from "./events";

/**
 * `job_runs` is the one record of background runs, whichever executor runs them:
 * - the local driver creates the row before a run starts (its run id *is* the row id);
 * - with an Inngest server, `JobRunRecorder` (client middleware) upserts the row from the run's
 *   lifecycle hooks, keyed by `jobRunId(inngestRunId)`.
 * Progress reported by a function lands in the same row either way, so the UI reads one table.
 */

export type JobRun = typeof jobRuns.$inferSelect;

/**
 * Progress of a long run as the UI shows it: `done` of `total` units (rows imported, messages sent),
 * plus an optional short message. Extra keys are kept as given.
 */
export type JobProgress = { done: number; total?: number | null; message?: string } & Record<string, unknown>;

/**
 * The `job_runs.id` of a run, from the `runId` a function receives in its context. Local-driver run
 * ids are already the row id; Inngest run ids (ULIDs) map to a stable name-based UUID (SHA-1, the
 * RFC 9562 version 5 layout), so the same Inngest run always lands on the same row.
 */
export function jobRunId(runId: string): string {
  if (isUuid(runId)) return runId.toLowerCase();
  const hex = createHash("sha1").update(`mini-crm:job-run:${runId}`).digest("hex");
  const variant = ((Number.parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Stores `progress` on the run's `job_runs` row so the UI can show a progress bar. Call it from inside
 * a `step.run` (it then runs once per step, not on every replay). Never throws: a failed progress
 * write is logged and the run goes on.
 *
 * @param runId the `runId` from the function's context (either executor)
 * @param progress e.g. `{ done: 120, total: 1000 }`
 * @param db defaults to the process database
 */
export async function reportProgress(runId: string, progress: JobProgress, db?: DbOrTx): Promise<void> {
  try {
    const handle = db ?? (await getDb());
    await handle
      .update(jobRuns)
      .set({ progress, updatedAt: new Date() })
      .where(eq(jobRuns.id, jobRunId(runId)));
  } catch (err) {
    logger.warn({ err, runId }, "could not store job progress");
  }
}

/**
 * One run by id (a `job_runs.id` or a function's `runId`), or null. With `businessId`, only a run of
 * that business is returned (tenant-scoped reads from the UI).
 */
export async function getJobRun(db: DbOrTx, runId: string, businessId?: string): Promise<JobRun | null> {
  const id = jobRunId(runId);
  const where = businessId ? and(eq(jobRuns.id, id), eq(jobRuns.businessId, businessId)) : eq(jobRuns.id, id);
  const [row] = await db.select().from(jobRuns).where(where).limit(1);
  return row ?? null;
}

/** `event.data.businessId` when it is a UUID: runs are then listed under that business. */
export function businessIdOf(event: { data?: unknown }): string | null {
  const data = event.data as { businessId?: unknown } | undefined;
  return isUuid(data?.businessId) ? data.businessId : null;
}

/** Human-readable error text for `job_runs.error` / `email_messages.error` from anything thrown. */
export function errorText(error: unknown): string {
  if (error && typeof error === "object") {
    const { name, message } = error as { name?: unknown; message?: unknown };
    if (typeof message === "string") {
      return typeof name === "string" && name !== "Error" ? `${name}: ${message}` : message;
    }
  }
  return String(error);
}

type RecordedEvent = { name: string; data?: unknown };

/**
 * Inngest client middleware that records runs executed by an Inngest server (cloud or self-hosted)
 * in `job_runs`. Runs of the local driver are skipped: their ids are UUIDs and the driver keeps
 * their rows itself. Recording never breaks a run; failures are logged.
 */
export class JobRunRecorder extends Middleware.BaseMiddleware {
  readonly id = "mini-crm:job-runs";

  override async onRunStart({ ctx, fn }: Middleware.OnRunStartArgs): Promise<void> {
    await this.record(ctx.runId, fn.id(), ctx.event as RecordedEvent, { status: "running" });
  }

  override async onRunComplete({ ctx, fn, output }: Middleware.OnRunCompleteArgs): Promise<void> {
    await this.record(ctx.runId, fn.id(), ctx.event as RecordedEvent, {
      status: "completed",
      output: output ?? null,
      error: null,
      finishedAt: new Date(),
    });
  }

  override async onRunError({ ctx, fn, error, isFinalAttempt }: Middleware.OnRunErrorArgs): Promise<void> {
    await this.record(ctx.runId, fn.id(), ctx.event as RecordedEvent, {
      status: isFinalAttempt ? "failed" : "running",
      error: errorText(error),
      attempt: ctx.attempt,
      ...(isFinalAttempt ? { finishedAt: new Date() } : {}),
    });
  }

  private async record(
    runId: string,
    fnId: string,
    event: RecordedEvent,
    patch: Partial<typeof jobRuns.$inferInsert>,
  ): Promise<void> {
    if (isUuid(runId)) return;
    try {
      const db = await getDb();
      const now = new Date();
      const functionId = event.name === functionFailedEventName ? `${fnId}-failure` : fnId;
      await db
        .insert(jobRuns)
        .values({
          id: jobRunId(runId),
          functionId,
          eventName: event.name,
          event: JSON.parse(JSON.stringify(event)) as Record<string, unknown>,
          businessId: businessIdOf(event),
          startedAt: now,
          updatedAt: now,
          ...patch,
        })
        .onConflictDoUpdate({ target: jobRuns.id, set: { ...patch, updatedAt: now } });
    } catch (err) {
      logger.warn({ err, runId }, "could not record job run");
    }
  }
}

/** SQL fragment merging `patch` into a jsonb column (`col || patch`). */
export function jsonbMerge(column: typeof jobRuns.steps, patch: Record<string, unknown>) {
  return sql`${column} || ${JSON.stringify(patch)}::jsonb`;
}

/**
 * How long finished runs stay in `job_runs`, in days, by status. Completed (and cancelled) runs go
 * after a week: the cron functions alone add one row a minute with the local driver. Failed runs stay
 * for 30 days so their error can still be read and acted on. Runs that are `queued`, `running`,
 * `sleeping` or `interrupted` are never pruned: they are still to run or to resume (`crm jobs resume`).
 */
export const JOB_RUN_RETENTION_DAYS = { completed: 7, cancelled: 7, failed: 30 } as const;

/** Runs deleted per `pruneJobRuns` call unless told otherwise. */
export const JOB_RUN_PRUNE_BATCH_SIZE = 1_000;

const dayMs = 86_400_000;

/**
 * The runs `pruneJobRuns` may delete at `now`: a finished status (see `JOB_RUN_RETENTION_DAYS`) and
 * finished (`finished_at`, else the last update) strictly longer ago than that status's retention.
 */
function prunableRuns(now: Date): SQL {
  const finishedAt = sql`coalesce(${jobRuns.finishedAt}, ${jobRuns.updatedAt})`;
  // An expression, not a column: drizzle does not map the Date, so it travels as ISO 8601 text.
  const olderThan = (days: number) =>
    sql`${finishedAt} < ${new Date(now.getTime() - days * dayMs).toISOString()}::timestamptz`;
  const { completed, cancelled, failed } = JOB_RUN_RETENTION_DAYS;
  return or(
    and(eq(jobRuns.status, "completed"), olderThan(completed)),
    and(eq(jobRuns.status, "cancelled"), olderThan(cancelled)),
    and(eq(jobRuns.status, "failed"), olderThan(failed)),
  ) as SQL;
}

/**
 * Deletes up to `limit` finished background runs older than their retention (`JOB_RUN_RETENTION_DAYS`),
 * across businesses and executors. It selects the ids first and deletes only those ids, re-checking
 * status and age in the same statement, so a run that was resumed in between is kept.
 *
 * @param opts.now the time retention is measured from (default: now)
 * @param opts.limit runs deleted at most by this call (default `JOB_RUN_PRUNE_BATCH_SIZE`)
 * @returns how many runs were deleted (less than `limit`: nothing more to prune at `now`)
 * Errors: database errors as thrown.
 */
export async function pruneJobRuns(db: DbOrTx, opts: { now?: Date; limit?: number } = {}): Promise<number> {
  const now = opts.now ?? new Date();
  const limit = opts.limit ?? JOB_RUN_PRUNE_BATCH_SIZE;
  const candidates = await db.select({ id: jobRuns.id }).from(jobRuns).where(prunableRuns(now)).limit(limit);
  if (candidates.length === 0) return 0;
  const deleted = await db
    .delete(jobRuns)
    .where(
      and(
        inArray(
          jobRuns.id,
          candidates.map((c) => c.id),
        ),
        prunableRuns(now),
      ),
    )
    .returning({ id: jobRuns.id });
  return deleted.length;
}
