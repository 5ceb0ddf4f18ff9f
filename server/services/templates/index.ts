import { and, asc, eq, ne, type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { isUniqueViolation } from "@/db/errors";
import { messageTemplates } from "@/db/schema";
import { markdownToBlocks } from "@/server/domain/markdown-blocks";
import { type TemplateVariable, templateVariables } from "@/server/domain/template-variables";
import type { CreateTemplateInput, TemplateOutput, UpdateTemplateInput } from "@/server/domain/templates";
import { AppError } from "@/server/errors";
import {
  type Channel,
  checkEmailContent,
  customFieldList,
  emailTemplateRow,
  type TemplateActor,
  templateRow,
  toTemplateOutput,
} from "./content";

/*
 * Message templates of a business. Email templates are created and edited here; WhatsApp templates are
 * synced from Meta into the same table and only listed and read here. Preview and test sends: ./preview.
 */

export { checkEmailContent, type TemplateActor } from "./content";
export { previewTemplate, sendTestEmail } from "./preview";

const NAME_KEY = "message_templates_business_id_channel_name_language_key";
const nameTakenError = () =>
  new AppError("VALIDATION", "A template with this name exists. Choose another name.", {
    name: "A template with this name exists.",
  });

/**
 * The variables the business's email templates may use (the editor's "Insert variable" menu): the
 * customer's and business's fields and one per custom field (`customer.custom.<key>`).
 */
export async function listTemplateVariables(
  db: DbOrTx,
  businessId: string,
): Promise<Pick<TemplateVariable, "path" | "label">[]> {
  return templateVariables(await customFieldList(db, businessId)).map(({ path, label }) => ({ path, label }));
}

/** The business's templates by name; `channel` narrows to email or WhatsApp templates. */
export async function listTemplates(
  db: DbOrTx,
  businessId: string,
  opts: { channel?: Channel } = {},
): Promise<TemplateOutput[]> {
  const where: SQL[] = [eq(messageTemplates.businessId, businessId)];
  if (opts.channel) where.push(eq(messageTemplates.channel, opts.channel));
  const rows = await db
    .select()
    .from(messageTemplates)
    .where(and(...where))
    .orderBy(
      asc(sql`lower(${messageTemplates.name})`),
      asc(messageTemplates.language),
      asc(messageTemplates.id),
    );
  return rows.map(toTemplateOutput);
}

/** One template (email or WhatsApp). Errors: NOT_FOUND (also for another business's template). */
export async function getTemplate(
  db: DbOrTx,
  businessId: string,
  templateId: string,
): Promise<TemplateOutput> {
  return toTemplateOutput(await templateRow(db, businessId, templateId));
}

/**
 * The blocks of a create/update input: `blocks`, or the Markdown `body` converted; null when neither.
 * Errors: VALIDATION on `body` when both are given.
 */
function blocksOf(input: {
  blocks?: unknown[];
  body?: string;
}): { blocks: unknown[]; fromBody: boolean } | null {
  if (input.body !== undefined && input.blocks !== undefined) {
    throw new AppError("VALIDATION", "Give blocks or a Markdown body, not both.", {
      body: "Give blocks or a Markdown body, not both.",
    });
  }
  if (input.body !== undefined) return { blocks: markdownToBlocks(input.body), fromBody: true };
  if (input.blocks !== undefined) return { blocks: input.blocks, fromBody: false };
  return null;
}

async function assertNameFree(db: DbOrTx, businessId: string, name: string, exceptId?: string) {
  const [taken] = await db
    .select({ id: messageTemplates.id })
    .from(messageTemplates)
    .where(
      and(
        eq(messageTemplates.businessId, businessId),
        eq(messageTemplates.channel, "email"),
        eq(messageTemplates.language, ""),
        sql`lower(${messageTemplates.name}) = lower(${name})`,
        exceptId ? ne(messageTemplates.id, exceptId) : undefined,
      ),
    )
    .limit(1);
  if (taken) throw nameTakenError();
}

/**
 * Saves a new email template. Input: name, subject, preheader and `blocks` or a Markdown `body`.
 * Errors: VALIDATION on `name` (taken, case-insensitive), on `blocks`/`body` (none given), and from
 * `checkEmailContent` (an unknown variable, an image address that is not https …).
 */
export async function createTemplate(
  db: DbOrTx,
  actor: TemplateActor,
  input: CreateTemplateInput,
): Promise<TemplateOutput> {
  const source = blocksOf(input);
  if (!source || source.blocks.length === 0) {
    const field = input.body !== undefined ? "body" : "blocks";
    throw new AppError("VALIDATION", "Add at least one block.", { [field]: "Add at least one block." });
  }
  const content = await checkEmailContent(
    db,
    actor.businessId,
    { subject: input.subject, preheader: input.preheader, blocks: source.blocks },
    { fromBody: source.fromBody },
  );
  await assertNameFree(db, actor.businessId, input.name);
  try {
    const [row] = await db
      .insert(messageTemplates)
      .values({
        businessId: actor.businessId,
        channel: "email",
        name: input.name,
        subject: content.subject,
        preheader: content.preheader,
        blocks: content.blocks,
        createdBy: actor.userId,
      })
      .returning();
    return toTemplateOutput(row!);
  } catch (e) {
    if (isUniqueViolation(e, NAME_KEY)) throw nameTakenError();
    throw e;
  }
}

/**
 * Renames an email template or replaces its subject, preheader or blocks (`blocks` or `body`).
 * Errors: NOT_FOUND; VALIDATION as `createTemplate`, and on `templateId` for a WhatsApp template.
 */
export async function updateTemplate(
  db: DbOrTx,
  actor: TemplateActor,
  input: UpdateTemplateInput,
): Promise<TemplateOutput> {
  const current = await emailTemplateRow(db, actor.businessId, input.templateId);
  const source = blocksOf(input);
  const content = await checkEmailContent(
    db,
    actor.businessId,
    {
      subject: input.subject ?? current.subject ?? "",
      preheader: input.preheader ?? current.preheader ?? "",
      blocks: source ? source.blocks : current.blocks,
    },
    { fromBody: source?.fromBody },
  );
  if (input.name !== undefined) await assertNameFree(db, actor.businessId, input.name, current.id);
  try {
    const [row] = await db
      .update(messageTemplates)
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        subject: content.subject,
        preheader: content.preheader,
        blocks: content.blocks,
        updatedAt: new Date(),
      })
      .where(and(eq(messageTemplates.businessId, actor.businessId), eq(messageTemplates.id, current.id)))
      .returning();
    if (!row) throw new AppError("NOT_FOUND", "No such template in this business.");
    return toTemplateOutput(row);
  } catch (e) {
    if (isUniqueViolation(e, NAME_KEY)) throw nameTakenError();
    throw e;
  }
}

