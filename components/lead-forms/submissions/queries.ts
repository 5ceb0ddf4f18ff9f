import { TZDate } from "@date-fns/tz";
import type { SubmissionTab } from "@/server/domain/lead-form-contracts";

/*
 * The inputs of the submissions queries, built in one place so the page's server prefetch and the
 * browser land on the same query keys, and the export link carries the same filters.
 */

/** The submissions page's filters as the person sets them: days are YYYY-MM-DD in the business's zone. */
export interface SubmissionFilterState {
  tab: SubmissionTab;
  status: "" | "received" | "processed" | "failed";
  fromDay: string;
  toDay: string;
  search: string;
}

export const emptyFilters: SubmissionFilterState = {
  tab: "all",
  status: "",
  fromDay: "",
  toDay: "",
  search: "",
};

/** The instant a calendar day starts in `timeZone` (ISO 8601), `days` later than `day`. */
function dayStart(day: string, timeZone: string, days = 0): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(new TZDate(y, m - 1, d + days, timeZone).getTime()).toISOString();
}

/** The filters as the procedure's input (from the start of the first day to the end of the last). */
export function filterInput(f: SubmissionFilterState, timeZone: string) {
  return {
    tab: f.tab,
    ...(f.tab === "all" && f.status ? { status: f.status } : {}),
    ...(f.fromDay ? { from: dayStart(f.fromDay, timeZone) } : {}),
    ...(f.toDay ? { to: dayStart(f.toDay, timeZone, 1) } : {}),
    ...(f.search.trim() ? { search: f.search.trim() } : {}),
  };
}

/** The first page of a form's submissions under `filters`. */
export function submissionsInput(
  businessId: string,
  formId: string,
  filters: SubmissionFilterState = emptyFilters,
  timeZone = "UTC",
) {
  return { businessId, formId, ...filterInput(filters, timeZone) };
}

/** Where the next page starts (none after the end). */
export const nextSubmissionsPage = {
  getNextPageParam: (last: { nextCursor: string | null }) => last.nextCursor ?? undefined,
};

/** The download link of the submissions under `filters` as CSV or XLSX. */
export function exportHref(
  formId: string,
  format: "csv" | "xlsx",
  f: SubmissionFilterState,
  timeZone: string,
) {
  const params = new URLSearchParams({ format });
  for (const [k, v] of Object.entries(filterInput(f, timeZone))) params.set(k, String(v));
  return `/api/lead-forms/${formId}/export?${params}`;
}
