import { addDays, differenceInCalendarDays, format, parseISO, subDays } from "date-fns";
import { and, desc, eq, gte, lt, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { formSubmissions, leadFormDailyStats } from "@/db/schema";
import { ANALYTICS_MAX_DAYS, type FormAnalyticsOutput } from "@/server/domain/lead-form-contracts";
import { AppError } from "@/server/errors";
import { formRow } from "./rows";
import { sourceSql } from "./submissions";

/** Sources listed one by one; the rest are added up as "Other". */
const TOP_SOURCES = 10;

const isoDay = (d: Date) => format(d, "yyyy-MM-dd");

/** Today's date in UTC as YYYY-MM-DD. */
function utcToday(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/**
 * A form's figures over UTC days `from`–`to` (YYYY-MM-DD, both included; default the 30 days ending
 * today): views and starts from `lead_form_daily_stats` (counted by the hosted page and the embed);
 * accepted submissions (received, processed, failed) and spam from `form_submissions` by their UTC day,
 * so a submission marked "not spam" moves from one count to the other. `conversionRate` is submissions
 * per view (0–1, null without views). `bySource` counts accepted submissions by `?source=`, `utm_source`,
 * referrer host or "Direct", the 10 largest and "Other". Errors: NOT_FOUND; VALIDATION on `from`/`to`
 * for a reversed range or one longer than 366 days.
 */
export async function formAnalytics(
  db: DbOrTx,
  businessId: string,
  input: { formId: string; from?: string; to?: string },
  now: Date = new Date(),
): Promise<FormAnalyticsOutput> {
  await formRow(db, businessId, input.formId);
  const to = input.to ?? utcToday(now);
  const from = input.from ?? isoDay(subDays(parseISO(to), 29));
  const span = differenceInCalendarDays(parseISO(to), parseISO(from)) + 1;
  if (span < 1)
    throw new AppError("VALIDATION", "The range ends before it starts.", { from: "After the end." });
  if (span > ANALYTICS_MAX_DAYS)
    throw new AppError("VALIDATION", `Choose at most ${ANALYTICS_MAX_DAYS} days.`, {
      from: "Range too long.",
    });
  const start = new Date(`${from}T00:00:00.000Z`);
  const end = new Date(`${isoDay(addDays(parseISO(to), 1))}T00:00:00.000Z`);

  const statsRows = await db
    .select({
      day: sql<string>`${leadFormDailyStats.day}::text`,
      views: leadFormDailyStats.views,
      starts: leadFormDailyStats.starts,
    })
    .from(leadFormDailyStats)
    .where(
      and(
        eq(leadFormDailyStats.businessId, businessId),
        eq(leadFormDailyStats.formId, input.formId),
        gte(leadFormDailyStats.day, from),
        lt(leadFormDailyStats.day, isoDay(addDays(parseISO(to), 1))),
      ),
    );

  const inRange = and(
    eq(formSubmissions.businessId, businessId),
    eq(formSubmissions.formId, input.formId),
    gte(formSubmissions.createdAt, start),
    lt(formSubmissions.createdAt, end),
  );
  const utcDay = sql<string>`to_char(${formSubmissions.createdAt} at time zone 'UTC', 'YYYY-MM-DD')`;
  const submissionDays = await db
    .select({
      day: utcDay,
      submissions: sql<number>`count(*) filter (where ${formSubmissions.status} <> 'spam')::int`,
      spam: sql<number>`count(*) filter (where ${formSubmissions.status} = 'spam')::int`,
    })
    .from(formSubmissions)
    .where(inRange)
    .groupBy(utcDay);

  const sources = await db
    .select({ source: sourceSql, submissions: sql<number>`count(*)::int` })
    .from(formSubmissions)
    .where(and(inRange, sql`${formSubmissions.status} <> 'spam'`))
    .groupBy(sourceSql)
    .orderBy(desc(sql`count(*)`), sourceSql);

  const byDayMap = new Map<string, FormAnalyticsOutput["byDay"][number]>();
  for (let i = 0; i < span; i++) {
    const day = isoDay(addDays(parseISO(from), i));
    byDayMap.set(day, { day, views: 0, starts: 0, submissions: 0, spam: 0 });
  }
  for (const r of statsRows) {
    const d = byDayMap.get(r.day);
    if (d) {
      d.views = Number(r.views);
      d.starts = Number(r.starts);
    }
  }
  for (const r of submissionDays) {
    const d = byDayMap.get(r.day);
    if (d) {
      d.submissions = Number(r.submissions);
      d.spam = Number(r.spam);
    }
  }
  const byDay = [...byDayMap.values()];
  const sum = (k: "views" | "starts" | "submissions" | "spam") => byDay.reduce((n, d) => n + d[k], 0);
  const totals = {
    views: sum("views"),
    starts: sum("starts"),
    submissions: sum("submissions"),
    spam: sum("spam"),
  };

  const top = sources
    .slice(0, TOP_SOURCES)
    .map((s) => ({ source: s.source, submissions: Number(s.submissions) }));
  const rest = sources.slice(TOP_SOURCES).reduce((n, s) => n + Number(s.submissions), 0);
  if (rest > 0) top.push({ source: "Other", submissions: rest });

  return {
    from,
    to,
    totals: {
      ...totals,
      conversionRate: totals.views > 0 ? Math.min(1, totals.submissions / totals.views) : null,
    },
    byDay,
    bySource: top,
  };
}
