/*
 * Why one file (~400 lines because): the window, the reachability checks, the template filling and the
 * send-and-record of one message are one path a user's send goes through; status updates from webhooks
 * live in status.ts.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { businesses, customers, messageTemplates, whatsappMessages } from "@/db/schema";
import { formatDateTime } from "@/server/domain/format";
import {
  type ComposerTemplate,
  type SendWhatsappMessageInput,
  serviceWindow,
  type WhatsappMessageView,
  type WhatsappWindowView,
} from "@/server/domain/whatsapp-messages";
import {
  buildTemplateComponents,
  fillTemplateSlots,
  renderTemplateText,
  type TemplateCustomer,
  templateProblems,
  type WhatsappMapping,
  whatsappMappingSchema,
  whatsappSlots,
} from "@/server/domain/whatsapp-templates";
import { devMailboxEnabled } from "@/server/email/config";
import { AppError } from "@/server/errors";
import { templateCustomerColumns } from "@/server/services/messaging/template-customer";
import { loadMessagingConfig } from "@/server/services/messaging-settings";
import { sendWhatsappMessage, WhatsappError, type WhatsappOutgoing } from "@/server/whatsapp/client";
import { recordTimeline } from "./timeline";

export { markWhatsappConversationRead, whatsappInbox } from "./inbox";
export { applyWhatsappMessageEvent } from "./status";

/*
 * One-to-one WhatsApp messages from a customer's page, as Interakt or WATI users know them: free-form
 * text inside the 24-hour customer service window that the customer's last inbound message opened
 * (`customers.whatsapp_last_inbound_at`, set by the webhook), an approved template any time. Rule and
 * payloads: Meta, WhatsApp Cloud API "Send messages" › "Customer service windows", "Text messages"
 * (`type: "text"`, `text: { body, preview_url }`, body ≤ 4096 characters) and "Send message templates".
 * Each message is a `whatsapp_messages` row written before the provider call and a `message_sent`
 * timeline entry; status webhooks move both forward (./status.ts).
 */

/** Who sends: the business and the member (null for an API key). */
export interface WhatsappMessageActor {
  businessId: string;
  userId: string | null;
}

type MessageRow = typeof whatsappMessages.$inferSelect;

function toView(row: MessageRow): WhatsappMessageView {
  return {
    id: row.id,
    customerId: row.customerId,
    to: row.to,
    kind: row.kind,
    text: row.text,
    templateId: row.templateId,
    templateName: row.templateName,
    language: row.language,
    status: row.status,
    providerMessageId: row.providerMessageId,
    errorCode: row.errorCode,
    error: row.error,
    createdAt: row.createdAt,
    sentAt: row.sentAt,
    deliveredAt: row.deliveredAt,
    readAt: row.readAt,
    failedAt: row.failedAt,
  };
}

/** The customer (this business's) with what messaging needs. Errors: NOT_FOUND. */
async function customerOf(db: DbOrTx, businessId: string, customerId: string) {
  const [row] = await db
    .select({
      id: customers.id,
      ...templateCustomerColumns,
      whatsappConsent: customers.whatsappConsent,
      whatsappConsentAt: customers.whatsappConsentAt,
      whatsappLastInboundAt: customers.whatsappLastInboundAt,
      deletedAt: customers.deletedAt,
    })
    .from(customers)
    .where(and(eq(customers.businessId, businessId), eq(customers.id, customerId)))
    .limit(1);
  if (!row) throw new AppError("NOT_FOUND", "No such customer in this business.");
  return row;
}
type CustomerForMessage = Awaited<ReturnType<typeof customerOf>>;

async function businessOf(db: DbOrTx, businessId: string) {
  const [row] = await db
    .select({ name: businesses.name, timeZone: businesses.timeZone })
    .from(businesses)
    .where(eq(businesses.id, businessId))
    .limit(1);
  if (!row) throw new AppError("NOT_FOUND");
  return row;
}

