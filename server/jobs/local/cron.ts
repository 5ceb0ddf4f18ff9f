import { TZDate } from "@date-fns/tz";

/**
 * A minimal parser for the 5-field cron syntax Inngest accepts (no cron library is installed):
 * `minute hour day-of-month month day-of-week`, each field `*`, `n`, `a-b`, `*\/s`, `a-b/s`, `a/s` or a
 * comma list of those; month and weekday names (JAN–DEC, SUN–SAT); weekday 0 or 7 is Sunday; `?` reads
 * as `*`. Macros: @yearly @annually @monthly @weekly @daily @midnight @hourly. An optional
 * `TZ=Area/City ` (or `CRON_TZ=`) prefix evaluates the schedule in that IANA zone; UTC otherwise.
 * When both day fields are restricted, a day matches if either matches (Vixie cron).
 * Not supported (rejected): seconds, `L`, `W`, `#`.
 */
export interface CronSchedule {
  expression: string;
  timeZone: string;
  /** The first matching minute strictly after `after`. Throws if none within ~8 years. */
  next(after: Date): Date;
}

const macros: Record<string, string> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
};

const monthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const dayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: string[];
  /** Value the names start at (months 1, weekdays 0). */
  namesFrom?: number;
}

const fieldSpecs: FieldSpec[] = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12, names: monthNames, namesFrom: 1 },
  { name: "day of week", min: 0, max: 7, names: dayNames, namesFrom: 0 },
];

/** Parses `expression`; throws an Error naming the bad field when it is not valid. */
export function parseCron(expression: string): CronSchedule {
  let rest = expression.trim();
  let timeZone = "UTC";
  const tz = /^(?:CRON_)?TZ=(\S+)\s+/.exec(rest);
  if (tz?.[1]) {
    timeZone = tz[1];
    rest = rest.slice(tz[0].length);
    if (Number.isNaN(new TZDate(0, timeZone).getTime()))
      throw new Error(`cron: unknown time zone ${timeZone}`);
  }
  rest = macros[rest.toLowerCase()] ?? rest;
  const parts = rest.split(/\s+/);
  if (parts.length !== 5) throw new Error(`cron: expected 5 fields in "${expression}"`);

  const [minutes, hours, days, months, weekdays] = parts.map((part, i) =>
    parseField(part, fieldSpecs[i]!),
  ) as [Set<number>, Set<number>, Set<number>, Set<number>, Set<number>];
  if (weekdays.delete(7)) weekdays.add(0);
  const dayRestricted = parts[2] !== "*" && parts[2] !== "?";
  const weekdayRestricted = parts[4] !== "*" && parts[4] !== "?";

  const dayMatches = (d: TZDate): boolean => {
    const dom = days.has(d.getDate());
    const dow = weekdays.has(d.getDay());
    if (dayRestricted && weekdayRestricted) return dom || dow;
    if (dayRestricted) return dom;
    if (weekdayRestricted) return dow;
    return true;
  };

  return {
    expression,
    timeZone,
    next(after: Date): Date {
      const d = new TZDate(after.getTime(), timeZone);
      d.setSeconds(0, 0);
      d.setMinutes(d.getMinutes() + 1);
      const limit = after.getTime() + 8 * 366 * 24 * 60 * 60 * 1000;
      while (d.getTime() <= limit) {
        if (!months.has(d.getMonth() + 1)) {
          d.setMonth(d.getMonth() + 1, 1);
          d.setHours(0, 0, 0, 0);
        } else if (!dayMatches(d)) {
          d.setDate(d.getDate() + 1);
          d.setHours(0, 0, 0, 0);
        } else if (!hours.has(d.getHours())) {
          d.setHours(d.getHours() + 1, 0, 0, 0);
        } else if (!minutes.has(d.getMinutes())) {
          d.setMinutes(d.getMinutes() + 1, 0, 0);
        } else {
          return new Date(d.getTime());
        }
      }
      throw new Error(`cron: "${expression}" never matches`);
    },
  };
}

function parseField(field: string, spec: FieldSpec): Set<number> {
  const values = new Set<number>();
  for (const item of field.split(",")) {
    const match = /^(\*|\?|[0-9A-Za-z]+(?:-[0-9A-Za-z]+)?)(?:\/(\d+))?$/.exec(item);
    if (!match?.[1]) throw new Error(`cron: invalid ${spec.name} "${item}"`);
    const [range, stepText] = [match[1], match[2]];
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new Error(`cron: invalid step in ${spec.name} "${item}"`);
    let from: number;
    let to: number;
    if (range === "*" || range === "?") {
      from = spec.min;
      to = spec.name === "day of week" ? 6 : spec.max;
    } else {
      const [a, b] = range.split("-");
      from = parseValue(a!, spec);
      to = b !== undefined ? parseValue(b, spec) : stepText !== undefined ? spec.max : from;
    }
    if (from > to) throw new Error(`cron: empty range in ${spec.name} "${item}"`);
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return values;
}

function parseValue(text: string, spec: FieldSpec): number {
  const upper = text.toUpperCase();
  const named = spec.names?.indexOf(upper) ?? -1;
  const value = named >= 0 ? named + (spec.namesFrom ?? 0) : /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(value) || value < spec.min || value > spec.max) {
    throw new Error(`cron: invalid ${spec.name} value "${text}"`);
  }
  return value;
}
