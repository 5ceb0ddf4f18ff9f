import { setFlagsFromString } from "node:v8";

/** How far the heap may grow past what a full collection left, per cent, when the setting is unset. */
export const defaultHeapGrowingPercent = 25;

/**
 * The heap growth setting from `HEAP_GROWING_PERCENT`: a whole number of per cent from 0 to 400; unset
 * or empty → `defaultHeapGrowingPercent`; 0 → V8's own growth. Errors: throws naming the variable for
 * anything else (a typo must not silently change how the server uses memory).
 */
export function heapGrowingPercent(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === "") return defaultHeapGrowingPercent;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 400) {
    throw new Error(`HEAP_GROWING_PERCENT must be a whole number from 0 to 400, not "${raw}"`);
  }
  return n;
}

/**
 * Makes V8 collect the old generation sooner in this server process. After a full collection V8 lets
 * the heap grow by a factor it picks from the machine's memory (up to 4× on a large one) before the next
 * one, so a busy process whose live memory stays flat (a campaign sending batches, an import) still
 * climbs hundreds of megabytes between collections. With the factor set to 1 + `percent`/100 (V8's
 * `--heap-growing-percent`), RSS stays near the live memory, at the cost of more frequent (concurrent)
 * marking. Input: `HEAP_GROWING_PERCENT` from `env` (see `heapGrowingPercent`). Output: the percentage
 * applied, or null when 0 leaves V8's own. Called once when the server starts (instrumentation.ts); V8
 * reads the flag each time it sets the next collection's limit.
 */
export function applyHeapGrowth(env: Record<string, string | undefined> = process.env): number | null {
  const percent = heapGrowingPercent(env.HEAP_GROWING_PERCENT);
  if (percent === 0) return null;
  setFlagsFromString(`--heap-growing-percent=${percent}`);
  return percent;
}
