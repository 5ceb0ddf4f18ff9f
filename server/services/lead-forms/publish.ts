import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { leadForms, leadFormVersions } from "@/db/schema";
import type { LeadFormOutput } from "@/server/domain/lead-form-contracts";
import { definitionProblems } from "@/server/domain/lead-forms";
import { AppError } from "@/server/errors";
import { forgetPublishedForm } from "./intake/published-form";
import { checkDefinitionReferences, type FormActor, formOutput, formRow, storedDefinition } from "./rows";

/**
 * A form's life as visitors see it: publish (a new numbered version, live at once), close (refuses
 * submissions) and reopen. The live form is always a `lead_form_versions` row: editing the draft never
 * changes it; only the next publish does.
 */

/**
 * Publishes the form's draft: checks it can make a customer (`definitionProblems`: a field, and one
 * mapped to name, email, phone or WhatsApp) and that the members and custom fields it names still exist;
 * then, in one transaction with the form's row locked, stores it as version N+1 and points
 * `published_version_id` at it, with status `published`, `published_at` now and `closed_at` cleared (a
 * closed form opens again). Output: the form. Errors: NOT_FOUND; VALIDATION with each problem on
 * `definition.fields` (or the path of a stale reference).
 */
export async function publishForm(db: Db, actor: FormActor, formId: string): Promise<LeadFormOutput> {
  await db.transaction(async (tx) => {
    const form = await formRow(tx, actor.businessId, formId, { lock: true });
    const definition = storedDefinition(form.draft);
    const problems = definitionProblems(definition);
    if (problems.length)
      throw new AppError("VALIDATION", problems.join(" "), { "definition.fields": problems.join(" ") });
    await checkDefinitionReferences(tx, actor.businessId, definition);
    const [last] = await tx
      .select({ version: leadFormVersions.version })
      .from(leadFormVersions)
      .where(and(eq(leadFormVersions.businessId, actor.businessId), eq(leadFormVersions.formId, formId)))
      .orderBy(desc(leadFormVersions.version))
      .limit(1);
    const [version] = await tx
      .insert(leadFormVersions)
      .values({
        businessId: actor.businessId,
        formId,
        version: (last?.version ?? 0) + 1,
        definition,
        publishedBy: actor.userId,
      })
      .returning({ id: leadFormVersions.id, publishedAt: leadFormVersions.publishedAt });
    await tx
      .update(leadForms)
      .set({
        status: "published",
        publishedVersionId: version!.id,
        publishedAt: version!.publishedAt,
        closedAt: null,
        updatedAt: new Date(),
      })
      .where(and(eq(leadForms.businessId, actor.businessId), eq(leadForms.id, formId)));
  });
  forgetPublishedForm(formId);
  return formOutput(db, actor.businessId, formId);
}

/**
 * Closes a published form: the hosted page and the embed say it is closed and refuse submissions (the
 * published version is kept, so `reopenForm` brings it back). Errors: NOT_FOUND; CONFLICT unless it is
 * published.
 */
export async function closeForm(db: Db, businessId: string, formId: string): Promise<LeadFormOutput> {
  const [row] = await db
    .update(leadForms)
    .set({ status: "closed", closedAt: sql`now()`, updatedAt: new Date() })
    .where(
      and(eq(leadForms.businessId, businessId), eq(leadForms.id, formId), eq(leadForms.status, "published")),
    )
    .returning({ id: leadForms.id });
  if (!row) {
    const form = await formRow(db, businessId, formId);
    throw new AppError(
      "CONFLICT",
      form.status === "closed" ? "This form is already closed." : "Only a published form can be closed.",
    );
  }
  forgetPublishedForm(formId);
  return formOutput(db, businessId, formId);
}

/**
 * Reopens a closed form with the version it had (the draft is not published by this). Errors: NOT_FOUND;
 * CONFLICT unless it is closed with a published version.
 */
export async function reopenForm(db: Db, businessId: string, formId: string): Promise<LeadFormOutput> {
  const [row] = await db
    .update(leadForms)
    .set({ status: "published", closedAt: null, updatedAt: new Date() })
    .where(
      and(
        eq(leadForms.businessId, businessId),
        eq(leadForms.id, formId),
        eq(leadForms.status, "closed"),
        sql`${leadForms.publishedVersionId} is not null`,
      ),
    )
    .returning({ id: leadForms.id });
  if (!row) {
    const form = await formRow(db, businessId, formId);
    throw new AppError(
      "CONFLICT",
      form.status === "published" ? "This form is already open." : "Publish the form first.",
    );
  }
  forgetPublishedForm(formId);
  return formOutput(db, businessId, formId);
}
