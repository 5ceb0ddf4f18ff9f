import { describe, expect, it } from "vitest";
import {
  dateDisplayMap,
  formatCount,
  formatDate,
  formatDateTime,
  formatIsoDate,
} from "@/server/domain/format";

describe("dates the server formats for a page's first render", () => {
  const created = new Date("2026-03-05T08:35:00.000Z");
  const due = "2026-12-31T18:45:00.000Z";

  it("formats every instant and calendar day in nested data, in the business's time zone", () => {
    const map = dateDisplayMap(
      [
        { id: "c1", createdAt: created, dateOfBirth: "1990-04-21", name: "Asha" },
        { pages: [{ data: [{ metadata: { dueAt: due } }] }] },
        null,
        undefined,
      ],
      "Asia/Kolkata",
    );
    expect(map[`t|${created.toISOString()}`]).toBe(formatDateTime(created, "Asia/Kolkata"));
    expect(map[`t|${created.toISOString()}`]).toBe("5 Mar 2026, 14:05");
    expect(map[`d|${created.toISOString()}`]).toBe(formatDate(created, "Asia/Kolkata"));
    expect(map[`t|${due}`]).toBe("1 Jan 2027, 00:15");
    expect(map["c|1990-04-21"]).toBe(formatIsoDate("1990-04-21"));
    expect(map["c|1990-04-21"]).toBe("21 Apr 1990");
  });

  it("keys an instant by its ISO text whatever the form it arrived in, and ignores non-dates", () => {
    const map = dateDisplayMap(
      [{ a: "2026-03-05T08:35:00Z", b: "not a date", c: 42, d: "2026-13-99T00:00" }],
      "UTC",
    );
    expect(Object.keys(map).sort()).toEqual(["d|2026-03-05T08:35:00.000Z", "t|2026-03-05T08:35:00.000Z"]);
  });

  it("stops at eight levels of nesting", () => {
    let deep: unknown = { at: created };
    for (let i = 0; i < 10; i++) deep = { next: deep };
    expect(dateDisplayMap([deep], "UTC")).toEqual({});
  });
});

describe("counts", () => {
  it("groups thousands with commas and drops fractions", () => {
    expect(formatCount(0)).toBe("0");
    expect(formatCount(999)).toBe("999");
    expect(formatCount(1000)).toBe("1,000");
    expect(formatCount(1234567)).toBe("1,234,567");
    expect(formatCount(-12345.9)).toBe("-12,345");
    expect(formatCount(1_000_000)).toBe((1_000_000).toLocaleString("en"));
  });
});
