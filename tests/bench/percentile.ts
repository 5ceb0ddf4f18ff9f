/**
 * Percentiles of the bench's timings, one rule everywhere: nearest rank, the value at
 * floor(p / 100 × n) of the sorted values (the last one for p = 100), 0 when there are none.
 */

/** `xs` sorted once; the returned function gives its p-th percentile (p from 0 to 100). */
export function percentileOf(xs: readonly number[]): (p: number) => number {
  const sorted = [...xs].sort((a, b) => a - b);
  return (p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** The p-th percentile (0–100) of `xs` (see the module's rule). */
export function percentile(xs: readonly number[], p: number): number {
  return percentileOf(xs)(p);
}
