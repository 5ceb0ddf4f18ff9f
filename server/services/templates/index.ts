import { and, asc, eq, isNull, ne, type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { isUniqueViolation } from "@/db/errors";
import { businesses, customers, customFields, messageTemplates, messagingSettings, users } from "@/db/schema";
import { type EmailContent, emailContentSchema } from "@/server/domain/email-blocks";
import { markdownToBlocks } from "@/server/domain/markdown-blocks";
import {
  checkTemplateVariables,
  type TemplateCustomer,
  type TemplateVariable,
  templateVariables,
} from "@/server/domain/template-variables";
import type {
  CreateTemplateInput,
  PreviewTemplateInput,
  TemplateContentSource,
  TemplateOutput,
  UpdateTemplateInput,
} from "@/server/domain/templates";
import { compileCampaignEmail, type RenderedEmail } from "@/server/email/campaign-render";
import { queueEmail } from "@/server/email/queue";
import { env } from "@/server/env";
import { AppError, type FieldErrors } from "@/server/errors";
import { createLimiter, isLimited, retryAfterSeconds } from "@/server/rate-limit";

/** Who acts on templates: the business, and the user (null for an API key). */
export interface TemplateActor {
  businessId: string;
  userId: string | null;
}

type TemplateRow = typeof messageTemplates.$inferSelect;
type Channel = TemplateRow["channel"];

const NAME_KEY = "message_templates_business_id_channel_name_language_key";
const nameTakenError = () =>
  new AppError("VALIDATION", "A template with this name exists. Choose another name.", {
    name: "A template with this name exists.",
  });

function toTemplateOutput(row: TemplateRow): TemplateOutput {
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
async function customFieldList(db: DbOrTx, businessId: string) {
  return db
    .select({ key: customFields.key, label: customFields.label })
    .from(customFields)
    .where(eq(customFields.businessId, businessId))
    .orderBy(asc(customFields.position), asc(customFields.createdAt));
}

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

async function templateRow(db: DbOrTx, businessId: string, templateId: string): Promise<TemplateRow> {
  const [row] = await db
    .select()
    .from(messageTemplates)
    .where(and(eq(messageTemplates.businessId, businessId), eq(messageTemplates.id, templateId)))
    .limit(1);
  if (!row) throw new AppError("NOT_FOUND", "No such template in this business.");
  return row;
}

async function emailTemplateRow(db: DbOrTx, businessId: string, templateId: string): Promise<TemplateRow> {
  const row = await templateRow(db, businessId, templateId);
  if (row.channel !== "email") {
    throw new AppError("VALIDATION", "WhatsApp templates are managed in WhatsApp Manager and synced here.", {
      templateId: "Not an email template.",
    });
  }
  return row;
}

/** One template (email or WhatsApp). Errors: NOT_FOUND (also for another business's template). */
export async function getTemplate(
  db: DbOrTx,
  businessId: string,
  templateId: string,
): Promise<TemplateOutput> {
  return toTemplateOutput(await templateRow(db, businessId, templateId));
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

/** The blocks of a create/update input: `blocks`, or the Markdown `body` converted. */
function blocksOf(input: {
  blocks?: unknown[];
  body?: string;
}): { blocks: unknown[]; fromBody: boolean } | null {
  if (input.body !== undefined && input.blocks === undefined)
    return { blocks: markdownToBlocks(input.body), fromBody: true };
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

/** The content a preview or test renders: unsaved editor content (checked), or a saved email template. */
async function contentOf(
  db: DbOrTx,
  businessId: string,
  source: TemplateContentSource,
): Promise<EmailContent> {
  if (source.content) return checkEmailContent(db, businessId, source.content);
  if (!source.templateId) {
    throw new AppError("VALIDATION", "Give a template or its content.", {
      templateId: "Give a template or its content.",
    });
  }
  const row = await emailTemplateRow(db, businessId, source.templateId);
  return checkEmailContent(db, businessId, {
    subject: row.subject ?? "",
    preheader: row.preheader ?? "",
    blocks: row.blocks,
  });
}

/** A made-up customer for previews without one: the variables' sample values, custom fields by label. */
function sampleCustomer(fields: { key: string; label: string }[]): TemplateCustomer {
  return {
    name: "Asha Rao",
    email: "asha@example.com",
    phone: "+919876543210",
    whatsapp: "+919876543210",
    company: "Rao Traders",
    city: "Pune",
    country: "IN",
    customFields: Object.fromEntries(fields.map((f) => [f.key, `(${f.label})`])),
  };
}

/** The link a preview or test shows for unsubscribing (it unsubscribes nobody). */
const previewUnsubscribeUrl = () => new URL("/unsubscribe/preview", env.APP_URL).toString();

async function renderAs(
  db: DbOrTx,
  businessId: string,
  content: EmailContent,
  customerId: string | undefined,
): Promise<RenderedEmail> {
  const [business] = await db
    .select({
      name: businesses.name,
      phone: businesses.phone,
      postalAddress: messagingSettings.postalAddress,
    })
    .from(businesses)
    .leftJoin(messagingSettings, eq(messagingSettings.businessId, businesses.id))
    .where(eq(businesses.id, businessId))
    .limit(1);
  if (!business) throw new AppError("NOT_FOUND", "No such business.");
  const fields = await customFieldList(db, businessId);
  let customer: TemplateCustomer = sampleCustomer(fields);
  if (customerId) {
    const [row] = await db
      .select({
        name: customers.name,
        email: customers.email,
        phone: customers.phone,
        whatsapp: customers.whatsapp,
        company: customers.company,
        city: customers.city,
        country: customers.country,
        customFields: customers.customFields,
      })
      .from(customers)
      .where(
        and(eq(customers.businessId, businessId), eq(customers.id, customerId), isNull(customers.deletedAt)),
      )
      .limit(1);
    if (!row) throw new AppError("NOT_FOUND", "No such customer in this business.");
    customer = row;
  }
  const compiled = await compileCampaignEmail(content, {
    business: { name: business.name, phone: business.phone },
    postalAddress: business.postalAddress,
    customFieldKeys: fields.map((f) => f.key),
  });
  return compiled.render(customer, { unsubscribeUrl: previewUnsubscribeUrl() });
}

/**
 * A template (saved, or unsaved `content`) rendered as a customer of the business, or as a sample customer
 * without `customerId`. Output: `{ subject, html, text }` exactly as a campaign would send it, with a
 * preview unsubscribe link. Errors: NOT_FOUND (template, customer); VALIDATION (content).
 */
export async function previewTemplate(
  db: DbOrTx,
  actor: TemplateActor,
  input: PreviewTemplateInput,
): Promise<RenderedEmail> {
  const content = await contentOf(db, actor.businessId, input);
  return renderAs(db, actor.businessId, content, input.customerId);
}

/** Test sends per user: 20 an hour (enough to iterate on a design, too few to mail anyone in bulk). */
const testSends = createLimiter({ keyPrefix: "template_test_email", points: 20, duration: 60 * 60 });

/**
 * Sends a template (saved, or unsaved `content`) as the sample customer to the signed-in user's own
 * address, through the email queue (template "campaign-test"; the dev outbox without Resend). The subject
 * is prefixed "[Test] ". Output: the queued message's id and the address.
 * Errors: VALIDATION for an API key (no user to send to) or bad content; NOT_FOUND; RATE_LIMITED past
 * 20 test sends per user per hour.
 */
export async function sendTestEmail(
  db: DbOrTx,
  actor: TemplateActor,
  input: TemplateContentSource,
): Promise<{ id: string; to: string }> {
  if (!actor.userId) {
    throw new AppError(
      "VALIDATION",
      "Test emails go to a signed-in member's own address; sign in to send one.",
    );
  }
  const content = await contentOf(db, actor.businessId, input);
  const [user] = await db
    .select({ email: users.email })
    .from(users)
    .where(eq(users.id, actor.userId))
    .limit(1);
  if (!user?.email) throw new AppError("VALIDATION", "Your account has no email address.");
  try {
    await testSends.consume(actor.userId);
  } catch (e) {
    if (!isLimited(e)) throw e;
    const minutes = Math.ceil(retryAfterSeconds(e) / 60);
    throw new AppError(
      "RATE_LIMITED",
      `You sent many test emails in the last hour. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
    );
  }
  const email = await renderAs(db, actor.businessId, content, undefined);
  const queued = await queueEmail(db, {
    template: "campaign-test",
    to: user.email,
    businessId: actor.businessId,
    props: { subject: `[Test] ${email.subject}`, html: email.html, text: email.text },
  });
  return { id: queued.id, to: user.email };
}