/** The number WhatsApp messages go to: the WhatsApp number, else the phone (as campaigns and webhooks). */
const numberOf = (c: { whatsapp: string | null; phone: string | null }) => c.whatsapp || c.phone || null;

function blockerOf(c: CustomerForMessage): WhatsappWindowView["blocked"] {
  if (c.deletedAt) return "trashed";
  if (!numberOf(c)) return "no_number";
  if (c.whatsappConsent === false) return "consent_denied";
  return null;
}

/** Throws the field error that keeps anything from being sent to `c`, if any. */
function assertReachable(c: CustomerForMessage, timeZone: string): string {
  const blocked = blockerOf(c);
  if (blocked === "trashed")
    throw new AppError("VALIDATION", "Restore the customer from the Trash before messaging them.", {
      customerId: "This customer is in the Trash.",
    });
  if (blocked === "no_number")
    throw new AppError("VALIDATION", "The customer has no WhatsApp number or phone.", {
      customerId: "Add a WhatsApp number to the customer first.",
    });
  if (blocked === "consent_denied") {
    const since = c.whatsappConsentAt ? ` on ${formatDateTime(c.whatsappConsentAt, timeZone)}` : "";
    const message = `The customer opted out of WhatsApp messages${since}; nothing can be sent to them on WhatsApp.`;
    throw new AppError("VALIDATION", message, { customerId: message });
  }
  return numberOf(c)!;
}

type TemplateRow = typeof messageTemplates.$inferSelect;

/** Problems that keep the template itself from being sent (not approved, media header), not its values. */
function templateBlockers(row: TemplateRow): string[] {
  return templateProblems(row)
    .filter((p) => p.field === "templateId")
    .map((p) => p.message);
}

function mappingOf(row: TemplateRow): WhatsappMapping {
  const parsed = whatsappMappingSchema.safeParse(row.variableMapping);
  return parsed.success ? parsed.data : {};
}

/** A template with its slots filled from its mapping for `customer` (null where there is no value). */
function composerTemplate(
  row: TemplateRow,
  customer: TemplateCustomer,
  business: { name: string },
): ComposerTemplate {
  const components = row.components ?? [];
  const slots = fillTemplateSlots(components, mappingOf(row), customer, business).map(({ slot, value }) => ({
    key: slot.key,
    label: slot.label,
    value,
  }));
  const values = new Map(slots.map((s) => [s.key, s.value]));
  return {
    id: row.id,
    name: row.name,
    language: row.language,
    category: row.category,
    slots,
    preview: renderTemplateText(components, (key) => values.get(key) ?? `{{${key}}}`),
    components,
  };
}

/**
 * What the WhatsApp composer needs for one customer: the number, whether anything can be sent
 * (`blocked`: no number, consent denied, in the Trash), the customer service window (open until
 * `closesAt`, or closed since `closesAt`; Meta's 24-hour rule, server/domain/whatsapp-messages.ts) and the
 * business's approved templates (no media header) with their variables filled for this customer.
 * Errors: NOT_FOUND for a customer of another business.
 */
export async function whatsappWindow(
  db: DbOrTx,
  businessId: string,
  customerId: string,
  now: Date = new Date(),
): Promise<WhatsappWindowView> {
  const customer = await customerOf(db, businessId, customerId);
  const business = await businessOf(db, businessId);
  const config = await loadMessagingConfig(db, businessId);
  const rows = await db
    .select()
    .from(messageTemplates)
    .where(
      and(
        eq(messageTemplates.businessId, businessId),
        eq(messageTemplates.channel, "whatsapp"),
        sql`upper(${messageTemplates.status}) = 'APPROVED'`,
      ),
    )
    .orderBy(asc(sql`lower(${messageTemplates.name})`), asc(messageTemplates.language));
  const window = serviceWindow(customer.whatsappLastInboundAt, now);
  return {
    to: numberOf(customer),
    blocked: blockerOf(customer),
    open: window.open,
    lastInboundAt: window.lastInboundAt,
    closesAt: window.open ? window.closesAt : window.closedAt,
    providerConnected: config.whatsapp !== null,
    templates: rows
      .filter((r) => templateBlockers(r).length === 0)
      .map((r) => composerTemplate(r, customer, business)),
  };
}

