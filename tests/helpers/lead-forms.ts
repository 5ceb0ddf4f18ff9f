import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { formSubmissions, leadFormDailyStats, leadForms } from "@/db/schema";

/**
 * A submission stored as the public endpoint stores one (the visitor's side is another module): for the
 * business's pages and services to read. `status` defaults to `received`; accepted ones (not spam) are
 * counted on the form like the intake does. Output: the row.
 */
export async function insertSubmission(
  db: DbOrTx,
  form: { id: string; businessId: string; versionId: string },
  values: {
    answers: Record<string, unknown>;
    context?: Record<string, unknown>;
    status?: "received" | "processed" | "spam" | "failed";
    spamReason?: string | null;
    error?: string | null;
    customerId?: string | null;
    createdAt?: Date;
  },
) {
  const status = values.status ?? "received";
  const [row] = await db
    .insert(formSubmissions)
    .values({
      businessId: form.businessId,
      formId: form.id,
      versionId: form.versionId,
      status,
      answers: values.answers,
      context: values.context ?? { utm: {} },
      spamReason: values.spamReason ?? (status === "spam" ? "honeypot" : null),
      error: values.error ?? null,
      customerId: values.customerId ?? null,
      ...(values.createdAt ? { createdAt: values.createdAt } : {}),
    })
    .returning();
  if (status !== "spam")
    await db
      .update(leadForms)
      .set({ submissionCount: sql`${leadForms.submissionCount} + 1` })
      .where(eq(leadForms.id, form.id));
  return row!;
}

/** Adds views and starts of a form on a UTC day (YYYY-MM-DD), as the hosted page and the embed count them. */
export async function addDailyStats(
  db: DbOrTx,
  form: { id: string; businessId: string },
  day: string,
  counts: { views?: number; starts?: number },
) {
  await db
    .insert(leadFormDailyStats)
    .values({
      businessId: form.businessId,
      formId: form.id,
      day,
      views: counts.views ?? 0,
      starts: counts.starts ?? 0,
    })
    .onConflictDoUpdate({
      target: [leadFormDailyStats.formId, leadFormDailyStats.day],
      set: {
        views: sql`${leadFormDailyStats.views} + ${counts.views ?? 0}`,
        starts: sql`${leadFormDailyStats.starts} + ${counts.starts ?? 0}`,
      },
    });
}
