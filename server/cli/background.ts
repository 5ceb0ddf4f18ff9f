import type { LocalDriver } from "@/server/jobs/local/driver";

/** How long the CLI waits for background runs it started (e.g. an invitation email) before exiting. */
const drainTimeoutMs = 15_000;

/** The process-wide local driver, only if something in this process started it (never starts one). */
function startedLocalDriver(): Promise<LocalDriver> | undefined {
  return (globalThis as unknown as { __miniCrmLocalDriver?: Promise<LocalDriver> }).__miniCrmLocalDriver;
}

/**
 * Lets background work started by a command finish, then stops the local driver so the process can
 * exit. Without an Inngest server, services run events (such as the email queued for an invitation)
 * in this process: a run stopped halfway would be left `interrupted`, so the CLI waits until the driver
 * is idle (runs due later, such as retries, stay queued for the app's driver). Never throws.
 */
export async function drainBackgroundWork(): Promise<void> {
  const starting = startedLocalDriver();
  if (!starting) return;
  try {
    const driver = await starting;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, drainTimeoutMs);
    });
    await Promise.race([driver.idle(), timedOut]);
    clearTimeout(timer);
    const { stopLocalDriver } = await import("@/server/jobs");
    await stopLocalDriver();
  } catch {
    // The driver failed to start or stop: nothing more to wait for.
  }
}
