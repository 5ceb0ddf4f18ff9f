/**
 * What every part of the bench measures and prints with, one rule each: numbers formatted for the
 * report, timings of repeated calls, and percentiles by nearest rank (the value at floor(p / 100 × n) of
 * the sorted values, the last one for p = 100, 0 when there are none).
 */

/** `n` with at most `d` decimals and thousands separators (en-US), for the report's cells. */
export const fmt = (n: number, d = 1) => n.toLocaleString("en-US", { maximumFractionDigits: d });

/** Calls `fn` once to warm up, then `n` times one after another: each call's time, ms. */
export async function timed(n: number, fn: () => Promise<unknown>): Promise<number[]> {
  await fn();
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

/** `xs` sorted once; the returned function gives its p-th percentile (p from 0 to 100). */
export function percentileOf(xs: readonly number[]): (p: number) => number {
  const sorted = [...xs].sort((a, b) => a - b);
  return (p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** The p-th percentile (0–100) of `xs` (see the module's rule). */
export function percentile(xs: readonly number[], p: number): number {
  return percentileOf(xs)(p);
}
