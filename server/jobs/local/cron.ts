import { Cron } from "croner";

/**
 * Cron schedules of the local driver, read as Inngest reads them: the 5-field syntax
 * `minute hour day-of-month month day-of-week` (steps, ranges, lists, month and weekday names, `L`, `W`,
 * `#`, macros such as @daily), parsed and stepped by croner; when both day fields are restricted, a day
 * matches if either matches (Vixie cron). An optional `TZ=Area/City ` (or `CRON_TZ=`) prefix evaluates
 * the schedule in that IANA zone (DST-aware); UTC otherwise.
 */
export interface CronSchedule {
  expression: string;
  timeZone: string;
  /** The first matching minute strictly after `after`. Throws when the pattern never matches. */
  next(after: Date): Date;
}

/** Whether `zone` is an IANA time zone this runtime knows. */
function knownZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Parses `expression`; throws an Error naming what is wrong when it is not a valid schedule. */
export function parseCron(expression: string): CronSchedule {
  let rest = expression.trim();
  let timeZone = "UTC";
  const tz = /^(?:CRON_)?TZ=(\S+)\s+/.exec(rest);
  if (tz?.[1]) {
    timeZone = tz[1];
    rest = rest.slice(tz[0].length);
    if (!knownZone(timeZone)) throw new Error(`cron: unknown time zone ${timeZone}`);
  }
  if (!rest.startsWith("@") && rest.split(/\s+/).length !== 5)
    throw new Error(`cron: expected 5 fields in "${expression}"`);
  let cron: Cron;
  try {
    // legacyMode: either restricted day field matches (Vixie cron), as Inngest reads schedules.
    cron = new Cron(rest, { timezone: timeZone, mode: "5-part", legacyMode: true, paused: true });
  } catch (e) {
    throw new Error(`cron: invalid "${expression}": ${e instanceof Error ? e.message : String(e)}`);
  }
  return {
    expression,
    timeZone,
    next(after: Date): Date {
      const at = cron.nextRun(after);
      if (!at) throw new Error(`cron: "${expression}" never matches`);
      return at;
    },
  };
}
