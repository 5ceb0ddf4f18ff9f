import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { businesses, formSubmissions, leadForms, leadFormVersions } from "@/db/schema";
import type { LeadFormContext } from "@/server/domain/lead-form-answers";
import type { LeadFormDefinition } from "@/server/domain/lead-forms";
import { parsedDefinition } from "../intake/published-form";

export type SubmissionRow = typeof formSubmissions.$inferSelect;

/** A stored submission with what processing it needs: its form version, the form and the business. */
export interface SubmissionForProcessing {
  submission: SubmissionRow;
  context: LeadFormContext;
  definition: LeadFormDefinition;
  form: { id: string; name: string };
  business: { id: string; name: string; slug: string; timeZone: string; country: string };
}

/**
 * Loads submission `submissionId` of `businessId` for processing, or null when there is no such
 * submission in that business. `definition` is null when its version cannot be read any more.
 * With `lock`, the submission row is locked (`FOR UPDATE`) until the caller's transaction ends, so two
 * runs of the same submission take turns.
 */
export async function loadSubmission(
  db: DbOrTx,
  businessId: string,
  submissionId: string,
  opts: { lock?: boolean } = {},
): Promise<(Omit<SubmissionForProcessing, "definition"> & { definition: LeadFormDefinition | null }) | null> {
  // One round trip: the submission with its form's name, its business and its version (whose parsed
  // definition is cached, versions never change).
  const query = db
    .select({
      submission: formSubmissions,
      formName: leadForms.name,
      businessName: businesses.name,
      slug: businesses.slug,
      timeZone: businesses.timeZone,
      country: businesses.country,
      versionBusinessId: leadFormVersions.businessId,
      rawDefinition: leadFormVersions.definition,
    })
    .from(formSubmissions)
    .innerJoin(
      leadForms,
      and(eq(leadForms.id, formSubmissions.formId), eq(leadForms.businessId, formSubmissions.businessId)),
    )
    .innerJoin(businesses, eq(businesses.id, formSubmissions.businessId))
    .leftJoin(leadFormVersions, eq(leadFormVersions.id, formSubmissions.versionId))
    .where(and(eq(formSubmissions.businessId, businessId), eq(formSubmissions.id, submissionId)))
    .limit(1);
  const [row] = opts.lock ? await query.for("update", { of: formSubmissions }) : await query;
  if (!row) return null;
  const submission = row.submission;
  const meta = row;
  const definition =
    row.versionBusinessId === businessId ? parsedDefinition(submission.versionId, row.rawDefinition) : null;
  const context = { utm: {}, ...(submission.context as object) } as LeadFormContext;
  return {
    submission,
    context,
    definition,
    form: { id: submission.formId, name: meta.formName },
    business: {
      id: businessId,
      name: meta.businessName,
      slug: meta.slug,
      timeZone: meta.timeZone,
      country: meta.country,
    },
  };
}
