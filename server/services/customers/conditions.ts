import type { CustomerFilter } from "@/server/domain/customers";
import { todayIn } from "./fields";

/*
 * Pieces both WHERE builders use: the customers list's filter (query.ts) and segment rules
 * (segment-where.ts).
 */

/** What a filter needs besides itself: the business's IANA time zone (birthdays, date-only ranges). */
export interface FilterContext {
  timeZone: string;
  /** "Now", for tests of day windows. */
  now?: Date;
}

/** `%`, `_` and `\` are wildcards/escape in LIKE; match them literally. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** MMDD ranges (inclusive) for a day window; handles the year wrap (Dec 28 + 7 days → Dec 28–31, Jan 1–4). */
export function monthDayRanges(
  window: NonNullable<CustomerFilter["birthday"]>,
  fctx: FilterContext,
): Array<[number, number]> | "all" {
  const today = todayIn(fctx.timeZone, fctx.now);
  if (window.within === "this_month") return [[today.month * 100 + 1, today.month * 100 + 31]];
  if (window.days >= 365) return "all";
  const start = new Date(Date.UTC(today.year, today.month - 1, today.day));
  const end = new Date(Date.UTC(today.year, today.month - 1, today.day + window.days));
  const md = (d: Date) => (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
  const from = md(start);
  const to = md(end);
  // Feb 29 birthdays fall between 228 and 301 numerically, so they are inside any window spanning them.
  return to >= from && end.getUTCFullYear() === start.getUTCFullYear()
    ? [[from, to]]
    : [
        [from, 1231],
        [101, to],
      ];
}
