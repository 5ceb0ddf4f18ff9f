import { z } from "zod";
import { createTRPCRouter, requirePermission } from "@/server/api/trpc";
import {
  setWhatsappTemplateMappingInput,
  whatsappTemplateIdInput,
  whatsappTemplateOutput,
} from "@/server/domain/whatsapp-templates";
import * as templates from "@/server/services/whatsapp-templates";

const tags = ["WhatsApp templates"];
/** REST: a key names its business; a session names it in `businessId`. */
const business = { businessId: z.uuid().optional() };
const actorOf = (ctx: { businessId: string; actor: { userId: string | null } }) => ({
  businessId: ctx.businessId,
  userId: ctx.actor.userId,
});

/**
 * WhatsApp message templates synced from Meta, with each variable mapped to a customer field or fixed
 * text. Reading needs `campaigns.read`; mapping needs `campaigns.write`; syncing needs `messaging.manage`.
 */
export const whatsappTemplatesRouter = createTRPCRouter({
  /** The business's WhatsApp templates, by name. */
  list: requirePermission("campaigns.read")
    .meta({
      openapi: {
        method: "GET",
        path: "/whatsapp-templates",
        protect: true,
        tags,
        summary: "List WhatsApp templates",
      },
    })
    .input(z.object(business))
    .output(z.object({ data: z.array(whatsappTemplateOutput) }))
    .query(async ({ ctx }) => ({ data: await templates.listWhatsappTemplates(ctx.db, ctx.businessId) })),
  /** One template, with its slots, problems and preview. */
  get: requirePermission("campaigns.read")
    .meta({
      openapi: {
        method: "GET",
        path: "/whatsapp-templates/{templateId}",
        protect: true,
        tags,
        summary: "Get a WhatsApp template",
      },
    })
    .input(whatsappTemplateIdInput.extend(business))
    .output(whatsappTemplateOutput)
    .query(({ ctx, input }) => templates.getWhatsappTemplate(ctx.db, ctx.businessId, input.templateId)),
  /** Brings the templates up to date with Meta (statuses, new ones, deleted ones). */
  sync: requirePermission("messaging.manage")
    .meta({
      openapi: {
        method: "POST",
        path: "/whatsapp-templates/sync",
        protect: true,
        tags,
        summary: "Sync WhatsApp templates from Meta",
      },
    })
    .input(z.object(business))
    .output(
      z.object({ synced: z.number().int(), deleted: z.number().int(), source: z.enum(["meta", "samples"]) }),
    )
    .mutation(({ ctx }) => templates.syncWhatsappTemplates(ctx.db, actorOf(ctx))),
  /** Maps each variable of a template to a customer field (with a fallback) or fixed text. */
  setMapping: requirePermission("campaigns.write")
    .meta({
      openapi: {
        method: "PUT",
        path: "/whatsapp-templates/{templateId}/mapping",
        protect: true,
        tags,
        summary: "Map a WhatsApp template's variables",
        description:
          'Keys are slots (`header.1`, `body.2`, `button.0.1`); values `{ "field": "customer.firstName", "fallback": "there" }` or `{ "text": "…" }`.',
      },
    })
    .input(setWhatsappTemplateMappingInput.extend(business))
    .output(whatsappTemplateOutput)
    .mutation(({ ctx, input }) =>
      templates.setWhatsappTemplateMapping(ctx.db, actorOf(ctx), {
        templateId: input.templateId,
        mapping: input.mapping,
      }),
    ),
});
