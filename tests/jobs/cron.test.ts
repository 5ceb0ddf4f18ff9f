import { describe, expect, it } from "vitest";
import { parseCron } from "@/server/jobs/local/cron";

const at = (iso: string) => new Date(iso);
const next = (expr: string, after: string) => parseCron(expr).next(at(after)).toISOString();

describe("parseCron (the 5-field schedules of the local driver, through croner)", () => {
  it("finds the next minute strictly after the given time, in UTC by default", () => {
    expect(next("0 9 * * *", "2030-01-01T08:59:30Z")).toBe("2030-01-01T09:00:00.000Z");
    expect(next("0 9 * * *", "2030-01-01T09:00:00Z")).toBe("2030-01-02T09:00:00.000Z");
    expect(next("* * * * *", "2030-01-01T09:00:59Z")).toBe("2030-01-01T09:01:00.000Z");
  });

  it("reads steps, ranges, lists and names", () => {
    expect(next("*/15 * * * *", "2030-01-01T10:16:00Z")).toBe("2030-01-01T10:30:00.000Z");
    expect(next("0 8-10/2 * * *", "2030-01-01T08:30:00Z")).toBe("2030-01-01T10:00:00.000Z");
    expect(next("30 6 1,15 * *", "2030-01-02T00:00:00Z")).toBe("2030-01-15T06:30:00.000Z");
    expect(next("0 0 1 JUL *", "2030-01-01T00:00:00Z")).toBe("2030-07-01T00:00:00.000Z");
    // 2030-01-01 is a Tuesday; next Monday is the 7th
    expect(next("0 12 * * MON", "2030-01-01T00:00:00Z")).toBe("2030-01-07T12:00:00.000Z");
    expect(next("0 12 * * 7", "2030-01-01T00:00:00Z")).toBe("2030-01-06T12:00:00.000Z");
  });

  it("matches either day field when both are restricted (Vixie cron)", () => {
    // the 13th (a Sunday in Jan 2030) or any Friday: Friday the 4th comes first
    expect(next("0 0 13 * FRI", "2030-01-01T00:00:00Z")).toBe("2030-01-04T00:00:00.000Z");
  });

  it("supports macros and a TZ= prefix", () => {
    expect(next("@daily", "2030-01-01T12:00:00Z")).toBe("2030-01-02T00:00:00.000Z");
    // 09:00 in Kolkata (UTC+05:30) is 03:30 UTC
    expect(next("TZ=Asia/Kolkata 0 9 * * *", "2030-01-01T00:00:00Z")).toBe("2030-01-01T03:30:00.000Z");
    expect(parseCron("TZ=Asia/Kolkata 0 9 * * *").timeZone).toBe("Asia/Kolkata");
  });

  it("reads the last day of the month (L)", () => {
    expect(next("0 9 L * *", "2030-02-01T00:00:00Z")).toBe("2030-02-28T09:00:00.000Z");
  });

  it("skips to the 29th of February in a leap year", () => {
    expect(next("0 0 29 2 *", "2030-01-01T00:00:00Z")).toBe("2032-02-29T00:00:00.000Z");
  });

  it("rejects what it does not support", () => {
    expect(() => parseCron("0 9 * *")).toThrow(/5 fields/);
    expect(() => parseCron("61 * * * *")).toThrow(/cron: invalid "61 \* \* \* \*"/);
    expect(() => parseCron("0 9 * * * *")).toThrow(/5 fields/);
    expect(() => parseCron("TZ=Nowhere/City 0 9 * * *")).toThrow(/time zone/);
    expect(() => parseCron("0 0 31 2 *").next(at("2030-01-01T00:00:00Z"))).toThrow(/never matches/);
  });
});
