import { TZDate } from "@date-fns/tz";

/** Order of day and month in a numeric date such as 03/04/2024. */
export type DateOrder = "DMY" | "MDY";

/**
 * Countries writing month first (CLDR short date patterns M/d/y): the United States and its territories,
 * the Philippines, Belize, Micronesia, the Marshall Islands, Palau. Everyone else reads day first.
 */
const monthFirstCountries = new Set(["US", "PR", "GU", "VI", "AS", "MP", "UM", "PH", "BZ", "FM", "MH", "PW"]);

/** The numeric date order people in `country` (ISO 3166-1 alpha-2) write. */
export function dateOrderFor(country: string): DateOrder {
  return monthFirstCountries.has(country.toUpperCase()) ? "MDY" : "DMY";
}

const months = new Map<string, number>();
[
  ["jan", "january"],
  ["feb", "february"],
  ["mar", "march"],
  ["apr", "april"],
  ["may", "may"],
  ["jun", "june"],
  ["jul", "july"],
  ["aug", "august"],
  ["sep", "september", "sept"],
  ["oct", "october"],
  ["nov", "november"],
  ["dec", "december"],
].forEach((names, i) => {
  for (const n of names) months.set(n, i + 1);
});

const time = String.raw`(?:[T ]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*([ap]\.?m\.?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?`;
const isoDate = new RegExp(String.raw`^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})${time}$`, "i");
const numericDate = new RegExp(String.raw`^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})${time}$`, "i");
const shortYear = /^\d{1,2}([/.-])\d{1,2}\1\d{2}$/;
const dayMonthName = /^(\d{1,2})(?:st|nd|rd|th)?[\s\-/.]+([a-z]+)\.?,?[\s\-/.]+(\d{4})$/i;
const monthNameDay = /^([a-z]+)\.?[\s\-/.]+(\d{1,2})(?:st|nd|rd|th)?,?[\s\-/.]*(\d{4})$/i;
const excelSerial = /^\d{5,7}(?:\.\d+)?$/;

/** Earliest and latest years accepted; outside them a value is almost always a typo. */
const MIN_YEAR = 1800;
const MAX_YEAR = 2200;
/** Excel serials accepted as dates: 10000 (1927-05-18) … 2958465 (9999-12-31); smaller numbers are not dates. */
const MIN_SERIAL = 10_000;
const MAX_SERIAL = 2_958_465;

/** A calendar date and an optional wall time or instant, read from a cell. */
export interface ParsedDate {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Whether a time of day was given. */
  hasTime: boolean;
  /** Offset from UTC in minutes, when the text carried one ("Z", "+05:30"). */
  offsetMinutes: number | null;
}

export type DateResult = { ok: true; value: ParsedDate } | { ok: false; reason: string };

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

const monthLengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Gregorian calendar: February has 29 days in years divisible by 4, except centuries not divisible by 400. */
function daysInMonth(year: number, month: number): number {
  if (month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) return 29;
  return monthLengths[month - 1]!;
}

interface TimeParts {
  hour: number;
  minute: number;
  second: number;
  meridiem?: string;
  zone?: string;
}

function timeOf(m: RegExpExecArray, at: number): TimeParts | null {
  if (m[at] === undefined) return null;
  return {
    hour: Number(m[at]),
    minute: Number(m[at + 1]),
    second: m[at + 2] ? Number(m[at + 2]) : 0,
    meridiem: m[at + 3]?.toLowerCase(),
    zone: m[at + 4],
  };
}

