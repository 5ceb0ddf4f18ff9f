import { index, integer, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { businesses } from "./businesses";

export const emailStatus = pgEnum("email_status", ["queued", "sent", "failed"]);
export const emailTransport = pgEnum("email_transport", ["resend", "dev_outbox"]);

/** A file attached to an email, resolved when it is delivered: the PDF of an invoice. */
export type EmailAttachmentRef = { kind: "invoice_pdf"; invoiceId: string; filename: string };

/**
 * Every outgoing email, recorded before it is sent. With no RESEND_API_KEY the transport is the dev
 * outbox and the row itself is the delivered message (shown at /dev/mailbox). A failed send keeps its
 * error and attempt count; nothing is dropped silently.
 */
export const emailMessages = pgTable(
  "email_messages",
  {
    id: uuid().primaryKey().defaultRandom(),
    businessId: uuid().references(() => businesses.id, { onDelete: "cascade" }),
    template: text().notNull(),
    to: text().notNull(),
    from: text().notNull(),
    /** Reply-To (RFC 5322 §3.6.2): where replies go when not to `from` (e.g. a business's own address). */
    replyTo: text(),
    subject: text().notNull(),
    html: text().notNull(),
    text: text().notNull(),
    /** Links in the message (verification, reset, invitation), logged in development. */
    links: jsonb().$type<string[]>().notNull().default([]),
    /** Files attached at delivery, read from what they name (an invoice's PDF), so a row stays small. */
    attachments: jsonb().$type<EmailAttachmentRef[]>().notNull().default([]),
    transport: emailTransport().notNull(),
    status: emailStatus().notNull().default("queued"),
    providerMessageId: text(),
    error: text(),
    attempts: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index("email_messages_created_at_idx").on(t.createdAt),
    index("email_messages_business_id_created_at_idx").on(t.businessId, t.createdAt),
  ],
);
