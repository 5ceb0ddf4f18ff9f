import { and, eq, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { isUniqueViolation } from "@/db/errors";
import { formSubmissions, leadForms } from "@/db/schema";
import type { LeadFormContext } from "@/server/domain/lead-form-answers";
import type { PublishedForm } from "./published-form";
import { bumpDailyStat } from "./stats";

/** What is stored of one submission. */
export interface SubmissionRecord {
  answers: Record<string, unknown>;
  context: LeadFormContext;
  /** The timing token's nonce (null when the submission carried no valid token). */
  tokenNonce: string | null;
  /** Null: accepted (`received`); else kept as spam with this reason. */
  spamReason: string | null;
}

export type StoreResult =
  | { kind: "stored"; id: string; status: "received" | "spam" }
  /** The token's nonce was used before: nothing stored. */
  | { kind: "replayed" }
  /** The form closed or reached its limit meanwhile: nothing stored. */
  | { kind: "closed" };

/**
 * Stores a submission in one transaction, so the visitor hears "success" only once it is durable:
 * - accepted: the form's `submission_count` goes up by one only while the form is published and under its
 *   `maxSubmissions` (one conditional UPDATE: parallel submissions can never pass the limit together),
 *   the row is inserted as `received`, and the day's `submissions` counter goes up;
 * - spam: the row is inserted as `spam` with its reason and the day's `spam` counter goes up (the count
 *   of accepted submissions and the limit are untouched).
 * A nonce already stored for the form (`form_submissions_form_id_token_nonce_key`) rolls it all back.
 */
export async function storeSubmission(
  db: Db,
  form: PublishedForm,
  record: SubmissionRecord,
  now: Date = new Date(),
): Promise<StoreResult> {
  const spam = record.spamReason !== null;
  try {
    return await db.transaction(async (tx) => {
      if (!spam) {
        const max = form.definition.settings.limit.maxSubmissions;
        const [counted] = await tx
          .update(leadForms)
          .set({ submissionCount: sql`${leadForms.submissionCount} + 1` })
          .where(
            and(
              eq(leadForms.id, form.formId),
              eq(leadForms.status, "published"),
              max ? lt(leadForms.submissionCount, max) : undefined,
            ),
          )
          .returning({ n: leadForms.submissionCount });
        if (!counted) return { kind: "closed" } as const;
      }
      const [row] = await tx
        .insert(formSubmissions)
        .values({
          businessId: form.businessId,
          formId: form.formId,
          versionId: form.versionId,
          status: spam ? "spam" : "received",
          answers: record.answers,
          context: record.context as unknown as Record<string, unknown>,
          spamReason: record.spamReason,
          tokenNonce: record.tokenNonce,
          createdAt: now,
        })
        .returning({ id: formSubmissions.id });
      await bumpDailyStat(tx, form, spam ? "spam" : "submissions", now);
      return { kind: "stored", id: row!.id, status: spam ? "spam" : "received" } as const;
    });
  } catch (e) {
    if (isUniqueViolation(e, "form_submissions_form_id_token_nonce_key")) return { kind: "replayed" };
    throw e;
  }
}
