import { sql } from "drizzle-orm";
import { index, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { businesses } from "./businesses";
import { customers } from "./customers";
import { whatsappMessageKinds } from "./enum-values";
import { messageTemplates, recipientStatus } from "./messaging";

export const whatsappMessageKind = pgEnum("whatsapp_message_kind", whatsappMessageKinds);

/**
 * The WhatsApp dev outbox: messages a business without a WhatsApp provider "sent" (nothing leaves the
 * machine). Shown at /dev/whatsapp beside the dev mailbox; `payload` is the Cloud API request body that
 * would have been posted, `text` what the customer would have read.
 */
export const devWhatsappMessages = pgTable(
  "dev_whatsapp_messages",
  {
    id: uuid().primaryKey().defaultRandom(),
    businessId: uuid().references(() => businesses.id, { onDelete: "cascade" }),
    /** E.164 number the message is for. */
    to: text().notNull(),
    /** `template` or `text`. */
    kind: text().notNull(),
    templateName: text(),
    language: text(),
    /** The message as the customer would read it. */
    text: text().notNull(),
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    /** A `wamid.dev-…` id, so delivery tracking works as with the Cloud API. */
    providerMessageId: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("dev_whatsapp_messages_created_at_idx").on(t.createdAt),
    index("dev_whatsapp_messages_business_id_created_at_idx").on(t.businessId, t.createdAt),
  ],
);

/**
 * One-to-one WhatsApp messages a member sent from a customer's page (campaign messages live in
 * `campaign_recipients`). The row is written (`sending`) before the provider call, so a failed call is
 * kept with Meta's code and a sentence; delivery webhooks then move `status` forward only
 * (sent < delivered < read < failed, `recipientStatusRank`), matched by `provider_message_id`.
 */
export const whatsappMessages = pgTable(
  "whatsapp_messages",
  {
    id: uuid().primaryKey().defaultRandom(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    customerId: uuid()
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    /** E.164 number the message went to. */
    to: text().notNull(),
    kind: whatsappMessageKind().notNull(),
    /** What the customer reads: the free-form text, or the template rendered with its values. */
    text: text().notNull(),
    templateId: uuid().references(() => messageTemplates.id, { onDelete: "set null" }),
    templateName: text(),
    language: text(),
    /** The template's slot values as sent (`body.1` → "Asha"). */
    variables: jsonb().$type<Record<string, string>>(),
    status: recipientStatus().notNull().default("sending"),
    providerMessageId: text(),
    /** Meta's error code (or the HTTP status when Meta gave none) and a sentence for the business. */
    errorCode: text(),
    error: text(),
    sentBy: text().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp({ withTimezone: true }),
    deliveredAt: timestamp({ withTimezone: true }),
    readAt: timestamp({ withTimezone: true }),
    failedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index("whatsapp_messages_business_id_customer_id_created_at_idx").on(
      t.businessId,
      t.customerId,
      t.createdAt.desc(),
    ),
    // Deleting a customer cascades here.
    index("whatsapp_messages_customer_id_idx").on(t.customerId),
    index("whatsapp_messages_provider_message_id_idx")
      .on(t.providerMessageId)
      .where(sql`${t.providerMessageId} is not null`),
    // The sweep of sends cut off mid-call reads only the (few) rows still `sending`.
    index("whatsapp_messages_created_at_sending_idx").on(t.createdAt).where(sql`${t.status} = 'sending'`),
  ],
);
