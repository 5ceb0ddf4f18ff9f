import { z } from "zod";
import { recipientStatuses, whatsappMessageKinds } from "@/db/schema/enum-values";

/*
 * One-to-one WhatsApp messages from a customer's page: the 24-hour customer service window, the inputs
 * and outputs the tRPC procedures, the REST API and the composer share. The service is
 * server/services/whatsapp-messages.
 *
 * Meta's rule (WhatsApp Cloud API, "Send messages" › "Customer service windows",
 * developers.facebook.com/docs/whatsapp/cloud-api/guides/send-messages#customer-service-windows): when a
 * customer messages the business, a 24-hour window opens (and restarts with each of their messages) in
 * which any message, free-form text included, may be sent; outside it only an approved template can be
 * sent (else Meta refuses with error 131047).
 */

export { whatsappMessageKinds };

/** The customer service window's length: 24 hours from the customer's last inbound message. */
export const serviceWindowMs = 24 * 60 * 60 * 1000;

/** The longest text message body Meta takes (Cloud API, "Text messages": `text.body`, 4096 characters). */
export const whatsappTextMaxLength = 4096;

/** The longest value a template variable may be given by hand. */
export const whatsappVariableMaxLength = 1000;

/** The customer service window at `now`: open until `closesAt`, or closed (since `closedAt`, if ever open). */
export type ServiceWindow =
  | { open: true; closesAt: Date; lastInboundAt: Date }
  | { open: false; closedAt: Date | null; lastInboundAt: Date | null };

/**
 * The customer service window of a customer whose last inbound WhatsApp message was at `lastInboundAt`
 * (null: never wrote). Open while `now` < `lastInboundAt` + 24 h (Meta's rule, see the module's comment).
 */
export function serviceWindow(lastInboundAt: Date | null, now: Date = new Date()): ServiceWindow {
  if (!lastInboundAt) return { open: false, closedAt: null, lastInboundAt: null };
  const closesAt = new Date(lastInboundAt.getTime() + serviceWindowMs);
  return closesAt.getTime() > now.getTime()
    ? { open: true, closesAt, lastInboundAt }
    : { open: false, closedAt: closesAt, lastInboundAt };
}

/** "13 h 20 min", "45 min", "under a minute": the time left in a window, rounded down to minutes. */
export function windowRemainingText(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes < 1) return "under a minute";
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

const slotKey = z.string().regex(/^(header|body|button\.\d+)\.[\w]+$/, "Not a template variable.");

/** The fields of a send (see `sendWhatsappMessageInput`); extend this, then refine with `checkSendWhatsappMessage`. */
export const sendWhatsappMessageFields = z.object({
  customerId: z.uuid(),
  /** Free-form text; only inside the customer service window. */
  text: z
    .string()
    .max(whatsappTextMaxLength, `WhatsApp takes at most ${whatsappTextMaxLength} characters.`)
    .optional(),
  /** An approved WhatsApp template; any time. */
  templateId: z.uuid().optional(),
  /** Template variable values by slot key (`body.1`), overriding the template's mapping. */
  variables: z
    .record(slotKey, z.string().max(whatsappVariableMaxLength, "Keep each variable under 1,000 characters."))
    .optional(),
});

/** Exactly one of `text` (not blank) and `templateId`; `variables` only with a template. */
export function checkSendWhatsappMessage(
  v: { text?: string; templateId?: string; variables?: Record<string, string> },
  ctx: z.RefinementCtx,
): void {
  const hasText = v.text !== undefined;
  if (hasText && v.templateId !== undefined) {
    ctx.addIssue({ code: "custom", path: ["text"], message: "Send either a text or a template, not both." });
  } else if (!hasText && v.templateId === undefined) {
    ctx.addIssue({ code: "custom", path: ["text"], message: "Write a message or choose a template." });
  } else if (hasText && !v.text!.trim()) {
    ctx.addIssue({ code: "custom", path: ["text"], message: "Write a message." });
  }
  if (hasText && v.variables !== undefined)
    ctx.addIssue({ code: "custom", path: ["variables"], message: "Variables go with a template." });
}

/**
 * What to send: free-form `text` (only inside the customer service window), or an approved template
 * (`templateId`) with its variables filled from the template's mapping for this customer, `variables`
 * overriding slots by key (`body.1` → "Asha"). Exactly one of `text` and `templateId`.
 */
export const sendWhatsappMessageInput = sendWhatsappMessageFields.superRefine(checkSendWhatsappMessage);
export type SendWhatsappMessageInput = z.output<typeof sendWhatsappMessageInput>;

