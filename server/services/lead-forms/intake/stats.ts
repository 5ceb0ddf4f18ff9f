import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { leadFormDailyStats } from "@/db/schema";

/** Counters of `lead_form_daily_stats`. */
export type LeadFormCounter = "views" | "starts" | "submissions" | "spam";

/** The UTC calendar day of an instant, as YYYY-MM-DD (the stats' `day`). */
export function statsDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/**
 * Adds 1 to a form's counter for the UTC day of `at` (one upsert on the (form, day) row). Run inside the
 * caller's transaction when it counts a stored submission.
 */
export async function bumpDailyStat(
  db: DbOrTx,
  form: { formId: string; businessId: string },
  counter: LeadFormCounter,
  at: Date = new Date(),
): Promise<void> {
  const column = leadFormDailyStats[counter];
  await db
    .insert(leadFormDailyStats)
    .values({ businessId: form.businessId, formId: form.formId, day: statsDay(at), [counter]: 1 })
    .onConflictDoUpdate({
      target: [leadFormDailyStats.formId, leadFormDailyStats.day],
      set: { [counter]: sql`${column} + 1` },
    });
}
