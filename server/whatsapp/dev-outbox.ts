import { randomUUID } from "node:crypto";
import type { DbOrTx } from "@/db/client";
import { devWhatsappMessages } from "@/db/schema";
import { logger } from "@/server/logger";
import type { WhatsappOutgoing } from "./types";

/** Where a message goes when the business has no WhatsApp provider: its business, and what to show. */
export interface DevOutboxTarget {
  db: DbOrTx;
  businessId: string;
  /** The message as the customer would read it (a template rendered with its values). */
  preview?: string;
}

/**
 * Stores a message in the WhatsApp dev outbox (`dev_whatsapp_messages`, /dev/whatsapp) instead of
 * sending it. Output: its `wamid.dev-<uuid>` id, which delivery tracking uses like a Cloud API id.
 */
export async function recordDevWhatsappMessage(
  target: DevOutboxTarget,
  message: WhatsappOutgoing,
  payload: Record<string, unknown>,
): Promise<string> {
  const providerMessageId = `wamid.dev-${randomUUID()}`;
  const isTemplate = "template" in message;
  const text =
    target.preview ??
    (isTemplate ? `Template ${message.template.name} (${message.template.language})` : message.text);
  await target.db.insert(devWhatsappMessages).values({
    businessId: target.businessId,
    to: message.to,
    kind: isTemplate ? "template" : "text",
    templateName: isTemplate ? message.template.name : null,
    language: isTemplate ? message.template.language : null,
    text,
    payload,
    providerMessageId,
  });
  if (process.env.NODE_ENV !== "production") {
    logger.info({ to: message.to, providerMessageId }, `WhatsApp to dev outbox for ${message.to}: ${text}`);
  }
  return providerMessageId;
}
