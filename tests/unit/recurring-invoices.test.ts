import { describe, expect, it } from "vitest";
import {
  describeSchedule,
  duePeriods,
  isPastEnd,
  periodDate,
  recurringInvoiceInput,
} from "@/server/domain/recurring-invoices";

const dates = (s: Parameters<typeof periodDate>[0], n: number) =>
  Array.from({ length: n }, (_, i) => periodDate(s, i));

describe("recurring invoice dates", () => {
  it("bills the 31st on each month's last day, and the 31st again when the month has one", () => {
    expect(dates({ frequency: "monthly", startDate: "2026-01-31" }, 6)).toEqual([
      "2026-01-31",
      "2026-02-28",
      "2026-03-31",
      "2026-04-30",
      "2026-05-31",
      "2026-06-30",
    ]);
    expect(periodDate({ frequency: "monthly", startDate: "2028-01-31" }, 1)).toBe("2028-02-29");
  });

  it("starts on the first chosen day on or after the start date", () => {
    expect(dates({ frequency: "monthly", startDate: "2026-01-15", dayOfMonth: 1 }, 2)).toEqual([
      "2026-02-01",
      "2026-03-01",
    ]);
    expect(dates({ frequency: "monthly", startDate: "2026-01-15", dayOfMonth: 20 }, 2)).toEqual([
      "2026-01-20",
      "2026-02-20",
    ]);
  });

  it("counts quarters, years, weeks and N days from the start", () => {
    expect(dates({ frequency: "quarterly", startDate: "2026-11-30" }, 3)).toEqual([
      "2026-11-30",
      "2027-02-28",
      "2027-05-30",
    ]);
    expect(dates({ frequency: "yearly", startDate: "2028-02-29" }, 2)).toEqual(["2028-02-29", "2029-02-28"]);
    expect(dates({ frequency: "weekly", startDate: "2026-12-28" }, 2)).toEqual(["2026-12-28", "2027-01-04"]);
    expect(dates({ frequency: "every_n_days", intervalDays: 10, startDate: "2026-12-25" }, 2)).toEqual([
      "2026-12-25",
      "2027-01-04",
    ]);
  });

  it("lists the due periods oldest first, caught up once each, up to the end", () => {
    const s = { frequency: "monthly" as const, startDate: "2026-09-01" };
    expect(duePeriods(s, 0, "2026-12-05").map((p) => p.date)).toEqual([
      "2026-09-01",
      "2026-10-01",
      "2026-11-01",
      "2026-12-01",
    ]);
    expect(duePeriods(s, 4, "2026-12-05")).toEqual([]);
    expect(duePeriods({ ...s, endAfterCount: 2 }, 0, "2026-12-05")).toHaveLength(2);
    expect(duePeriods({ ...s, endOn: "2026-10-15" }, 0, "2026-12-05")).toHaveLength(2);
    expect(isPastEnd({ ...s, endOn: "2026-10-15" }, 2)).toBe(true);
  });

  it("describes the schedule in words", () => {
    expect(describeSchedule({ frequency: "monthly", startDate: "2026-01-31" })).toBe(
      "Every month on the 31st (or the month's last day)",
    );
    expect(describeSchedule({ frequency: "monthly", startDate: "2026-01-01" })).toBe(
      "Every month on the 1st",
    );
    expect(describeSchedule({ frequency: "every_n_days", intervalDays: 14, startDate: "2026-01-01" })).toBe(
      "Every 14 days",
    );
  });

  it("refuses a schedule that cannot run, at its field", () => {
    const base = {
      name: "Membership",
      customerId: "0b4f7c1e-8a3d-4f2a-9c1b-2d3e4f5a6b7c",
      startDate: "2026-01-01",
      lines: [{ description: "Monthly membership", quantity: "1", unitPrice: 150_000 }],
    };
    const paths = (v: object) =>
      recurringInvoiceInput.safeParse({ ...base, ...v }).error?.issues.map((i) => i.path.join(".")) ?? [];
    expect(paths({ frequency: "every_n_days" })).toEqual(["intervalDays"]);
    expect(paths({ frequency: "monthly", endOn: "2025-12-31" })).toEqual(["endOn"]);
    expect(paths({ frequency: "monthly", dayOfMonth: 32 })).toEqual(["dayOfMonth"]);
    expect(paths({ frequency: "monthly", endOn: "2026-12-31", endAfterCount: 3 })).toEqual(["endAfterCount"]);
    expect(paths({ frequency: "monthly" })).toEqual([]);
  });
});
