import { TZDate } from "@date-fns/tz";
import { addDays, addMonths, format, getDaysInMonth } from "date-fns";
import { z } from "zod";
import { recurringFrequencies, recurringStatuses } from "@/db/schema/enum-values";
import { discountSchema, INVOICE_LIMITS, lineInputSchema } from "./invoices";

/**
 * Recurring invoices: a profile bills a customer the same lines every period. Dates are calendar dates
 * (`YYYY-MM-DD`) in the business's time zone. Period dates are computed from the start date and the
 * period's index, never from the previous date, so a 31st that became the 28th in February is the 31st
 * again in March ("month-end handling": a day past the month's end is the month's last day).
 */

export { recurringFrequencies, recurringStatuses };
export type RecurringFrequency = (typeof recurringFrequencies)[number];

/** Longest catch-up in one run: periods missed while the app was down are each invoiced once, oldest first. */
export const MAX_CATCH_UP_PERIODS = 36;

const isoDate = z.string().regex(/^\d{4}-\d\d-\d\d$/, "Use a date like 2026-12-31.");

/** When a profile bills: frequency, start date and end; the fields of `recurringInvoiceInput`. */
export interface RecurringSchedule {
  frequency: RecurringFrequency;
  /** For `every_n_days`: N (1–365). */
  intervalDays?: number | null;
  /** For monthly, quarterly and yearly: the day of the month (1–31; past the month's end = its last day). */
  dayOfMonth?: number | null;
  startDate: string;
  /** Stop after this many invoices. */
  endAfterCount?: number | null;
  /** Stop after this date (inclusive). */
  endOn?: string | null;
}

const scheduleFields = {
  frequency: z.enum(recurringFrequencies),
  intervalDays: z.number().int().min(1, "At least every day.").max(365, "At most every 365 days.").nullish(),
  dayOfMonth: z.number().int().min(1, "Use a day from 1 to 31.").max(31, "Use a day from 1 to 31.").nullish(),
  startDate: isoDate,
  endAfterCount: z.number().int().min(1, "At least one invoice.").max(1_000).nullish(),
  endOn: isoDate.nullish(),
};

function checkSchedule(s: Partial<RecurringSchedule>, ctx: z.RefinementCtx) {
  if (s.frequency === "every_n_days" && !s.intervalDays)
    ctx.addIssue({ code: "custom", path: ["intervalDays"], message: "Say every how many days." });
  if (s.endOn && s.startDate && s.endOn < s.startDate)
    ctx.addIssue({ code: "custom", path: ["endOn"], message: "The end date is before the start date." });
  if (s.endOn && s.endAfterCount)
    ctx.addIssue({
      code: "custom",
      path: ["endAfterCount"],
      message: "End after a number of invoices or on a date, not both.",
    });
}

const profileFields = {
  name: z.string().trim().min(1, "Name the profile, e.g. Monthly membership.").max(200),
  customerId: z.uuid(),
  ...scheduleFields,
  /** Issue each invoice and email it to the customer; otherwise each is kept as a draft to review. */
  autoSend: z.boolean().default(true),
  /** Days after the issue date each invoice is due (0 = on receipt). */
  paymentTermsDays: z.number().int().min(0).max(365).optional(),
  pricesIncludeTax: z.boolean().optional(),
  discount: discountSchema.nullish(),
  /** At least one (checked by the service, after the customer). */
  lines: z.array(lineInputSchema).max(INVOICE_LIMITS.lines),
  notes: z.string().max(5_000).nullish(),
  terms: z.string().max(5_000).nullish(),
};

export const recurringInvoiceInput = z.object(profileFields).superRefine(checkSchedule);
export type RecurringInvoiceInput = z.output<typeof recurringInvoiceInput>;

export const updateRecurringInvoiceInput = z
  .object(profileFields)
  .partial()
  .extend({ recurringInvoiceId: z.uuid() })
  .superRefine(checkSchedule);
export type UpdateRecurringInvoiceInput = z.output<typeof updateRecurringInvoiceInput>;

export const recurringInvoiceIdInput = z.object({ recurringInvoiceId: z.uuid() });

export const listRecurringInvoicesInput = z.object({
  status: z.enum(recurringStatuses).optional(),
  customerId: z.uuid().optional(),
  limit: z.number().int().min(1).max(200).optional(),
  cursor: z.string().max(200).nullish(),
});

const toIso = (d: Date) => format(d, "yyyy-MM-dd");
const utc = (y: number, m: number, d: number) => new TZDate(y, m, d, "UTC");
const parse = (iso: string) =>
  utc(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));

const monthsPer: Partial<Record<RecurringFrequency, number>> = { monthly: 1, quarterly: 3, yearly: 12 };

/** `date`'s month with its day set to `day`, or to the month's last day when it has fewer days. */
function clampedDay(monthStart: TZDate, day: number): TZDate {
  return utc(monthStart.getFullYear(), monthStart.getMonth(), Math.min(day, getDaysInMonth(monthStart)));
}