/** A message ready to go: the Cloud API message and the columns to record. */
interface PreparedMessage {
  outgoing: WhatsappOutgoing;
  record: Pick<MessageRow, "kind" | "text" | "templateId" | "templateName" | "language" | "variables">;
}

/** The outgoing message and what to record, for a template: its slots filled, `variables` overriding. */
async function templateMessage(
  db: DbOrTx,
  businessId: string,
  input: { templateId: string; variables?: Record<string, string> },
  customer: CustomerForMessage,
  business: { name: string },
  to: string,
): Promise<PreparedMessage> {
  const [row] = await db
    .select()
    .from(messageTemplates)
    .where(
      and(
        eq(messageTemplates.businessId, businessId),
        eq(messageTemplates.channel, "whatsapp"),
        eq(messageTemplates.id, input.templateId),
      ),
    )
    .limit(1);
  if (!row) throw new AppError("NOT_FOUND", "No such WhatsApp template in this business.");
  const blockers = templateBlockers(row);
  if (blockers.length > 0)
    throw new AppError("VALIDATION", `The WhatsApp template "${row.name}" cannot be sent: ${blockers[0]}`, {
      templateId: blockers[0]!,
    });
  const components = row.components ?? [];
  const slots = whatsappSlots(components);
  const keys = new Set(slots.map((s) => s.key));
  const errors: Record<string, string> = {};
  for (const key of Object.keys(input.variables ?? {}))
    if (!keys.has(key)) errors[`variables.${key}`] = "This template has no such variable.";
  const mapping: WhatsappMapping = { ...mappingOf(row) };
  for (const [key, value] of Object.entries(input.variables ?? {}))
    if (keys.has(key) && value.trim()) mapping[key] = { text: value };
  const values: Record<string, string> = {};
  for (const { slot, value } of fillTemplateSlots(components, mapping, customer, business)) {
    if (value !== null) values[slot.key] = value;
    else
      errors[`variables.${slot.key}`] =
        `Enter ${slot.label.toLowerCase()}: the template's mapping gives no value for this customer.`;
  }
  if (Object.keys(errors).length > 0)
    throw new AppError("VALIDATION", "Fill in the template's variables.", errors);
  const outgoing: WhatsappOutgoing = {
    to,
    template: {
      name: row.name,
      language: row.language,
      components: buildTemplateComponents({ components }, mapping, customer, business),
    },
  };
  return {
    outgoing,
    record: {
      kind: "template",
      text: renderTemplateText(components, (key) => values[key] ?? ""),
      templateId: row.id,
      templateName: row.name,
      language: row.language,
      variables: values,
    },
  };
}

/**
 * Sends one WhatsApp message to one customer of the business, through the business's Cloud API
 * connection (or the dev outbox at /dev/whatsapp when none is connected, outside production):
 * - `{ text }`: free-form text (`type: "text"`, `text: { preview_url: false, body }`, ≤ 4096 characters),
 *   only while the customer service window is open (the customer wrote in the last 24 hours; Meta,
 *   "Customer service windows");
 * - `{ templateId, variables? }`: an approved template, any time; its slots are filled from the
 *   template's mapping for this customer, `variables` (slot key → text) overriding.
 * The message is recorded (`whatsapp_messages`, `sending`) before the call, then `sent` with Meta's id
 * or `failed` with Meta's code and a sentence, and put on the customer's timeline (`message_sent`).
 * Output: the message. Errors: NOT_FOUND (customer or template of another business); VALIDATION on
 * `customerId` (no number, WhatsApp consent denied, in the Trash), on `text` (the window is closed: says
 * when it closed and that a template is needed), on `templateId` (not approved) or `variables.<slot>`
 * (unknown slot, no value); BAD_REQUEST with Meta's sentence when WhatsApp refused the message;
 * RATE_LIMITED (Meta 429 / throughput limits) or UNAVAILABLE (5xx, network) when a later retry can
 * succeed. Failed sends are recorded either way.
 */
