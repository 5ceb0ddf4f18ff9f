/** Helpers for the cron functions under `functions/`. */

/**
 * The time of a cron run's schedule slot: the triggering event's `ts` (milliseconds since the epoch,
 * UTC; Inngest and the local driver both set it to the slot), else now. Ages measured from it make a
 * retried or resumed run do what its first attempt would have.
 */
export function scheduledAt(event: { ts?: number }): Date {
  return new Date(typeof event.ts === "number" ? event.ts : Date.now());
}

/** The part of Inngest's step tools that `countedBatches` uses. */
interface BatchSteps {
  run(id: string, fn: () => Promise<number>): Promise<number>;
}

/**
 * Runs `batch` as steps `<prefix>-0`, `<prefix>-1`, … until one handles fewer than `batchSize` items
 * or `maxBatches` have run. Each step's count is memoized by the step, so a retry or a resumed run goes
 * on from the batches already done.
 * Output: `{ total, more }`, `more` when it stopped at its bound with items possibly left.
 */
export async function countedBatches(
  step: BatchSteps,
  prefix: string,
  bounds: { batchSize: number; maxBatches: number },
  batch: () => Promise<number>,
): Promise<{ total: number; more: boolean }> {
  let total = 0;
  for (let n = 0; n < bounds.maxBatches; n++) {
    const handled = await step.run(`${prefix}-${n}`, batch);
    total += handled;
    if (handled < bounds.batchSize) return { total, more: false };
  }
  return { total, more: true };
}
