import { and, asc, eq, gte, lt } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { formSubmissions } from "@/db/schema";

/** Submissions a sweep hands over again at most (oldest first); the rest wait for the next sweep. */
export const SWEEP_SUBMISSIONS_BATCH = 500;

/**
 * Submissions still `received` (stored, never processed) that were stored between 7 days and 10
 * minutes before `now`: their `lead-forms/submission.received` event was lost (the background executor
 * refused it) or their run is stuck. Processing is idempotent, so handing one over twice does no harm.
 * Output: `{ submissionId, businessId }` per submission, oldest first, at most `limit`.
 */
export async function submissionsToResend(
  db: DbOrTx,
  now: Date,
  limit = SWEEP_SUBMISSIONS_BATCH,
): Promise<{ submissionId: string; businessId: string }[]> {
  return db
    .select({ submissionId: formSubmissions.id, businessId: formSubmissions.businessId })
    .from(formSubmissions)
    .where(
      and(
        eq(formSubmissions.status, "received"),
        lt(formSubmissions.createdAt, new Date(now.getTime() - 10 * 60_000)),
        gte(formSubmissions.createdAt, new Date(now.getTime() - 7 * 86_400_000)),
      ),
    )
    .orderBy(asc(formSubmissions.createdAt))
    .limit(limit);
}
