import { type Db, getDb } from "@/db/client";
import { logger } from "@/server/logger";
import { validateEvent } from "../events";
import { functions } from "../functions";
import { campaignBatchSettings } from "../functions/campaigns/settings";
import { LocalDriver, type LocalDriverOptions } from "./driver";

export { LocalDriver, type LocalDriverOptions } from "./driver";

/** Options for the process-wide driver; `db` and `functions` default to the app's. */
export type StartLocalDriverOptions = Partial<LocalDriverOptions>;

type Current = { db: Db; driver: Promise<LocalDriver> };
const globalForDriver = globalThis as unknown as { __miniCrmLocalDriver?: Current };

/**
 * Starts the process-wide local driver (once per process, kept across Next.js hot reloads) with all
 * of the app's functions, and returns it. Later calls return the same driver and ignore their
 * options, unless the process database was replaced (tests), which restarts the driver on the new
 * one. On start, stale `running` runs are marked `interrupted` and due runs are picked up (not under
 * NODE_ENV=test, where test files share one database and each process runs only what it sends).
 */
export function startLocalDriver(options: StartLocalDriverOptions = {}): Promise<LocalDriver> {
  // Serialized, so concurrent first calls (several events at once) create one driver.
  const started = starting.then(() => getOrStart(options));
  starting = started.catch(() => undefined);
  return started;
}

let starting: Promise<unknown> = Promise.resolve();

/**
 * Runs the process-wide driver drives at once: 4, or more when the configured campaign rate needs it,
 * namely a business's email batches in flight plus two for everything else, so a campaign's throttle
 * rather than this limit sets its pace (7 at `CAMPAIGN_EMAIL_REQUESTS_PER_SECOND=20`; 4 at the default 2).
 */
export function localDriverConcurrency(): number {
  return Math.max(4, campaignBatchSettings().emailBatchesInFlight + 2);
}

async function getOrStart(options: StartLocalDriverOptions): Promise<LocalDriver> {
  const db = options.db ?? (await getDb());
  const current = globalForDriver.__miniCrmLocalDriver;
  if (current && current.db === db) return current.driver;
  if (current) await stopLocalDriver();

  const driver = (async () => {
    const created = new LocalDriver({
      functions,
      validateEvent,
      sweepIntervalMs: process.env.NODE_ENV === "test" ? 0 : undefined,
      concurrency: localDriverConcurrency(),
      ...options,
      db,
    });
    await created.start();
    logger.info({ functions: functions.length }, "background jobs: local driver started");
    return created;
  })();
  const entry: Current = { db, driver };
  globalForDriver.__miniCrmLocalDriver = entry;
  driver.catch(() => {
    if (globalForDriver.__miniCrmLocalDriver === entry) globalForDriver.__miniCrmLocalDriver = undefined;
  });
  return driver;
}

/** Stops the process-wide driver, if started (tests, graceful shutdown). */
export async function stopLocalDriver(): Promise<void> {
  const current = globalForDriver.__miniCrmLocalDriver;
  globalForDriver.__miniCrmLocalDriver = undefined;
  if (current) await (await current.driver.catch(() => undefined))?.stop();
}

/**
 * Continues an `interrupted` run of the local driver from its memoized steps (finished steps are not
 * run again). Errors: NOT_FOUND, CONFLICT (see `LocalDriver.resume`).
 */
export async function resumeJobRun(runId: string): Promise<void> {
  const driver = await startLocalDriver();
  await driver.resume(runId);
}
