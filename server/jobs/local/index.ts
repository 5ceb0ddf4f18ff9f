import { getDb } from "@/db/client";
import { logger } from "@/server/logger";
import { validateEvent } from "../events";
import { functions } from "../functions";
import { LocalDriver, type LocalDriverOptions } from "./driver";

export { LocalDriver, type LocalDriverOptions } from "./driver";

/** Options for the process-wide driver; `db` and `functions` default to the app's. */
export type StartLocalDriverOptions = Partial<LocalDriverOptions>;

const globalForDriver = globalThis as unknown as { __miniCrmLocalDriver?: Promise<LocalDriver> };

/**
 * Starts the process-wide local driver (once per process, kept across Next.js hot reloads) with all
 * of the app's functions, and returns it. Later calls return the same driver; their options are
 * ignored. On start, stale `running` runs are marked `interrupted` and due runs are picked up.
 */
export function startLocalDriver(options: StartLocalDriverOptions = {}): Promise<LocalDriver> {
  if (!globalForDriver.__miniCrmLocalDriver) {
    const starting = (async () => {
      const driver = new LocalDriver({
        functions,
        validateEvent,
        ...options,
        db: options.db ?? (await getDb()),
      });
      await driver.start();
      logger.info({ functions: functions.length }, "background jobs: local driver started");
      return driver;
    })();
    globalForDriver.__miniCrmLocalDriver = starting;
    starting.catch(() => {
      globalForDriver.__miniCrmLocalDriver = undefined;
    });
  }
  return globalForDriver.__miniCrmLocalDriver;
}

/** Stops the process-wide driver, if started (tests, graceful shutdown). */
export async function stopLocalDriver(): Promise<void> {
  const current = globalForDriver.__miniCrmLocalDriver;
  globalForDriver.__miniCrmLocalDriver = undefined;
  if (current) await (await current.catch(() => undefined))?.stop();
}

/**
 * Continues an `interrupted` run of the local driver from its memoized steps (finished steps are not
 * run again). Errors: NOT_FOUND, CONFLICT (see `LocalDriver.resume`).
 */
export async function resumeJobRun(runId: string): Promise<void> {
  const driver = await startLocalDriver();
  await driver.resume(runId);
}
