import { and, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { isUniqueViolation } from "@/db/errors";
import { businessMembers, customFields, leadFormDailyStats, leadForms, leadFormVersions } from "@/db/schema";
import type { LeadFormOutput, LeadFormSummary } from "@/server/domain/lead-form-contracts";
import { mapToProblem } from "@/server/domain/lead-form-mapping";
import { type LeadFormDefinition, leadFormDefinitionSchema } from "@/server/domain/lead-forms";
import type { FieldErrors } from "@/server/errors";
import { AppError } from "@/server/errors";

/** Who acts on a business's forms: the business, and the user (null for an API key). */
export interface FormActor {
  businessId: string;
  userId: string | null;
}

export type LeadFormRow = typeof leadForms.$inferSelect;

/** The columns a summary needs, with the published version joined and the all-time views summed. */
function summaryColumns() {
  return {
    form: {
      id: leadForms.id,
      name: leadForms.name,
      status: leadForms.status,
      submissionCount: leadForms.submissionCount,
      createdAt: leadForms.createdAt,
      updatedAt: leadForms.updatedAt,
      publishedAt: leadForms.publishedAt,
      closedAt: leadForms.closedAt,
    },
    versionId: leadFormVersions.id,
    version: leadFormVersions.version,
    versionPublishedAt: leadFormVersions.publishedAt,
    changed: sql<boolean>`coalesce(${leadForms.draft} <> ${leadFormVersions.definition}, false)`,
    maxSubmissions: sql<
      number | null
    >`(${leadFormVersions.definition} #>> '{settings,limit,maxSubmissions}')::int`,
    closesAt: sql<string | null>`${leadFormVersions.definition} #>> '{settings,limit,closesAt}'`,
    views: sql<number>`coalesce((select sum(${leadFormDailyStats.views})::int from ${leadFormDailyStats} where ${leadFormDailyStats.businessId} = ${leadForms.businessId} and ${leadFormDailyStats.formId} = ${leadForms.id}), 0)`,
  };
}

type SummaryRow = {
  form: Pick<
    LeadFormRow,
    "id" | "name" | "status" | "submissionCount" | "createdAt" | "updatedAt" | "publishedAt" | "closedAt"
  >;
  versionId: string | null;
  version: number | null;
  versionPublishedAt: Date | null;
  changed: boolean;
  maxSubmissions: number | null;
  closesAt: string | null;
  views: number;
};

/**
 * Whether a published form takes submissions now: `open`, `limit_reached` (its version's
 * `maxSubmissions` accepted) or `expired` (past its `closesAt`); null when it is not published.
 */
function liveState(r: SummaryRow, now: Date): LeadFormSummary["liveState"] {
  if (r.form.status !== "published") return null;
  if (r.maxSubmissions !== null && r.form.submissionCount >= Number(r.maxSubmissions)) return "limit_reached";
  if (r.closesAt && Date.parse(r.closesAt) <= now.getTime()) return "expired";
  return "open";
}

/** A summary row as the API gives it (conversion: submissions per view, 0–1, null before a view). */
export function toSummary(r: SummaryRow): LeadFormSummary {
  const f = r.form;
  const views = Number(r.views);
  return {
    id: f.id,
    name: f.name,
    status: f.status,
    publishedVersion:
      r.versionId && r.version !== null && r.versionPublishedAt
        ? { id: r.versionId, version: r.version, publishedAt: r.versionPublishedAt }
        : null,
    hasUnpublishedChanges: Boolean(r.versionId) && Boolean(r.changed),
    liveState: liveState(r, new Date()),
    submissionCount: f.submissionCount,
    views,
    conversionRate: views > 0 ? Math.min(1, f.submissionCount / views) : null,
    createdAt: f.createdAt,
    updatedAt: f.updatedAt,
    publishedAt: f.publishedAt,
    closedAt: f.closedAt,
  };
}

/**
 * A stored definition, parsed again (drafts and versions are stored checked; this also fills defaults
 * added since). Errors: INTERNAL for one that no longer parses (it would break the builder and the form).
 */
export function storedDefinition(raw: unknown): LeadFormDefinition {
  const parsed = leadFormDefinitionSchema.safeParse(raw);
  if (!parsed.success) throw new AppError("INTERNAL", "This form's definition could not be read.");
  return parsed.data;
}

/** The join of a form to the version it serves. */
const publishedVersionOf = (businessId: string) =>
  and(eq(leadFormVersions.id, leadForms.publishedVersionId), eq(leadFormVersions.businessId, businessId));

/** The business's forms with their summaries (not their drafts), newest first. */
export async function formSummaries(db: DbOrTx, businessId: string): Promise<SummaryRow[]> {
  return db
    .select(summaryColumns())
    .from(leadForms)
    .leftJoin(leadFormVersions, publishedVersionOf(businessId))
    .where(eq(leadForms.businessId, businessId))
    .orderBy(sql`${leadForms.createdAt} desc`, sql`${leadForms.id} desc`);
}

/** One form with its draft. Errors: NOT_FOUND (also for another business's form). */
export async function formOutput(db: DbOrTx, businessId: string, formId: string): Promise<LeadFormOutput> {
  const [row] = await db
    .select({ ...summaryColumns(), draft: leadForms.draft })
    .from(leadForms)
    .leftJoin(leadFormVersions, publishedVersionOf(businessId))
    .where(and(eq(leadForms.businessId, businessId), eq(leadForms.id, formId)));
  if (!row) throw new AppError("NOT_FOUND", "No such form in this business.");
  return { ...toSummary(row), definition: storedDefinition(row.draft) };
}

/** The form's row. Errors: NOT_FOUND. With `lock`, the row is locked for this transaction. */
export async function formRow(
  db: DbOrTx,
  businessId: string,
  formId: string,
  opts: { lock?: boolean } = {},
): Promise<LeadFormRow> {
  const q = db
    .select()
    .from(leadForms)
    .where(and(eq(leadForms.businessId, businessId), eq(leadForms.id, formId)))
    .limit(1);
  const [row] = opts.lock ? await q.for("update") : await q;
  if (!row) throw new AppError("NOT_FOUND", "No such form in this business.");
  return row;
}

/** Turns the unique-name violation into CONFLICT on `name`; rethrows anything else. */
export function nameTaken(e: unknown): never {
  if (isUniqueViolation(e, "lead_forms_business_id_lower_name_key")) {
    throw new AppError("CONFLICT", "A form with this name exists. Choose another name.", {
      name: "A form with this name exists.",
    });
  }
  throw e;
}

/**
 * Checks what a definition names inside the business: members (lead owner, task assignee, notified
 * users) and custom fields (mappings, with a type that fits). Errors: VALIDATION with one field error per
 * problem, keyed `definition.<path>` (`definition.fields.2.mapTo`, `definition.settings.notify.userIds.0`).
 */
export async function checkDefinitionReferences(
  db: DbOrTx,
  businessId: string,
  def: LeadFormDefinition,
): Promise<void> {
  const errors: FieldErrors = {};
  const s = def.settings;
  const userRefs: [string, string][] = [];
  if (s.leadDefaults.ownerId) userRefs.push(["settings.leadDefaults.ownerId", s.leadDefaults.ownerId]);
  if (s.followUpTask.assigneeId)
    userRefs.push(["settings.followUpTask.assigneeId", s.followUpTask.assigneeId]);
  s.notify.userIds.forEach((id, i) => {
    userRefs.push([`settings.notify.userIds.${i}`, id]);
  });
  if (userRefs.length) {
    const ids = [...new Set(userRefs.map(([, id]) => id))];
    const members = await db
      .select({ userId: businessMembers.userId })
      .from(businessMembers)
      .where(and(eq(businessMembers.businessId, businessId), inArray(businessMembers.userId, ids)));
    const known = new Set(members.map((m) => m.userId));
    for (const [path, id] of userRefs)
      if (!known.has(id)) errors[`definition.${path}`] = "Choose a member of this business.";
  }
  if (def.fields.some((f) => f.mapTo)) {
    const fields = await db
      .select({ key: customFields.key, label: customFields.label, type: customFields.type })
      .from(customFields)
      .where(eq(customFields.businessId, businessId));
    def.fields.forEach((f, i) => {
      if (!f.mapTo) return;
      const problem = mapToProblem(f.type, f.mapTo, fields);
      if (problem) errors[`definition.fields.${i}.mapTo`] = problem;
    });
  }
  if (Object.keys(errors).length) throw new AppError("VALIDATION", "Check the highlighted settings.", errors);
}

/**
 * Parses a definition as a client sent it. Errors: VALIDATION with a field error per mistake keyed
 * `definition.<path>` (`definition.fields.1.options`).
 */
export function parseDefinition(raw: unknown): LeadFormDefinition {
  const parsed = leadFormDefinitionSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const key = ["definition", ...issue.path.map(String)].join(".");
    errors[key] ??= issue.message;
  }
  throw new AppError("VALIDATION", "Check the highlighted fields.", errors);
}
