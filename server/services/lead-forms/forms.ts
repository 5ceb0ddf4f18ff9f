import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { businesses, leadForms } from "@/db/schema";
import {
  type CreateLeadFormInput,
  defaultLeadFormDefinition,
  type LeadFormOutput,
  type LeadFormSummary,
  type UpdateLeadFormInput,
} from "@/server/domain/lead-form-contracts";
import { AppError } from "@/server/errors";
import { withBusinessLock } from "@/server/services/businesses/limits";
import { forgetPublishedForm } from "./intake/published-form";
import {
  checkDefinitionReferences,
  type FormActor,
  formOutput,
  formRow,
  formSummaries,
  nameTaken,
  parseDefinition,
  toSummary,
} from "./rows";

/**
 * Lead forms as the business edits them: create, list, read, change the draft, rename, duplicate and
 * delete. Publishing (what visitors see) is in publish.ts; nothing here changes a live form.
 */

/** At most this many forms per business. */
export const LEAD_FORMS_MAX = 200;

/** The business's forms, newest first, with status, all-time submissions, views and conversion rate. */
export async function listForms(db: DbOrTx, businessId: string): Promise<LeadFormSummary[]> {
  return (await formSummaries(db, businessId)).map(toSummary);
}

/** One form with its draft definition. Errors: NOT_FOUND (also for another business's form). */
export async function getForm(db: DbOrTx, businessId: string, formId: string): Promise<LeadFormOutput> {
  return formOutput(db, businessId, formId);
}

/**
 * Creates a draft form: `definition` as given (checked), or the default one (name, email and phone
 * fields, the phone's country the business's). Errors: VALIDATION on `definition.<path>`; CONFLICT on
 * `name` when the business has a form of that name (case-insensitive) or has `LEAD_FORMS_MAX` forms.
 */
export async function createForm(
  db: DbOrTx,
  actor: FormActor,
  input: CreateLeadFormInput,
): Promise<LeadFormOutput> {
  let definition = input.definition ? parseDefinition(input.definition) : undefined;
  if (definition) await checkDefinitionReferences(db, actor.businessId, definition);
  else {
    const [business] = await db
      .select({ country: businesses.country })
      .from(businesses)
      .where(eq(businesses.id, actor.businessId))
      .limit(1);
    definition = defaultLeadFormDefinition(input.name, business?.country);
  }
  let id: string;
  try {
    // The cap is checked under the business's lock, so parallel creations cannot pass it together.
    id = await withBusinessLock(db, actor.businessId, async (tx) => {
      const existing = await tx.$count(leadForms, eq(leadForms.businessId, actor.businessId));
      if (existing >= LEAD_FORMS_MAX)
        throw new AppError(
          "CONFLICT",
          `A business can have at most ${LEAD_FORMS_MAX} forms; delete one first.`,
        );
      const [row] = await tx
        .insert(leadForms)
        .values({
          businessId: actor.businessId,
          name: input.name,
          draft: definition,
          createdBy: actor.userId,
        })
        .returning({ id: leadForms.id });
      return row!.id;
    });
  } catch (e) {
    nameTaken(e);
  }
  return formOutput(db, actor.businessId, id);
}

/**
 * Renames a form and/or replaces its draft. The draft is checked whole (`leadFormDefinitionSchema`, then
 * the members and custom fields it names); the published version is untouched until the next publish.
 * Errors: NOT_FOUND; VALIDATION on `definition.<path>`; CONFLICT on `name`.
 */
export async function updateForm(
  db: DbOrTx,
  actor: FormActor,
  input: Omit<UpdateLeadFormInput, "businessId">,
): Promise<LeadFormOutput> {
  await formRow(db, actor.businessId, input.formId);
  const values: Partial<typeof leadForms.$inferInsert> = { updatedAt: new Date() };
  if (input.name !== undefined) values.name = input.name;
  if (input.definition !== undefined) {
    const definition = parseDefinition(input.definition);
    await checkDefinitionReferences(db, actor.businessId, definition);
    values.draft = definition;
  }
  try {
    const [row] = await db
      .update(leadForms)
      .set(values)
      .where(and(eq(leadForms.businessId, actor.businessId), eq(leadForms.id, input.formId)))
      .returning({ id: leadForms.id });
    if (!row) throw new AppError("NOT_FOUND", "No such form in this business.");
  } catch (e) {
    nameTaken(e);
  }
  return formOutput(db, actor.businessId, input.formId);
}

/** Renames a form. Errors: NOT_FOUND; CONFLICT on `name`. */
export function renameForm(db: DbOrTx, actor: FormActor, formId: string, name: string) {
  return updateForm(db, actor, { formId, name });
}

/**
 * Copies a form's draft as a new draft named "<name> (copy)", "<name> (copy 2)" …; submissions and
 * versions are not copied. Errors: NOT_FOUND; CONFLICT past `LEAD_FORMS_MAX`.
 */
export async function duplicateForm(db: DbOrTx, actor: FormActor, formId: string): Promise<LeadFormOutput> {
  const source = await formRow(db, actor.businessId, formId);
  const id = await withBusinessLock(db, actor.businessId, async (tx) => {
    const taken = new Set(
      (
        await tx
          .select({ name: leadForms.name })
          .from(leadForms)
          .where(eq(leadForms.businessId, actor.businessId))
      ).map((r) => r.name.toLowerCase()),
    );
    if (taken.size >= LEAD_FORMS_MAX)
      throw new AppError(
        "CONFLICT",
        `A business can have at most ${LEAD_FORMS_MAX} forms; delete one first.`,
      );
    const base = `${source.name.slice(0, 80)} (copy`;
    let name = `${base})`;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base} ${n})`;
    const [row] = await tx
      .insert(leadForms)
      .values({ businessId: actor.businessId, name, draft: source.draft, createdBy: actor.userId })
      .returning({ id: leadForms.id });
    return row!.id;
  });
  return formOutput(db, actor.businessId, id);
}

/**
 * Deletes a form with its versions, submissions and statistics (customers it created stay, with their
 * timeline). Its hosted page and embed stop answering. Errors: NOT_FOUND.
 */
export async function deleteForm(db: DbOrTx, businessId: string, formId: string): Promise<{ id: string }> {
  const [row] = await db
    .delete(leadForms)
    .where(and(eq(leadForms.businessId, businessId), eq(leadForms.id, formId)))
    .returning({ id: leadForms.id });
  if (!row) throw new AppError("NOT_FOUND", "No such form in this business.");
  forgetPublishedForm(formId);
  return row;
}
