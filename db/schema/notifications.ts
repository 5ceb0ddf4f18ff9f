import { sql } from "drizzle-orm";
import { index, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { businesses } from "./businesses";
import { notificationKinds } from "./enum-values";

export const notificationKind = pgEnum("notification_kind", notificationKinds);

/**
 * In-app notifications: one row per member who should hear of something in a business (a new lead, a
 * finished import, a payment). Read when `read_at` is set. Kept until the business or the user goes.
 */
export const notifications = pgTable(
  "notifications",
  {
    id: uuid().primaryKey().defaultRandom(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: notificationKind().notNull(),
    title: text().notNull(),
    body: text(),
    /** An app path to open (e.g. `/b/demo/customers/<id>`), never an outside URL. */
    url: text(),
    readAt: timestamp({ withTimezone: true }),
    /**
     * When the push sender took it (server/services/push/send.ts): null while it waits. Notifications are
     * the outbox of Web Push: made in the transaction of what they announce, pushed after it commits.
     */
    pushedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("notifications_business_id_user_id_created_at_idx").on(t.businessId, t.userId, t.createdAt, t.id),
    index("notifications_unread_idx").on(t.businessId, t.userId).where(sql`${t.readAt} is null`),
    index("notifications_push_pending_idx").on(t.createdAt).where(sql`${t.pushedAt} is null`),
  ],
);
