import { logger } from "@/server/logger";
import { backgroundExecutor, type Executor } from "./executor";

/**
 * Starts background work for this server process; call once at server start (instrumentation.ts).
 * With an Inngest server configured nothing starts here: Inngest calls /api/inngest. Otherwise the
 * local driver starts, so cron triggers fire and runs left over from a previous process (queued,
 * sleeping, or waiting for a retry) continue. Never throws: a failure is logged and the driver starts
 * on the first `sendEvent` instead.
 */
export async function startBackgroundWork(): Promise<{ executor: Executor }> {
  const executor = await backgroundExecutor();
  if (executor === "inngest") {
    logger.info("background jobs: Inngest server configured; functions are served at /api/inngest");
    return { executor };
  }
  try {
    const { startLocalDriver } = await import("./local");
    await startLocalDriver();
  } catch (err) {
    logger.error({ err }, "background jobs: could not start the local driver");
  }
  return { executor };
}
