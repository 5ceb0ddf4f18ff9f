import { z } from "zod";
import { createTRPCRouter, requirePermission } from "@/server/api/trpc";
import { customerIdInput } from "@/server/domain/customers";
import {
  checkSendWhatsappMessage,
  sendWhatsappMessageFields,
  whatsappInboxInput,
  whatsappInboxOutput,
  whatsappMessageOutput,
  whatsappWindowOutput,
} from "@/server/domain/whatsapp-messages";
import * as messages from "@/server/services/whatsapp-messages";

const tags = ["Messages"];
/** REST: a key names its business; a session names it in `businessId`. */
const business = { businessId: z.uuid().optional() };

/**
 * One-to-one messages to a customer from their page. Whoever may edit customers (`customers.write`)
 * may message them; reading the WhatsApp window needs `customers.read`.
 */
export const messagesRouter = createTRPCRouter({
  /**
   * The WhatsApp inbox: customers who wrote on WhatsApp, the latest first, with their last message,
   * the business's last reply, the 24-hour window, whether the caller has read it since, and its owner;
   * `show`: `unread`, `awaiting` (still waiting for a reply) or `mine` (the caller's customers). Keyset
   * pages (`cursor` from `nextCursor`).
   */
  whatsAppInbox: requirePermission("customers.read")
    .meta({
      openapi: {
        method: "GET",
        path: "/whatsapp-conversations",
        protect: true,
        tags,
        summary: "List WhatsApp conversations",
        description:
          "Customers who have written on WhatsApp, latest message first: `awaitingReply` when their last message came after the business's last one-to-one message; `unread` when they wrote since the caller (the API key's creator) last read the conversation; `ownerId`/`ownerName`, the member it is assigned to (the customer's owner); `windowOpen` while free-form replies are allowed (until `windowClosesAt`). `show=unread|awaiting|mine` narrows the list. Pages of `limit` (≤ 100, default 50); pass `nextCursor` as `cursor`.",
      },
    })
    .input(whatsappInboxInput.extend(business))
    .output(whatsappInboxOutput)
    .query(({ ctx, input }) => {
      const { businessId: _, ...page } = input;
      return messages.whatsappInbox(ctx.db, { businessId: ctx.businessId, ...ctx.actor }, page);
    }),
  /**
   * Marks the customer's WhatsApp conversation read by the caller (the customer's page does it when
   * opened). `{ readAt }`, null when the customer never wrote on WhatsApp.
   */
  markWhatsAppRead: requirePermission("customers.read")
    .meta({
      openapi: {
        method: "POST",
        path: "/customers/{customerId}/whatsapp-read",
        protect: true,
        tags,
        summary: "Mark a customer's WhatsApp conversation read",
        description:
          "Marks the conversation read by the caller (the API key's creator) up to now: it is no longer `unread` in `GET /whatsapp-conversations` until the customer writes again. `readAt` is null when the customer never wrote on WhatsApp.",
      },
    })
    .input(customerIdInput.extend(business))
    .output(z.object({ readAt: z.date().nullable() }))
    .mutation(({ ctx, input }) =>
      messages.markWhatsappConversationRead(
        ctx.db,
        { businessId: ctx.businessId, ...ctx.actor },
        input.customerId,
      ),
    ),
  /**
   * The customer's WhatsApp state: number, what blocks sending, the 24-hour customer service window
   * (open until `closesAt`, or closed since it) and the approved templates filled for this customer.
   */
  whatsAppWindow: requirePermission("customers.read")
    .meta({
      openapi: {
        method: "GET",
        path: "/customers/{customerId}/whatsapp-window",
        protect: true,
        tags,
        summary: "Get a customer's WhatsApp service window and templates",
        description:
          "Free-form text can be sent while `open` (until `closesAt`, 24 hours after the customer's last WhatsApp message); otherwise only an approved template.",
      },
    })
    .input(customerIdInput.extend(business))
    .output(whatsappWindowOutput)
    .query(({ ctx, input }) => messages.whatsappWindow(ctx.db, ctx.businessId, input.customerId)),
  /**
   * Sends a WhatsApp message to one customer: `{ text }` inside the 24-hour customer service window,
   * or `{ templateId, variables? }` (approved template) any time. Recorded, put on the timeline, and
   * updated by delivery webhooks.
   */
  sendWhatsApp: requirePermission("customers.write")
    .meta({
      openapi: {
        method: "POST",
        path: "/customers/{customerId}/whatsapp-messages",
        protect: true,
        tags,
        summary: "Send a WhatsApp message to a customer",
        description:
          'Body: `{ "text": "…" }` (at most 4096 characters; only within 24 hours of the customer\'s last WhatsApp message, else 400 saying when the window closed) or `{ "templateId": "…", "variables": { "body.1": "Asha" } }` (an approved template, any time). WhatsApp refusing the message also answers 400, with its reason (the message is recorded as failed); 429 and 503 mean WhatsApp is limiting or unavailable: try again later (also recorded).',
      },
    })
    .input(sendWhatsappMessageFields.extend(business).superRefine(checkSendWhatsappMessage))
    .output(whatsappMessageOutput)
    .mutation(({ ctx, input }) => {
      const { businessId: _, ...send } = input;
      return messages.sendWhatsappToCustomer(ctx.db, { businessId: ctx.businessId, ...ctx.actor }, send);
    }),
});