export async function sendWhatsappToCustomer(
  db: DbOrTx,
  actor: WhatsappMessageActor,
  input: SendWhatsappMessageInput,
  now: Date = new Date(),
): Promise<WhatsappMessageView> {
  const customer = await customerOf(db, actor.businessId, input.customerId);
  const business = await businessOf(db, actor.businessId);
  const to = assertReachable(customer, business.timeZone);
  const config = await loadMessagingConfig(db, actor.businessId);
  if (!config.whatsapp && !devMailboxEnabled())
    throw new AppError("VALIDATION", "Connect WhatsApp in Settings › Messaging before sending messages.");

  let prepared: PreparedMessage;
  if (input.templateId !== undefined) {
    prepared = await templateMessage(
      db,
      actor.businessId,
      { templateId: input.templateId, variables: input.variables },
      customer,
      business,
      to,
    );
  } else {
    const text = (input.text ?? "").trim();
    const window = serviceWindow(customer.whatsappLastInboundAt, now);
    if (!window.open) {
      const message = window.closedAt
        ? `The 24-hour customer service window closed on ${formatDateTime(window.closedAt, business.timeZone)} (${window.closedAt.toISOString()}), 24 hours after the customer's last WhatsApp message. Free-form text can only be sent inside it: choose an approved template.`
        : "The customer has not written to you on WhatsApp, so the 24-hour customer service window is not open. Free-form text can only be sent inside it: choose an approved template.";
      throw new AppError("VALIDATION", message, { text: message });
    }
    prepared = {
      outgoing: { to, text },
      record: { kind: "text", text, templateId: null, templateName: null, language: null, variables: null },
    };
  }

  const [claimed] = await db
    .insert(whatsappMessages)
    .values({
      businessId: actor.businessId,
      customerId: customer.id,
      to,
      ...prepared.record,
      status: "sending",
      sentBy: actor.userId,
    })
    .returning();
  const message = claimed!;
  try {
    const { providerMessageId } = await sendWhatsappMessage(config.whatsapp, prepared.outgoing, {
      db,
      businessId: actor.businessId,
      preview: prepared.record.text,
    });
    const [sent] = await db
      .update(whatsappMessages)
      .set({ status: "sent", providerMessageId, sentAt: new Date() })
      .where(and(eq(whatsappMessages.businessId, actor.businessId), eq(whatsappMessages.id, message.id)))
      .returning();
    await recordTimeline(db, actor, sent!);
    return toView(sent!);
  } catch (err) {
    if (!(err instanceof WhatsappError)) throw err;
    const [failed] = await db
      .update(whatsappMessages)
      .set({
        status: "failed",
        errorCode: String(err.code ?? err.status ?? "network"),
        error: err.humanMessage,
        failedAt: new Date(),
      })
      .where(and(eq(whatsappMessages.businessId, actor.businessId), eq(whatsappMessages.id, message.id)))
      .returning();
    await recordTimeline(db, actor, failed!);
    if (!err.retriable) throw new AppError("BAD_REQUEST", err.humanMessage);
    const again = "The message was not sent; try again in a minute.";
    if (err.status === 429 || (err.code !== null && err.status !== null && err.status < 500))
      throw new AppError("RATE_LIMITED", `WhatsApp is limiting messages right now. ${again}`);
    throw new AppError("UNAVAILABLE", `WhatsApp is temporarily unavailable. ${again}`);
  }
}
