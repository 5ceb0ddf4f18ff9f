/**
 * Background jobs: what the rest of the app calls. Functions live in ./functions (served at
 * /api/inngest and run by the local driver); import them from "@/server/jobs/functions", not from here.
 * Nothing here imports the functions statically, so services that functions call may import this
 * module without an import cycle.
 */
export { startBackgroundWork } from "./background";
export { inngest } from "./client";
export { type AppEvent, type EventData, type EventName, eventSchemas } from "./events";
export { backgroundExecutor, type Executor } from "./executor";
export { getJobRun, type JobProgress, type JobRun, jobRunId, reportProgress } from "./job-runs";
export { sendEvent } from "./send";

/**
 * Continues an `interrupted` local-driver run from its memoized steps (finished steps do not run
 * again). Errors: AppError NOT_FOUND (unknown run), CONFLICT (run not interrupted/queued/sleeping).
 */
export async function resumeJobRun(runId: string): Promise<void> {
  const local = await import("./local");
  await local.resumeJobRun(runId);
}

/** Stops the process-wide local driver if it runs (tests, graceful shutdown). */
export async function stopLocalDriver(): Promise<void> {
  const local = await import("./local");
  await local.stopLocalDriver();
}
