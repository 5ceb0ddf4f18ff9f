/**
 * Dates on business pages are shown in the business's IANA time zone (not the viewer's), in English to
 * match the UI. Pure: the same input gives the same text on the server and in the browser.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${timeZone}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat("en-GB", { ...options, timeZone });
    } catch {
      f = new Intl.DateTimeFormat("en-GB", { ...options, timeZone: "UTC" });
    }
    formatters.set(key, f);
  }
  return f;
}

/** "5 Mar 2026, 14:05" in `timeZone`. */
export function formatDateTime(date: Date | string, timeZone: string): string {
  return formatter(timeZone, { dateStyle: "medium", timeStyle: "short" }).format(new Date(date));
}

/** "5 Mar 2026" in `timeZone`. */
export function formatDate(date: Date | string, timeZone: string): string {
  return formatter(timeZone, { dateStyle: "medium" }).format(new Date(date));
}

/** The hour (0–23) of `date` in `timeZone`. */
export function hourIn(date: Date, timeZone: string): number {
  const h = formatter(timeZone, { hour: "numeric", hourCycle: "h23" })
    .formatToParts(date)
    .find((p) => p.type === "hour")?.value;
  return Number(h ?? 0) % 24;
}

/** Up to two initials of a name or email, for avatars. */
export function initialsOf(name: string | null | undefined, email?: string): string {
  const source = name?.trim() || email?.split("@")[0] || "?";
  const words = source.split(/[\s._-]+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0]?.[0], words[1]?.[0]] : [source[0], source[1]];
  return letters.filter(Boolean).join("").toUpperCase();
}

/** "21 Apr 1990" for a calendar date `YYYY-MM-DD` (no time zone: it is a day, not an instant); other text as is. */
export function formatIsoDate(value: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return value;
  return formatDate(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12)), "UTC");
}

/** Key of a date's display text in a `dateDisplayMap`: `t|` date and time, `d|` date, `c|` calendar day. */
export type DateDisplayKey = `${"t" | "d"}|${string}` | `c|${string}`;

const INSTANT_TEXT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const DAY_TEXT = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The display texts of every date found in `values` (nested objects and arrays, up to 8 levels): each
 * instant (a `Date`, or an ISO 8601 date-time string) as `formatDateTime` and `formatDate` in `timeZone`,
 * each calendar day (`YYYY-MM-DD`) as `formatIsoDate`. Keyed `t|<ISO>`, `d|<ISO>` (the instant's
 * `toISOString()`) and `c|<YYYY-MM-DD>`. The server computes it for the data a page prefetched, so the
 * browser shows those dates without its first `Intl.DateTimeFormat` (which loads locale and time zone
 * data: ~40 ms of main thread on a mid-range phone).
 */
export function dateDisplayMap(values: unknown[], timeZone: string): Record<DateDisplayKey, string> {
  const out: Record<string, string> = {};
  const addInstant = (d: Date) => {
    if (Number.isNaN(d.getTime())) return;
    const iso = d.toISOString();
    if (out[`t|${iso}`] !== undefined) return;
    out[`t|${iso}`] = formatDateTime(d, timeZone);
    out[`d|${iso}`] = formatDate(d, timeZone);
  };
  const walk = (v: unknown, depth: number) => {
    if (v instanceof Date) addInstant(v);
    else if (typeof v === "string") {
      if (DAY_TEXT.test(v)) out[`c|${v}`] ??= formatIsoDate(v);
      else if (INSTANT_TEXT.test(v)) addInstant(new Date(v));
    } else if (v && typeof v === "object" && depth < 8) {
      for (const item of Array.isArray(v) ? v : Object.values(v)) walk(item, depth + 1);
    }
  };
  for (const v of values) walk(v, 0);
  return out;
}

/**
 * A count with thousands separators, as English writes it: 1234567 → "1,234,567" (fractions are
 * dropped). Plain string arithmetic, so showing a count never loads the browser's number-format data.
 */
export function formatCount(n: number): string {
  const whole = Math.trunc(n);
  const digits = Math.abs(whole)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return whole < 0 ? `-${digits}` : digits;
}
