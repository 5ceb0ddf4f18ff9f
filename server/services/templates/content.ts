import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { customFields, messageTemplates } from "@/db/schema";
import { type EmailContent, emailContentSchema } from "@/server/domain/email-blocks";
import { checkTemplateVariables } from "@/server/domain/template-variables";
import type { TemplateOutput } from "@/server/domain/templates";
import { AppError, type FieldErrors } from "@/server/errors";

/*
 * What the template service's operations share: reading a template row of a business, its output shape,
 * the business's custom fields and the content check run at save, preview and test.
 */

/** Who acts on templates: the business, and the user (null for an API key). */
export interface TemplateActor {
  businessId: string;
  userId: string | null;
}

/** A `message_templates` row. */
export type TemplateRow = typeof messageTemplates.$inferSelect;
export type Channel = TemplateRow["channel"];

/** A row as the API shows it (WhatsApp rows with no blocks). */
export function toTemplateOutput(row: TemplateRow): TemplateOutput {
  return {
    id: row.id,
    channel: row.channel,
    name: row.name,
    language: row.language,
    subject: row.subject,
    preheader: row.preheader,
    blocks: row.channel === "email" ? (row.blocks as TemplateOutput["blocks"]) : [],
    status: row.status,
    category: row.category,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** The business's custom fields (key, label) in display order. */
export async function customFieldList(db: DbOrTx, businessId: string) {
  return db
    .select({ key: customFields.key, label: customFields.label })
    .from(customFields)
    .where(eq(customFields.businessId, businessId))
    .orderBy(asc(customFields.position), asc(customFields.createdAt));
}

/** A template of the business. Errors: NOT_FOUND (also for another business's). */
export async function templateRow(db: DbOrTx, businessId: string, templateId: string): Promise<TemplateRow> {
  const [row] = await db
    .select()
    .from(messageTemplates)
    .where(and(eq(messageTemplates.businessId, businessId), eq(messageTemplates.id, templateId)))
    .limit(1);
  if (!row) throw new AppError("NOT_FOUND", "No such template in this business.");
  return row;
}

/** An email template of the business. Errors: NOT_FOUND; VALIDATION on `templateId` for WhatsApp. */
export async function emailTemplateRow(
  db: DbOrTx,
  businessId: string,
  templateId: string,
): Promise<TemplateRow> {
  const row = await templateRow(db, businessId, templateId);
  if (row.channel !== "email") {
    throw new AppError("VALIDATION", "WhatsApp templates are managed in WhatsApp Manager and synced here.", {
      templateId: "Not an email template.",
    });
  }
  return row;
}

/** "blocks.2.url" → "blocks[2].url" (zod's issue path in the editor's field naming). */
function issuePath(path: PropertyKey[]): string {
  return path.reduce<string>(
    (out, part) =>
      typeof part === "number" ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part),
    "",
  );
}

/**
 * Checks an email's content: the schema (`emailContentSchema`) and every variable against the business's
 * custom fields. Output: the parsed content. Errors: VALIDATION with field errors keyed `subject`,
 * `preheader`, `blocks`, `blocks[i].<field>`; with `fromBody`, block errors are reported on `body`.
 */
export async function checkEmailContent(
  db: DbOrTx,
  businessId: string,
  raw: unknown,
  opts: { fromBody?: boolean } = {},
): Promise<EmailContent> {
  const parsed = emailContentSchema.safeParse(raw);
  let errors: FieldErrors = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issuePath(issue.path) || "blocks";
      errors[key] ??= issue.message;
    }
  } else {
    const keys = (await customFieldList(db, businessId)).map((f) => f.key);
    errors = checkTemplateVariables(parsed.data, keys);
  }
  if (Object.keys(errors).length === 0 && parsed.success) return parsed.data;
  if (opts.fromBody) {
    const fromBody: FieldErrors = {};
    for (const [key, message] of Object.entries(errors)) {
      const m = /^blocks(?:\[(\d+)\])?/.exec(key);
      if (!m) fromBody[key] = message;
      else fromBody.body ??= m[1] === undefined ? message : `Block ${Number(m[1]) + 1}: ${message}`;
    }
    errors = fromBody;
  }
  throw new AppError("VALIDATION", "Check the highlighted fields.", errors);
}
