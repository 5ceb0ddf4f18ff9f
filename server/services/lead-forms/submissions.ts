import { and, desc, eq, gte, inArray, lt, ne, type SQL, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { customers, formSubmissions, leadForms, leadFormVersions } from "@/db/schema";
import { checkAnswers, type LeadFormContext } from "@/server/domain/lead-form-answers";
import type {
  ListSubmissionsInput,
  SubmissionDetailOutput,
  SubmissionFilters,
  SubmissionOutput,
} from "@/server/domain/lead-form-contracts";
import type { LeadFormField } from "@/server/domain/lead-forms";
import { AppError } from "@/server/errors";
import { sendEvent } from "@/server/jobs/send";
import { logger } from "@/server/logger";
import { decodeTimeCursor, encodeTimeCursor } from "@/server/services/pagination/time-cursor";
import { formRow, storedDefinition } from "./rows";

/**
 * A form's submissions as the business sees them: the list (inbox and Spam tab, filters, keyset pages),
 * one submission with its field labels, and the two ways to send one to the background work again:
 * "not spam" and "retry" (the work itself is the `lead-forms/submission.received` function).
 */

type SubmissionRow = typeof formSubmissions.$inferSelect & {
  version: number;
  customerName: string | null;
  cursorTime: string;
};

/** `?source=`, then `utm_source`, then the referrer's host, then "Direct" (the analytics use the same). */
export function sourceOf(context: LeadFormContext | Record<string, unknown>): string {
  const c = context as Partial<LeadFormContext>;
  if (c.source?.trim()) return c.source.trim();
  if (c.utm?.utm_source?.trim()) return c.utm.utm_source.trim();
  if (typeof c.referrer === "string") {
    try {
      return new URL(c.referrer).hostname || "Direct";
    } catch {}
  }
  return "Direct";
}

/** The same as `sourceOf`, in SQL over `form_submissions.context`. */
export const sourceSql = sql<string>`coalesce(
  nullif(btrim(${formSubmissions.context}->>'source'), ''),
  nullif(btrim(${formSubmissions.context}->'utm'->>'utm_source'), ''),
  nullif(substring(${formSubmissions.context}->>'referrer' from '^https?://([^/:?#]+)'), ''),
  'Direct')`;

/** The WHERE of a form's submissions under `filters` (tenancy and form included). */
export function submissionsWhere(businessId: string, formId: string, filters: SubmissionFilters): SQL {
  const conditions: (SQL | undefined)[] = [
    eq(formSubmissions.businessId, businessId),
    eq(formSubmissions.formId, formId),
  ];
  if (filters.tab === "spam") conditions.push(eq(formSubmissions.status, "spam"));
  else if (filters.status) conditions.push(eq(formSubmissions.status, filters.status));
  else conditions.push(ne(formSubmissions.status, "spam"));
  if (filters.from) conditions.push(gte(formSubmissions.createdAt, new Date(filters.from)));
  if (filters.to) conditions.push(lt(formSubmissions.createdAt, new Date(filters.to)));
  if (filters.search) {
    const pattern = `%${filters.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(sql`${formSubmissions.answers}::text ilike ${pattern}`);
  }
  return and(...conditions)!;
}

/** Rows of submissions with their version number and customer, newest first. */
export async function submissionRows(
  db: DbOrTx,
  businessId: string,
  where: SQL,
  opts: { cursor?: string | null; limit: number },
): Promise<SubmissionRow[]> {
  const conditions = [where];
  if (opts.cursor) {
    const c = decodeTimeCursor(opts.cursor);
    conditions.push(
      sql`(${formSubmissions.createdAt}, ${formSubmissions.id}) < (${c.t}::timestamptz, ${c.id}::uuid)`,
    );
  }
  return db
    .select({
      id: formSubmissions.id,
      businessId: formSubmissions.businessId,
      formId: formSubmissions.formId,
      versionId: formSubmissions.versionId,
      status: formSubmissions.status,
      answers: formSubmissions.answers,
      context: formSubmissions.context,
      spamReason: formSubmissions.spamReason,
      customerId: formSubmissions.customerId,
      tokenNonce: formSubmissions.tokenNonce,
      error: formSubmissions.error,
      createdAt: formSubmissions.createdAt,
      processedAt: formSubmissions.processedAt,
      version: leadFormVersions.version,
      customerName: customers.name,
      cursorTime: sql<string>`to_char(${formSubmissions.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    })
    .from(formSubmissions)
    .innerJoin(leadFormVersions, eq(leadFormVersions.id, formSubmissions.versionId))
    .leftJoin(
      customers,
      and(eq(customers.id, formSubmissions.customerId), eq(customers.businessId, businessId)),
    )
    .where(and(...conditions))
    .orderBy(desc(formSubmissions.createdAt), desc(formSubmissions.id))
    .limit(opts.limit);
}

/** The fields of each version named, by version id (one query for a page's few versions). */
export async function versionFields(
  db: DbOrTx,
  businessId: string,
  versionIds: string[],
): Promise<Map<string, LeadFormField[]>> {
  const ids = [...new Set(versionIds)];
  if (!ids.length) return new Map();
  const rows = await db
    .select({ id: leadFormVersions.id, definition: leadFormVersions.definition })
    .from(leadFormVersions)
    .where(and(eq(leadFormVersions.businessId, businessId), inArray(leadFormVersions.id, ids)));
  return new Map(rows.map((r) => [r.id, storedDefinition(r.definition).fields]));
}

const text = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : null);

/** Name, email and phone from the answers, through the fields' mappings. */
export function contactOf(answers: Record<string, unknown>, fields: readonly LeadFormField[]) {
  const by = (target: string) => {
    const field = fields.find((f) => f.mapTo === target);
    return field ? text(answers[field.key]) : null;
  };
  const split = [by("firstName"), by("lastName")].filter(Boolean).join(" ");
  return {
    name: by("name") ?? (split || null),
    email: by("email"),
    phone: by("phone") ?? by("whatsapp"),
  };
}

/**
 * Answers as the API gives them: strings, numbers, booleans and lists of strings. A spam submission is
 * kept as sent (never checked), so anything else in it (null, nested lists) is left out or written as
 * text.
 */
function cleanAnswers(answers: Record<string, unknown>): SubmissionOutput["answers"] {
  const out: SubmissionOutput["answers"] = {};
  for (const [k, v] of Object.entries(answers)) {
    if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") out[k] = v;
    else if (Array.isArray(v))
      out[k] = v.filter((x) => x !== null && typeof x !== "object").map((x) => String(x));
  }
  return out;
}

function toOutput(row: SubmissionRow, fields: readonly LeadFormField[]): SubmissionOutput {
  const context = row.context as Partial<LeadFormContext>;
  return {
    id: row.id,
    formId: row.formId,
    versionId: row.versionId,
    version: row.version,
    status: row.status,
    answers: cleanAnswers(row.answers),
    context: {
      utm: (context.utm ?? {}) as Record<string, string>,
      ...(context.referrer ? { referrer: context.referrer } : {}),
      ...(context.landingPage ? { landingPage: context.landingPage } : {}),
      ...(context.source ? { source: context.source } : {}),
    },
    contact: contactOf(row.answers, fields),
    source: sourceOf(row.context),
    spamReason: row.spamReason,
    error: row.error,
    customer: row.customerId && row.customerName ? { id: row.customerId, name: row.customerName } : null,
    createdAt: row.createdAt,
    processedAt: row.processedAt,
  };
}

/**
 * A form's submissions, newest first (created_at desc, id desc over the form's index), filtered as in
 * `listSubmissionsInput`. Output: `{ data, nextCursor }` (null on the last page). Errors: NOT_FOUND for a
 * form that is not the business's; VALIDATION on `cursor` for a malformed one.
 */
export async function listSubmissions(
  db: DbOrTx,
  businessId: string,
  input: Omit<ListSubmissionsInput, "businessId">,
): Promise<{ data: SubmissionOutput[]; nextCursor: string | null }> {
  await formRow(db, businessId, input.formId);
  const where = submissionsWhere(businessId, input.formId, input);
  const rows = await submissionRows(db, businessId, where, { cursor: input.cursor, limit: input.limit + 1 });
  const page = rows.slice(0, input.limit);
  const fields = await versionFields(
    db,
    businessId,
    page.map((r) => r.versionId),
  );
  const last = page.at(-1);
  return {
    data: page.map((r) => toOutput(r, fields.get(r.versionId) ?? [])),
    nextCursor: rows.length > input.limit && last ? encodeTimeCursor(last.cursorTime, last.id) : null,
  };
}

/** One submission with the labels of its version's fields. Errors: NOT_FOUND. */
export async function getSubmission(
  db: DbOrTx,
  businessId: string,
  submissionId: string,
): Promise<SubmissionDetailOutput> {
  const [row] = await submissionRows(
    db,
    businessId,
    and(eq(formSubmissions.businessId, businessId), eq(formSubmissions.id, submissionId))!,
    { limit: 1 },
  );
  if (!row) throw new AppError("NOT_FOUND", "No such submission in this business.");
  const fields = (await versionFields(db, businessId, [row.versionId])).get(row.versionId) ?? [];
  return {
    ...toOutput(row, fields),
    fields: fields.map((f) => ({ key: f.key, label: f.label, type: f.type })),
  };
}

/**
 * Queues a submission for the background work (`lead-forms/submission.received`). When the event cannot
 * be queued, the submission is marked `failed` with the reason (so "Retry" is offered) and UNAVAILABLE
 * is thrown.
 */
async function queue(db: DbOrTx, businessId: string, submissionId: string): Promise<void> {
  try {
    await sendEvent({ name: "lead-forms/submission.received", data: { submissionId, businessId } });
  } catch (e) {
    logger.error({ err: e, submissionId }, "lead form submission could not be queued");
    await db
      .update(formSubmissions)
      .set({ status: "failed", error: "Could not be queued for processing." })
      .where(and(eq(formSubmissions.businessId, businessId), eq(formSubmissions.id, submissionId)));
    throw new AppError("UNAVAILABLE", "The submission could not be queued; try again shortly.");
  }
}

/** Why a submission is not in the state an action needs: NOT_FOUND, or CONFLICT naming its state. */
async function wrongState(
  db: DbOrTx,
  businessId: string,
  submissionId: string,
  needs: string,
): Promise<never> {
  const [row] = await db
    .select({ status: formSubmissions.status })
    .from(formSubmissions)
    .where(and(eq(formSubmissions.businessId, businessId), eq(formSubmissions.id, submissionId)))
    .limit(1);
  if (!row) throw new AppError("NOT_FOUND", "No such submission in this business.");
  throw new AppError("CONFLICT", `This submission is ${row.status}; ${needs}`);
}

/**
 * "Not spam": moves a submission from the Spam tab to the inbox (`received`, spam reason cleared), counts
 * it in the form's accepted submissions, and sends it to the background work, which creates or updates
 * its customer. A spam submission may have been kept as sent (never checked), so its answers are checked
 * against its version's fields first (`checkAnswers`, the public form's own rules) and stored checked.
 * Output: the submission. Errors: NOT_FOUND; CONFLICT unless it is spam; VALIDATION with
 * `answers.<key>` per answer that does not pass (it then stays in Spam); UNAVAILABLE when the work
 * cannot be queued (it is then `failed`, to retry).
 */
export async function markNotSpam(
  db: Db,
  businessId: string,
  submissionId: string,
): Promise<SubmissionDetailOutput> {
  const moved = await db.transaction(async (tx) => {
    const [row] = await tx
      .select({
        formId: formSubmissions.formId,
        versionId: formSubmissions.versionId,
        answers: formSubmissions.answers,
        definition: leadFormVersions.definition,
      })
      .from(formSubmissions)
      .innerJoin(leadFormVersions, eq(leadFormVersions.id, formSubmissions.versionId))
      .where(
        and(
          eq(formSubmissions.businessId, businessId),
          eq(formSubmissions.id, submissionId),
          eq(formSubmissions.status, "spam"),
        ),
      )
      .limit(1)
      .for("update", { of: formSubmissions });
    if (!row) return null;
    const def = storedDefinition(row.definition);
    const checked = checkAnswers(def.fields, row.answers, def.settings.language);
    if (!checked.ok)
      throw new AppError(
        "VALIDATION",
        "Its answers do not pass the form's checks, so no customer can be made from it; it stays in Spam.",
        Object.fromEntries(Object.entries(checked.errors).map(([k, v]) => [`answers.${k}`, v])),
      );
    await tx
      .update(formSubmissions)
      .set({ status: "received", spamReason: null, error: null, answers: checked.answers })
      .where(and(eq(formSubmissions.businessId, businessId), eq(formSubmissions.id, submissionId)));
    await tx
      .update(leadForms)
      .set({ submissionCount: sql`${leadForms.submissionCount} + 1` })
      .where(and(eq(leadForms.businessId, businessId), eq(leadForms.id, row.formId)));
    return row;
  });
  if (!moved) return wrongState(db, businessId, submissionId, "only spam can be marked as not spam.");
  await queue(db, businessId, submissionId);
  return getSubmission(db, businessId, submissionId);
}

/**
 * Sends a `failed` submission to the background work again (status `received`, error cleared). Output:
 * the submission. Errors: NOT_FOUND; CONFLICT unless it failed; UNAVAILABLE as for `markNotSpam`.
 */
export async function retrySubmission(
  db: Db,
  businessId: string,
  submissionId: string,
): Promise<SubmissionDetailOutput> {
  const [row] = await db
    .update(formSubmissions)
    .set({ status: "received", error: null })
    .where(
      and(
        eq(formSubmissions.businessId, businessId),
        eq(formSubmissions.id, submissionId),
        eq(formSubmissions.status, "failed"),
      ),
    )
    .returning({ id: formSubmissions.id });
  if (!row) return wrongState(db, businessId, submissionId, "only a failed submission can be retried.");
  await queue(db, businessId, submissionId);
  return getSubmission(db, businessId, submissionId);
}
