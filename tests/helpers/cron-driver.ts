import type { Db } from "@/db/client";
import { LocalDriver, type LocalDriverOptions } from "@/server/jobs/local/driver";

/**
 * A local driver that runs `fn` on the test's clock (`now`), with no sweep timer and no retry delay:
 * started, ticked once and idle, so a cron slot the clock has not reached yet has not run. Added to
 * `drivers`, which the test file stops after each test.
 */
export async function startCronDriver(
  db: Db,
  fn: LocalDriverOptions["functions"][number],
  now: () => Date,
  drivers: LocalDriver[],
): Promise<LocalDriver> {
  const driver = new LocalDriver({ db, functions: [fn], now, sweepIntervalMs: 0, retryDelayMs: () => 0 });
  drivers.push(driver);
  await driver.start();
  await driver.tick();
  await driver.idle();
  return driver;
}
