import { z } from "zod";
import { messageChannels } from "@/db/schema/enum-values";
import { EMAIL_LIMITS, emailBlockSchema, emailContentSchema } from "./email-blocks";

/*
 * Message templates: the inputs and outputs the tRPC procedures, the REST API (/api/v1/templates) and the
 * template editor share. Email templates are written here; WhatsApp templates are synced from Meta into
 * the same table and only listed and read through these procedures. The service is
 * server/services/templates.
 */

export const TEMPLATE_NAME_MAX = 120;
/** Longest Markdown `body`, in characters. */
export const TEMPLATE_BODY_MAX = 100_000;

const name = z.string().trim().min(1, "Name the template.").max(TEMPLATE_NAME_MAX);
const blocks = z.array(emailBlockSchema).max(EMAIL_LIMITS.blocks, `At most ${EMAIL_LIMITS.blocks} blocks.`);
/** Markdown, converted into blocks (server/domain/markdown-blocks.ts); an alternative to `blocks`. */
const body = z.string().max(TEMPLATE_BODY_MAX).describe("Markdown; becomes blocks. Give this or `blocks`.");

export const templateIdInput = z.object({ templateId: z.uuid() });

export const listTemplatesInput = z.object({ channel: z.enum(messageChannels).optional() });

/** A new email template: name, subject, preheader and `blocks` or a Markdown `body`. */
export const createTemplateInput = z.object({
  name,
  subject: emailContentSchema.shape.subject,
  preheader: emailContentSchema.shape.preheader,
  blocks: blocks.optional(),
  body: body.optional(),
});
export type CreateTemplateInput = z.output<typeof createTemplateInput>;

/** Changes to an email template; `blocks` or `body` replace all blocks. */
export const updateTemplateInput = z.object({
  templateId: z.uuid(),
  name: name.optional(),
  subject: emailContentSchema.shape.subject.optional(),
  preheader: z.string().trim().max(EMAIL_LIMITS.preheader).optional(),
  blocks: blocks.optional(),
  body: body.optional(),
});
export type UpdateTemplateInput = z.output<typeof updateTemplateInput>;

/** Content to preview or test: a saved template, or unsaved content from the editor. */
export const templateContentSourceInput = z.object({
  templateId: z.uuid().optional(),
  content: emailContentSchema.optional(),
});

export const previewTemplateInput = templateContentSourceInput.extend({
  /** Render as this customer; a sample customer when absent. */
  customerId: z.uuid().optional(),
});
export type PreviewTemplateInput = z.output<typeof previewTemplateInput>;
export type TemplateContentSource = z.output<typeof templateContentSourceInput>;

export const renderedEmailOutput = z.object({ subject: z.string(), html: z.string(), text: z.string() });

export const templateOutput = z.object({
  id: z.uuid(),
  channel: z.enum(messageChannels),
  name: z.string(),
  /** WhatsApp: the template's language code; '' for email. */
  language: z.string(),
  subject: z.string().nullable(),
  preheader: z.string().nullable(),
  blocks: z.array(emailBlockSchema),
  /** WhatsApp: Meta's review status and category; null for email. */
  status: z.string().nullable(),
  category: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type TemplateOutput = z.infer<typeof templateOutput>;

/** A variable the editor's "Insert variable" menu offers. */
export const templateVariableOutput = z.object({ path: z.string(), label: z.string() });
