import { index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { businesses } from "./businesses";

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