function build(year: number, month: number, day: number, t: TimeParts | null, text: string): DateResult {
  if (year < MIN_YEAR || year > MAX_YEAR)
    return { ok: false, reason: `The year ${year} is out of range (${MIN_YEAR}-${MAX_YEAR}).` };
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month))
    return { ok: false, reason: `"${text}" is not a real date.` };
  if (!t)
    return {
      ok: true,
      value: { year, month, day, hour: 0, minute: 0, second: 0, hasTime: false, offsetMinutes: null },
    };
  let hour = t.hour;
  if (t.meridiem) {
    if (hour < 1 || hour > 12) return { ok: false, reason: `"${text}" has an invalid time.` };
    hour = (hour % 12) + (t.meridiem.startsWith("p") ? 12 : 0);
  }
  if (hour > 23 || t.minute > 59 || t.second > 59)
    return { ok: false, reason: `"${text}" has an invalid time.` };
  let offsetMinutes: number | null = null;
  if (t.zone) {
    if (t.zone === "Z" || t.zone === "z") offsetMinutes = 0;
    else {
      const digits = t.zone.replace(":", "");
      const sign = digits[0] === "-" ? -1 : 1;
      offsetMinutes = sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5) || 0));
    }
  }
  return {
    ok: true,
    value: { year, month, day, hour, minute: t.minute, second: t.second, hasTime: true, offsetMinutes },
  };
}

/**
 * Reads a date typed in the common ways: ISO 8601 (2024-03-15, 2024/03/15, with an optional time and
 * zone), numeric day/month/year in the business's `order` with `/`, `-` or `.`, month names (15 Mar 2024,
 * 15-Mar-2024, March 15, 2024), and Excel serial numbers (1900 date system, ECMA-376 18.17.4.1).
 * A numeric date whose "month" is over 12 is read in the other order (25/12/2024 in the US is 25 December);
 * when both parts are 12 or less the business's order decides. Two-digit years are refused.
 */
export function parseDateText(text: string, order: DateOrder): DateResult {
  let m = isoDate.exec(text);
  if (m) return build(Number(m[1]), Number(m[2]), Number(m[3]), timeOf(m, 4), text);
  m = numericDate.exec(text);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[3]);
    let day = order === "DMY" ? a : b;
    let month = order === "DMY" ? b : a;
    if (month > 12 && day <= 12) [day, month] = [month, day];
    return build(Number(m[4]), month, day, timeOf(m, 5), text);
  }
  m = dayMonthName.exec(text);
  if (m) {
    const month = months.get(m[2]!.toLowerCase());
    if (month) return build(Number(m[3]), month, Number(m[1]), null, text);
  }
  m = monthNameDay.exec(text);
  if (m) {
    const month = months.get(m[1]!.toLowerCase());
    if (month) return build(Number(m[3]), month, Number(m[2]), null, text);
  }
  if (excelSerial.test(text)) {
    const serial = Number(text);
    if (serial >= MIN_SERIAL && serial <= MAX_SERIAL) {
      // Days since 1899-12-30: Excel counts the nonexistent 1900-02-29, which serials this large skip.
      const d = new Date(Math.round((serial - 25569) * 86_400) * 1000);
      const t =
        serial % 1 === 0
          ? null
          : { hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds() };
      return build(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), t, text);
    }
  }
  if (shortYear.test(text)) return { ok: false, reason: `"${text}" has a two-digit year; use four digits.` };
  return { ok: false, reason: `"${text}" is not a date we can read; use YYYY-MM-DD.` };
}

/** The calendar date of a parsed value, as ISO 8601 `YYYY-MM-DD`. */
export function isoDateOf(value: ParsedDate): string {
  return `${value.year}-${pad2(value.month)}-${pad2(value.day)}`;
}

const instantCache = new Map<string, string>();

/**
 * The UTC instant (ISO 8601 `toISOString()`) of a parsed value: its own offset when it has one, else its
 * wall time (midnight for a date) in the IANA `timeZone`.
 */
export function isoInstantOf(value: ParsedDate, timeZone: string): string {
  const { year, month, day, hour, minute, second, offsetMinutes } = value;
  if (offsetMinutes !== null)
    return new Date(
      Date.UTC(year, month - 1, day, hour, minute, second) - offsetMinutes * 60_000,
    ).toISOString();
  if (timeZone === "UTC") return new Date(Date.UTC(year, month - 1, day, hour, minute, second)).toISOString();
  const key = `${timeZone} ${year} ${month} ${day} ${hour} ${minute} ${second}`;
  let iso = instantCache.get(key);
  if (iso === undefined) {
    iso = new Date(new TZDate(year, month - 1, day, hour, minute, second, timeZone).getTime()).toISOString();
    if (instantCache.size >= 10_000) instantCache.clear();
    instantCache.set(key, iso);
  }
  return iso;
}
