import { z } from "zod";
import { createTRPCRouter, requirePermission } from "@/server/api/trpc";
import { messagingSettingsOutput, updateMessagingSettingsInput } from "@/server/domain/messaging-settings";
import * as settings from "@/server/services/messaging-settings";

const tags = ["Messaging settings"];
/** REST: a key names its business; a session names it in `businessId`. */
const business = { businessId: z.uuid().optional() };
const actorOf = (ctx: {
  businessId: string;
  actor: { userId: string | null; apiKeyId: string | null };
  ip: string | null;
}) => ({ businessId: ctx.businessId, userId: ctx.actor.userId, apiKeyId: ctx.actor.apiKeyId, ip: ctx.ip });

/**
 * Provider settings of a business (Resend for email, the WhatsApp Cloud API), sending rates, opt-out
 * words. Secrets are write-only: answers carry masks (`••••abcd`). Needs `messaging.manage`.
 */
export const messagingSettingsRouter = createTRPCRouter({
  /** The settings, secrets masked. */
  get: requirePermission("messaging.manage")
    .meta({
      openapi: {
        method: "GET",
        path: "/messaging-settings",
        protect: true,
        tags,
        summary: "Get messaging settings",
        description: "Providers configured, masked secrets, sending rates and opt-out words. Never a secret.",
      },
    })
    .input(z.object(business))
    .output(messagingSettingsOutput)
    .query(({ ctx }) => settings.getMessagingSettings(ctx.db, ctx.businessId)),
  /** Changes some settings: a secret given as "" is cleared, an absent field is kept. */
  update: requirePermission("messaging.manage")
    .meta({
      openapi: {
        method: "PATCH",
        path: "/messaging-settings",
        protect: true,
        tags,
        summary: "Update messaging settings",
        description:
          'Only the given fields change. Secrets (`resendApiKey`, `whatsappAccessToken`, …) given as "" are cleared; they are encrypted at rest and never returned.',
      },
    })
    .input(updateMessagingSettingsInput.extend(business))
    .output(messagingSettingsOutput)
    .mutation(({ ctx, input }) => {
      const { businessId: _, ...patch } = input;
      return settings.updateMessagingSettings(ctx.db, actorOf(ctx), patch);
    }),
  /** Reads the messaging limit (250 … unlimited customers per 24 h) from Meta and stores it. */
  refreshMessagingLimit: requirePermission("messaging.manage")
    .meta({
      openapi: {
        method: "POST",
        path: "/messaging-settings/whatsapp-messaging-limit",
        protect: true,
        tags,
        summary: "Read the WhatsApp messaging limit from Meta",
      },
    })
    .input(z.object(business))
    .output(messagingSettingsOutput)
    .mutation(({ ctx }) => settings.refreshMessagingLimit(ctx.db, actorOf(ctx))),
});
