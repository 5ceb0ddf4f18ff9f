import { format, parseISO, subDays } from "date-fns";

/** The ranges the analytics page offers, in days ending today (UTC). */
export const analyticsRanges = [7, 30, 90] as const;

/**
 * The analytics input of the last `days` UTC days ending on `today` (YYYY-MM-DD); the page's server
 * prefetch and the browser build it here, so both land on the same query key.
 */
export function analyticsInput(businessId: string, formId: string, days: number, today: string) {
  return { businessId, formId, from: format(subDays(parseISO(today), days - 1), "yyyy-MM-dd"), to: today };
}
