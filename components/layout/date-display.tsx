"use client";

import { createContext, type ReactNode, useContext, useMemo } from "react";
import { useBusiness } from "@/components/layout/business-context";
import { type DateDisplayKey, formatDate, formatDateTime, formatIsoDate } from "@/server/domain/format";

/** Dates as the business's pages write them, in its time zone. */
export interface DateFormat {
  /** "5 Mar 2026, 14:05" (`formatDateTime`). */
  dateTime: (instant: Date | string) => string;
  /** "5 Mar 2026" (`formatDate`). */
  date: (instant: Date | string) => string;
  /** "21 Apr 1990" for a calendar day `YYYY-MM-DD` (`formatIsoDate`). */
  day: (isoDay: string) => string;
}

const DateDisplayContext = createContext<Partial<Record<DateDisplayKey, string>>>({});

/**
 * Hands the server-formatted texts of a page's first dates (`dateDisplayMap`) to `useFormatDate`, so the
 * page hydrates without the browser's first `Intl.DateTimeFormat` (locale and time zone data load on a
 * main thread the page needs). Dates that arrive later are formatted in the browser.
 */
export function DateDisplayProvider({
  known,
  children,
}: {
  known: Partial<Record<DateDisplayKey, string>>;
  children: ReactNode;
}) {
  return <DateDisplayContext value={known}>{children}</DateDisplayContext>;
}

function isoOf(instant: Date | string): string {
  const d = new Date(instant);
  return Number.isNaN(d.getTime()) ? String(instant) : d.toISOString();
}

/** The business's date formatting (`DateFormat`), using the server's texts where it has them. */
export function useFormatDate(): DateFormat {
  const known = useContext(DateDisplayContext);
  const { timeZone } = useBusiness();
  return useMemo(
    () => ({
      dateTime: (instant) => known[`t|${isoOf(instant)}`] ?? formatDateTime(instant, timeZone),
      date: (instant) => known[`d|${isoOf(instant)}`] ?? formatDate(instant, timeZone),
      day: (isoDay) => known[`c|${isoDay}`] ?? formatIsoDate(isoDay),
    }),
    [known, timeZone],
  );
}
