import { z } from "zod";
import { createTRPCRouter, requirePermission } from "@/server/api/trpc";
import {
  createTemplateInput,
  listTemplatesInput,
  previewTemplateInput,
  renderedEmailOutput,
  templateContentSourceInput,
  templateIdInput,
  templateOutput,
  templateVariableOutput,
  updateTemplateInput,
} from "@/server/domain/templates";
import * as templates from "@/server/services/templates";

const tags = ["Templates"];
/** REST: a key names its business; a session names it in `businessId`. */
const business = { businessId: z.uuid().optional() };
const actorOf = (ctx: { businessId: string; actor: { userId: string | null } }) => ({
  businessId: ctx.businessId,
  userId: ctx.actor.userId,
});

/**
 * Message templates. Email templates (subject, preheader, blocks) are written here; WhatsApp templates
 * are synced from Meta and only listed and read. Reading needs `campaigns.read`; writing, previewing and
 * test sends need `campaigns.write`.
 */
export const templatesRouter = createTRPCRouter({
  /** The business's templates by name; `channel` narrows to `email` or `whatsapp`. */
  list: requirePermission("campaigns.read")
    .meta({ openapi: { method: "GET", path: "/templates", protect: true, tags, summary: "List templates" } })
    .input(listTemplatesInput.extend(business))
    .output(z.object({ data: z.array(templateOutput) }))
    .query(async ({ ctx, input }) => ({
      data: await templates.listTemplates(ctx.db, ctx.businessId, { channel: input.channel }),
    })),
  /** One template. */
  get: requirePermission("campaigns.read")
    .meta({
      openapi: {
        method: "GET",
        path: "/templates/{templateId}",
        protect: true,
        tags,
        summary: "Get a template",
      },
    })
    .input(templateIdInput.extend(business))
    .output(templateOutput)
    .query(({ ctx, input }) => templates.getTemplate(ctx.db, ctx.businessId, input.templateId)),
  /** The variables email templates may use, for the editor's "Insert variable" menu. */
  variables: requirePermission("campaigns.read")
    .input(z.object(business))
    .output(z.object({ data: z.array(templateVariableOutput) }))
    .query(async ({ ctx }) => ({ data: await templates.listTemplateVariables(ctx.db, ctx.businessId) })),
  /** Saves an email template; `body` (Markdown) may stand in for `blocks`. */
  create: requirePermission("campaigns.write")
    .meta({
      openapi: {
        method: "POST",
        path: "/templates",
        protect: true,
        tags,
        summary: "Create an email template",
        description:
          "Give `blocks`, or a Markdown `body` that becomes blocks. Variables such as " +
          '`{{customer.firstName | default: "there"}}` are checked: an unknown one is a 422 naming its field.',
      },
    })
    .input(createTemplateInput.extend(business))
    .output(templateOutput)
    .mutation(({ ctx, input }) => {
      const { businessId: _, ...fields } = input;
      return templates.createTemplate(ctx.db, actorOf(ctx), fields);
    }),
  /** Renames an email template or replaces its subject, preheader or blocks. */
  update: requirePermission("campaigns.write")
    .meta({
      openapi: {
        method: "PATCH",
        path: "/templates/{templateId}",
        protect: true,
        tags,
        summary: "Update an email template",
      },
    })
    .input(updateTemplateInput.extend(business))
    .output(templateOutput)
    .mutation(({ ctx, input }) => {
      const { businessId: _, ...fields } = input;
      return templates.updateTemplate(ctx.db, actorOf(ctx), fields);
    }),
  /** Copies an email template as "<name> (copy)". */
  duplicate: requirePermission("campaigns.write")
    .meta({
      openapi: {
        method: "POST",
        path: "/templates/{templateId}/duplicate",
        protect: true,
        tags,
        summary: "Duplicate an email template",
      },
    })
    .input(templateIdInput.extend(business))
    .output(templateOutput)
    .mutation(({ ctx, input }) => templates.duplicateTemplate(ctx.db, actorOf(ctx), input.templateId)),
  /** Deletes an email template. */
  delete: requirePermission("campaigns.write")
    .meta({
      openapi: {
        method: "DELETE",
        path: "/templates/{templateId}",
        protect: true,
        tags,
        summary: "Delete an email template",
      },
    })
    .input(templateIdInput.extend(business))
    .output(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => templates.deleteTemplate(ctx.db, ctx.businessId, input.templateId)),
  /** A saved template or unsaved content rendered as a customer (or a sample customer). */
  preview: requirePermission("campaigns.write")
    .meta({
      openapi: {
        method: "POST",
        path: "/templates/preview",
        protect: true,
        tags,
        summary: "Preview an email",
        description: "Give `templateId` or `content`; `customerId` renders as that customer.",
      },
    })
    .input(previewTemplateInput.extend(business))
    .output(renderedEmailOutput)
    .mutation(({ ctx, input }) => {
      const { businessId: _, ...fields } = input;
      return templates.previewTemplate(ctx.db, actorOf(ctx), fields);
    }),
  /** Sends a saved template or unsaved content to the signed-in member's own address. */
  test: requirePermission("campaigns.write")
    .meta({
      openapi: {
        method: "POST",
        path: "/templates/test",
        protect: true,
        tags,
        summary: "Send a test email to yourself",
        description: "Needs a signed-in member (an API key has no address to send to). 20 per hour.",
      },
    })
    .input(templateContentSourceInput.extend(business))
    .output(z.object({ id: z.uuid(), to: z.string() }))
    .mutation(({ ctx, input }) => {
      const { businessId: _, ...fields } = input;
      return templates.sendTestEmail(ctx.db, actorOf(ctx), fields);
    }),
});