/** Copies an email template as "<name> (copy)", "<name> (copy 2)" … Errors: NOT_FOUND, VALIDATION. */
export async function duplicateTemplate(
  db: DbOrTx,
  actor: TemplateActor,
  templateId: string,
): Promise<TemplateOutput> {
  const source = await emailTemplateRow(db, actor.businessId, templateId);
  const taken = new Set(
    (
      await db
        .select({ name: messageTemplates.name })
        .from(messageTemplates)
        .where(and(eq(messageTemplates.businessId, actor.businessId), eq(messageTemplates.channel, "email")))
    ).map((r) => r.name.toLowerCase()),
  );
  const base = `${source.name.slice(0, 100)} (copy`;
  let name = `${base})`;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base} ${n})`;
  const [row] = await db
    .insert(messageTemplates)
    .values({
      businessId: actor.businessId,
      channel: "email",
      name,
      subject: source.subject,
      preheader: source.preheader,
      blocks: source.blocks,
      createdBy: actor.userId,
    })
    .returning();
  return toTemplateOutput(row!);
}

/**
 * Deletes an email template (campaigns keep their own copy of the content). Errors: NOT_FOUND;
 * VALIDATION for a WhatsApp template (removed by syncing).
 */
export async function deleteTemplate(
  db: DbOrTx,
  businessId: string,
  templateId: string,
): Promise<{ id: string }> {
  await emailTemplateRow(db, businessId, templateId);
  const [row] = await db
    .delete(messageTemplates)
    .where(and(eq(messageTemplates.businessId, businessId), eq(messageTemplates.id, templateId)))
    .returning({ id: messageTemplates.id });
  if (!row) throw new AppError("NOT_FOUND", "No such template in this business.");
  return row;
}
