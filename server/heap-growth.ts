import { setFlagsFromString } from "node:v8";

/** How far the heap may grow past what a full collection left, per cent, when the setting is unset. */
export const defaultHeapGrowingPercent = 25;

/**
 * The young generation's growth factor when `SEMI_SPACE_GROWTH_FACTOR` is unset: V8's own (it doubles
 * while busy, up to 16 MB per semi-space). Holding it at its start size (1) saves 10–20 MB of RSS but
 * makes every request pay for a scavenge each few requests: REST's customers list ran at 0.56–0.63× of
 * `/business` instead of 0.62–0.71×. With the libraries loaded on first use a 1,000,000-recipient
 * campaign stays under 300 MB with V8's own factor too (README, "Memory while a campaign sends").
 */
export const defaultSemiSpaceGrowthFactor = 2;

/**
 * The heap growth setting from `HEAP_GROWING_PERCENT`: a whole number of per cent from 0 to 400; unset
 * or empty → `defaultHeapGrowingPercent`; 0 → V8's own growth. Errors: throws naming the variable for
 * anything else (a typo must not silently change how the server uses memory).
 */
export function heapGrowingPercent(raw: string | undefined): number {
  return wholeNumberSetting("HEAP_GROWING_PERCENT", raw, {
    min: 0,
    max: 400,
    unset: defaultHeapGrowingPercent,
  });
}

/**
 * The young generation setting from `SEMI_SPACE_GROWTH_FACTOR`: a whole number from 1 to 8; unset or
 * empty → `defaultSemiSpaceGrowthFactor` (2, V8's own). Errors: throws naming the variable for anything
 * else.
 */
export function semiSpaceGrowthFactor(raw: string | undefined): number {
  return wholeNumberSetting("SEMI_SPACE_GROWTH_FACTOR", raw, {
    min: 1,
    max: 8,
    unset: defaultSemiSpaceGrowthFactor,
  });
}

/** A whole-number setting `name` from `raw`: `unset` when unset or blank; throws naming it when out of range. */
function wholeNumberSetting(
  name: string,
  raw: string | undefined,
  { min, max, unset }: { min: number; max: number; unset: number },
): number {
  if (raw === undefined || raw.trim() === "") return unset;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new Error(`${name} must be a whole number from ${min} to ${max}, not "${raw}"`);
  }
  return n;
}

/**
 * Makes V8 collect the old generation sooner in this server process. After a full collection V8 lets
 * the heap grow by a factor it picks from the machine's memory (up to 4× on a large one) before the next
 * one, so a busy process whose live memory stays flat (a campaign sending batches, an import) still
 * climbs hundreds of megabytes between collections. With the factor set to 1 + `percent`/100 (V8's
 * `--heap-growing-percent`), RSS stays near the live memory, at the cost of more frequent (concurrent)
 * marking.
 * The young generation (where new objects start) doubles its two semi-spaces, by default up to 16 MB
 * each, whenever a busy stretch keeps it full, and keeps them; a process that renders and sends batch
 * after batch holds ~32 MB there. With V8's `--semi-space-growth-factor` at 1 it keeps the size it had
 * at start (1 MB each): 10–20 MB less RSS, but a scavenge each few requests under load.
 * Input: `HEAP_GROWING_PERCENT` and `SEMI_SPACE_GROWTH_FACTOR` from `env` (see `heapGrowingPercent`,
 * `semiSpaceGrowthFactor`). Output: the percentage applied (null when 0 leaves V8's own) and the factor.
 * Called once when the server starts (instrumentation.ts); V8 reads both flags each time it sizes the
 * next collection (set at run time, `--max-semi-space-size` would have no effect).
 */
export function applyHeapGrowth(env: Record<string, string | undefined> = process.env): {
  heapGrowingPercent: number | null;
  semiSpaceGrowthFactor: number;
} {
  const percent = heapGrowingPercent(env.HEAP_GROWING_PERCENT);
  const factor = semiSpaceGrowthFactor(env.SEMI_SPACE_GROWTH_FACTOR);
  if (percent !== 0) setFlagsFromString(`--heap-growing-percent=${percent}`);
  setFlagsFromString(`--semi-space-growth-factor=${factor}`);
  return { heapGrowingPercent: percent === 0 ? null : percent, semiSpaceGrowthFactor: factor };
}