/**
 * The date of period `index` (0 = the first) of a schedule, `YYYY-MM-DD`. Weekly and every-N-days count
 * days from the start; monthly, quarterly and yearly take the day of month (default: the start's day) in
 * the start month + index × 1, 3 or 12 months, clamped to the month's end; the first period is the first
 * such date on or after the start date.
 */
export function periodDate(s: RecurringSchedule, index: number): string {
  const start = parse(s.startDate);
  if (s.frequency === "weekly") return toIso(addDays(start, 7 * index));
  if (s.frequency === "every_n_days") return toIso(addDays(start, (s.intervalDays ?? 1) * index));
  const step = monthsPer[s.frequency]!;
  const day = s.dayOfMonth ?? start.getDate();
  let firstMonth = utc(start.getFullYear(), start.getMonth(), 1);
  if (clampedDay(firstMonth, day) < start) firstMonth = addMonths(firstMonth, 1);
  return toIso(clampedDay(addMonths(firstMonth, step * index), day));
}

/** Whether period `index` is past the schedule's end (its count or its end date). */
export function isPastEnd(s: RecurringSchedule, index: number): boolean {
  if (s.endAfterCount != null && index >= s.endAfterCount) return true;
  if (s.endOn && periodDate(s, index) > s.endOn) return true;
  return false;
}

/**
 * The periods from `fromIndex` that are due on `today` (their date ≤ today, not past the end), oldest
 * first, at most `max`. Output: `[{ index, date }]`.
 */
export function duePeriods(
  s: RecurringSchedule,
  fromIndex: number,
  today: string,
  max = MAX_CATCH_UP_PERIODS,
): { index: number; date: string }[] {
  const out: { index: number; date: string }[] = [];
  for (let i = fromIndex; out.length < max && !isPastEnd(s, i); i++) {
    const date = periodDate(s, i);
    if (date > today) break;
    out.push({ index: i, date });
  }
  return out;
}

/**
 * The date of period `index` for a profile that has made `generated` invoices, or null once it has ended
 * (`endAfterCount` counts invoices made, so a skipped period does not use one up; `endOn` is inclusive).
 */
export function nextPeriodDate(s: RecurringSchedule, index: number, generated: number): string | null {
  if (s.endAfterCount != null && generated >= s.endAfterCount) return null;
  const date = periodDate(s, index);
  return s.endOn && date > s.endOn ? null : date;
}

/** The schedule fields of a stored profile (a row of `recurring_invoices`). */
export function scheduleOf(r: RecurringSchedule): RecurringSchedule {
  return {
    frequency: r.frequency,
    intervalDays: r.intervalDays,
    dayOfMonth: r.dayOfMonth,
    startDate: r.startDate,
    endAfterCount: r.endAfterCount,
    endOn: r.endOn,
  };
}

/** "Every month on the 31st (or the month's last day)", "Every 2 weeks"… for lists and the profile page. */
export function describeSchedule(s: RecurringSchedule): string {
  const day = s.dayOfMonth ?? parse(s.startDate).getDate();
  const ordinal = (n: number) =>
    `${n}${n % 10 === 1 && n !== 11 ? "st" : n % 10 === 2 && n !== 12 ? "nd" : n % 10 === 3 && n !== 13 ? "rd" : "th"}`;
  const onDay = day >= 29 ? `on the ${ordinal(day)} (or the month's last day)` : `on the ${ordinal(day)}`;
  switch (s.frequency) {
    case "weekly":
      return `Every week on ${format(parse(s.startDate), "EEEE")}`;
    case "every_n_days":
      return s.intervalDays === 1 ? "Every day" : `Every ${s.intervalDays} days`;
    case "monthly":
      return `Every month ${onDay}`;
    case "quarterly":
      return `Every 3 months ${onDay}`;
    case "yearly":
      return `Every year on ${format(parse(periodDate(s, 0)), "d MMMM")}`;
  }
}

/** A recurring profile as the API gives it (server/services/invoices/recurring.ts). */
export const recurringInvoiceOutput = z.object({
  id: z.uuid(),
  name: z.string(),
  customerId: z.uuid().nullable(),
  customerName: z.string().nullable(),
  status: z.enum(recurringStatuses),
  frequency: z.enum(recurringFrequencies),
  intervalDays: z.number().int().nullable(),
  dayOfMonth: z.number().int().nullable(),
  startDate: z.string(),
  endAfterCount: z.number().int().nullable(),
  endOn: z.string().nullable(),
  autoSend: z.boolean(),
  currency: z.string(),
  paymentTermsDays: z.number().int(),
  pricesIncludeTax: z.boolean(),
  discount: discountSchema.nullable(),
  lines: z.array(lineInputSchema),
  notes: z.string().nullable(),
  terms: z.string().nullable(),
  /** One invoice's total, minor units. */
  total: z.number().int(),
  /** "Every month on the 1st". */
  schedule: z.string(),
  nextRunOn: z.string().nullable(),
  upcoming: z.array(z.string()),
  generatedCount: z.number().int(),
  skippedCount: z.number().int(),
  lastInvoiceId: z.uuid().nullable(),
  lastRunAt: z.string().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
});
