import { sql } from "drizzle-orm";
import { type Db, execRows } from "@/db/client";
import { isUniqueViolation } from "@/db/errors";
import type { LeadFormContext } from "@/server/domain/lead-form-answers";
import type { PublishedForm } from "./published-form";
import { statsDay } from "./stats";

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
  /** The form closed, reached its limit or got a new version meanwhile: nothing stored. */
  | { kind: "closed" };

/**
 * Stores a submission in ONE statement (atomic, and one round trip: the form's row is locked only for
 * the statement's own duration, so parallel submissions to one form queue for microseconds), so the
 * visitor hears "success" only once it is durable:
 * - accepted: the form's `submission_count` goes up by one only while the form is published on version
 *   `form.versionId` and under its `maxSubmissions` (a conditional UPDATE: parallel submissions can never pass the limit together), the
 *   row is inserted as `received` only when that UPDATE matched, and the day's `submissions` counter goes up;
 * - spam: the row is inserted as `spam` with its reason and the day's `spam` counter goes up (the count
 *   of accepted submissions and the limit are untouched).
 * A nonce already stored for the form (`form_submissions_form_id_token_nonce_key`) fails the statement,
 * so nothing of it is kept.
 */
export async function storeSubmission(
  db: Db,
  form: PublishedForm,
  record: SubmissionRecord,
  now: Date = new Date(),
): Promise<StoreResult> {
  const spam = record.spamReason !== null;
  const accepted = !spam;
  const max = form.definition.settings.limit.maxSubmissions ?? null;
  const status = spam ? "spam" : "received";
  try {
    const rows = await execRows<{ id: string }>(
      db,
      sql`
        with counted as (
          update lead_forms set submission_count = submission_count + 1
          where ${accepted} and id = ${form.formId} and status = 'published'
            and published_version_id = ${form.versionId}
            and (${max}::int is null or submission_count < ${max}::int)
          returning id
        ), stored as (
          insert into form_submissions
            (business_id, form_id, version_id, status, answers, context, spam_reason, token_nonce, created_at)
          select ${form.businessId}, ${form.formId}, ${form.versionId}, ${status}::form_submission_status,
                 ${JSON.stringify(record.answers)}::jsonb, ${JSON.stringify(record.context)}::jsonb,
                 ${record.spamReason}, ${record.tokenNonce}, ${now.toISOString()}::timestamptz
          where not ${accepted} or exists (select 1 from counted)
          returning id
        ), counters as (
          insert into lead_form_daily_stats (business_id, form_id, day, submissions, spam)
          select ${form.businessId}, ${form.formId}, ${statsDay(now)}::date, ${spam ? 0 : 1}, ${spam ? 1 : 0}
          from stored
          on conflict (form_id, day) do update set
            submissions = lead_form_daily_stats.submissions + excluded.submissions,
            spam = lead_form_daily_stats.spam + excluded.spam
        )
        select id from stored`,
    );
    const id = rows[0]?.id;
    if (!id) return { kind: "closed" };
    return { kind: "stored", id, status };
  } catch (e) {
    if (isUniqueViolation(e, "form_submissions_form_id_token_nonce_key")) return { kind: "replayed" };
    throw e;
  }
}
