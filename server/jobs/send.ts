import type { EventPayload } from "inngest";
import { inngest } from "./client";
import { type AppEvent, validateEvent } from "./events";
import { backgroundExecutor } from "./executor";

/**
 * Sends product events to background functions. Services call only this, never `inngest.send`.
 * With an Inngest server configured (INNGEST_EVENT_KEY, or INNGEST_DEV with a dev server that answers)
 * the events go to Inngest; otherwise to the local driver, which stores one `job_runs` row per
 * triggered function and runs it in this process (starting the driver on first use).
 *
 * @param event one event or a list; `data` is validated against `eventSchemas` first
 * @returns the event ids
 * Errors: an Error for data that does not match the event's schema; the executor's error when it
 * cannot accept the events (nothing is stored then).
 */
export async function sendEvent(event: AppEvent | AppEvent[]): Promise<{ ids: string[] }> {
  const events = (Array.isArray(event) ? event : [event]) as EventPayload[];
  for (const e of events) validateEvent(e);
  if (events.length === 0) return { ids: [] };
  if ((await backgroundExecutor()) === "inngest") {
    return inngest.send(events);
  }
  const { startLocalDriver } = await import("./local");
  const driver = await startLocalDriver();
  return driver.send(events);
}
