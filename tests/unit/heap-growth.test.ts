import { describe, expect, it } from "vitest";
import { applyHeapGrowth, defaultHeapGrowingPercent, heapGrowingPercent } from "@/server/heap-growth";

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

  it("applies the percentage to V8, or leaves V8's own growth for 0", () => {
    expect(applyHeapGrowth({ HEAP_GROWING_PERCENT: "0" })).toBeNull();
    expect(applyHeapGrowth({ HEAP_GROWING_PERCENT: "40" })).toBe(40);
    expect(applyHeapGrowth({})).toBe(25);
    expect(() => applyHeapGrowth({ HEAP_GROWING_PERCENT: "fast" })).toThrow(/HEAP_GROWING_PERCENT/);
  });
});