/** A one-to-one WhatsApp message as the API shows it. */
export const whatsappMessageOutput = z.object({
  id: z.uuid(),
  customerId: z.uuid(),
  /** E.164 number it went to. */
  to: z.string(),
  kind: z.enum(whatsappMessageKinds),
  /** What the customer reads (a template rendered with its values). */
  text: z.string(),
  templateId: z.uuid().nullable(),
  templateName: z.string().nullable(),
  language: z.string().nullable(),
  /** sending → sent → delivered → read, or failed; never backwards. */
  status: z.enum(recipientStatuses),
  /** Meta's message id (`wamid.…`). */
  providerMessageId: z.string().nullable(),
  /** Meta's error code and a sentence for the business, when it failed. */
  errorCode: z.string().nullable(),
  error: z.string().nullable(),
  createdAt: z.date(),
  sentAt: z.date().nullable(),
  deliveredAt: z.date().nullable(),
  readAt: z.date().nullable(),
  failedAt: z.date().nullable(),
});
export type WhatsappMessageView = z.output<typeof whatsappMessageOutput>;

/** Why nothing can be sent to this customer on WhatsApp (null: something can). */
export const whatsappBlockers = ["no_number", "consent_denied", "trashed"] as const;

/** An approved template as the composer offers it, its variables filled for one customer. */
export const composerTemplateOutput = z.object({
  id: z.uuid(),
  name: z.string(),
  language: z.string(),
  category: z.string().nullable(),
  slots: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      /** The value from the template's mapping for this customer; null when there is none. */
      value: z.string().nullable(),
    }),
  ),
  /** The header, body and footer text with each variable's value (or `{{key}}` when it has none). */
  preview: z.string(),
  /** The template's text with the `{{key}}` placeholders, for a preview with edited values. */
  components: z.array(z.unknown()),
});
export type ComposerTemplate = z.output<typeof composerTemplateOutput>;

/** The state of the WhatsApp composer for one customer. */
export const whatsappWindowOutput = z.object({
  /** The number messages go to (WhatsApp number, else phone); null when the customer has none. */
  to: z.string().nullable(),
  /** Why nothing can be sent, or null. */
  blocked: z.enum(whatsappBlockers).nullable(),
  /** Whether free-form text may be sent now (the customer service window is open). */
  open: z.boolean(),
  /** When the customer last wrote on WhatsApp (UTC), or null. */
  lastInboundAt: z.date().nullable(),
  /** Open: when the window closes. Closed: when it closed (null when the customer never wrote). */
  closesAt: z.date().nullable(),
  /** Whether a WhatsApp provider is connected (else messages go to the dev outbox). */
  providerConnected: z.boolean(),
  /** Approved templates, sendable any time. */
  templates: z.array(composerTemplateOutput),
});
export type WhatsappWindowView = z.output<typeof whatsappWindowOutput>;

/**
 * A page of the WhatsApp inbox. `show`: `all`; `unread` (the customer wrote since the viewing member last
 * read the conversation); `awaiting` (the last message is the customer's); `mine` (customers the viewing
 * member owns: a conversation is assigned through the customer's owner).
 */
export const whatsappInboxInput = z.object({
  show: z.enum(["all", "unread", "awaiting", "mine"]).default("all"),
  /** `nextCursor` of the page before. */
  cursor: z
    .string()
    .max(100)
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z_[0-9a-f-]{36}$/, "Not a cursor of this list.")
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type WhatsappInboxInput = z.input<typeof whatsappInboxInput>;

/** One customer who wrote on WhatsApp, as the inbox lists them. */
export const whatsappConversationOutput = z.object({
  customerId: z.uuid(),
  name: z.string(),
  /** The number they write from (E.164). */
  number: z.string().nullable(),
  /** Their last message: when (UTC) and what it said (null when it carried no text). */
  lastInboundAt: z.date(),
  lastInboundText: z.string().nullable(),
  /** The business's last one-to-one message to them (UTC), null when never. */
  lastReplyAt: z.date().nullable(),
  /** Their last message came after the business's last one (or the business never wrote). */
  awaitingReply: z.boolean(),
  /** They wrote since the viewing member last read the conversation (or the member never did). */
  unread: z.boolean(),
  /** Who the conversation is assigned to: the customer's owner (a member), null when nobody. */
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  /** Free-form replies are allowed until this instant (24 hours after their last message). */
  windowClosesAt: z.date(),
  windowOpen: z.boolean(),
});
export type WhatsappConversationView = z.output<typeof whatsappConversationOutput>;

export const whatsappInboxOutput = z.object({
  data: z.array(whatsappConversationOutput),
  /** Pass as `cursor` for the next page; null on the last one. */
  nextCursor: z.string().nullable(),
});
export type WhatsappInboxView = z.output<typeof whatsappInboxOutput>;

/** The cursor after a conversation: its last inbound time (ISO, UTC) and customer id. */
export function inboxCursor(c: { lastInboundAt: Date; customerId: string }): string {
  return `${c.lastInboundAt.toISOString()}_${c.customerId}`;
}

/** The position a cursor names (validated by `whatsappInboxInput`). */
export function parseInboxCursor(cursor: string): { at: Date; customerId: string } {
  const i = cursor.indexOf("_");
  return { at: new Date(cursor.slice(0, i)), customerId: cursor.slice(i + 1) };
}
