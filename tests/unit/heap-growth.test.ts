import { execFileSync } from "node:child_process";
import path from "node:path";
import { setFlagsFromString } from "node:v8";
import { afterAll, describe, expect, it } from "vitest";
import {
  applyHeapGrowth,
  defaultHeapGrowingPercent,
  defaultSemiSpaceGrowthFactor,
  heapGrowingPercent,
  semiSpaceGrowthFactor,
} from "@/server/heap-growth";

const root = path.resolve(import.meta.dirname, "../..");

/**
 * The young generation's size (MB) in a fresh process after `applyHeapGrowth` with `env` and a busy
 * stretch of short-lived objects, as a server rendering batches makes.
 */
function newSpaceAfterBusyStretch(env: Record<string, string>): number {
  const script = `
    import { getHeapSpaceStatistics } from "node:v8";
    import { applyHeapGrowth } from "./server/heap-growth.ts";
    applyHeapGrowth(${JSON.stringify(env)});
    const keep = [];
    for (let i = 0; i < 3_000_000; i++) {
      const o = { i, s: "row " + i, list: [i, i + 1] };
      if (i % 50 === 0) keep.push(o);
      if (keep.length > 20_000) keep.splice(0, 10_000);
    }
    const space = getHeapSpaceStatistics().find((s) => s.space_name === "new_space");
    console.log(space.space_size / 2 ** 20);`;
  const out = execFileSync(path.join(root, "node_modules/.bin/tsx"), ["--input-type=module", "-e", script], {
    cwd: root,
    encoding: "utf8",
  });
  return Number(out.trim());
}

afterAll(() => {
  // V8's own settings back for the rest of this worker.
  setFlagsFromString("--heap-growing-percent=0");
  setFlagsFromString("--semi-space-growth-factor=2");
});

describe("heap growth between full collections", () => {
  it("defaults to 25 per cent when HEAP_GROWING_PERCENT is unset or empty", () => {
    expect(defaultHeapGrowingPercent).toBe(25);
    expect(heapGrowingPercent(undefined)).toBe(25);
    expect(heapGrowingPercent("")).toBe(25);
    expect(heapGrowingPercent("  ")).toBe(25);
  });

  it("takes a whole number of per cent from 0 (V8's own growth) to 400", () => {
    expect(heapGrowingPercent("0")).toBe(0);
    expect(heapGrowingPercent("10")).toBe(10);
    expect(heapGrowingPercent("400")).toBe(400);
  });

  it("refuses anything else, naming the variable and the value", () => {
    for (const bad of ["-1", "401", "12.5", "lots", "25%"]) {
      expect(() => heapGrowingPercent(bad)).toThrow(
        `HEAP_GROWING_PERCENT must be a whole number from 0 to 400, not "${bad}"`,
      );
    }
  });

  it("lets the young generation grow as V8 does unless SEMI_SPACE_GROWTH_FACTOR says otherwise", () => {
    expect(defaultSemiSpaceGrowthFactor).toBe(2);
    expect(semiSpaceGrowthFactor(undefined)).toBe(2);
    expect(semiSpaceGrowthFactor(" ")).toBe(2);
    expect(semiSpaceGrowthFactor("1")).toBe(1);
    expect(semiSpaceGrowthFactor("8")).toBe(8);
    for (const bad of ["0", "9", "1.5", "big"]) {
      expect(() => semiSpaceGrowthFactor(bad)).toThrow(
        `SEMI_SPACE_GROWTH_FACTOR must be a whole number from 1 to 8, not "${bad}"`,
      );
    }
  });

  it("applies both settings to V8, leaving V8's own old-generation growth for 0", () => {
    expect(applyHeapGrowth({ HEAP_GROWING_PERCENT: "0" })).toEqual({
      heapGrowingPercent: null,
      semiSpaceGrowthFactor: 2,
    });
    expect(applyHeapGrowth({ HEAP_GROWING_PERCENT: "40", SEMI_SPACE_GROWTH_FACTOR: "1" })).toEqual({
      heapGrowingPercent: 40,
      semiSpaceGrowthFactor: 1,
    });
    expect(applyHeapGrowth({})).toEqual({ heapGrowingPercent: 25, semiSpaceGrowthFactor: 2 });
    expect(() => applyHeapGrowth({ HEAP_GROWING_PERCENT: "fast" })).toThrow(/HEAP_GROWING_PERCENT/);
    expect(() => applyHeapGrowth({ SEMI_SPACE_GROWTH_FACTOR: "4x" })).toThrow(/SEMI_SPACE_GROWTH_FACTOR/);
  });

  it("lets a busy process's young generation grow to 16 MB and more; factor 1 holds it small", () => {
    const small = newSpaceAfterBusyStretch({ SEMI_SPACE_GROWTH_FACTOR: "1" });
    const grown = newSpaceAfterBusyStretch({});
    expect(grown).toBeGreaterThanOrEqual(16);
    expect(small).toBeLessThanOrEqual(grown / 4);
  }, 60_000);
});
