import { sql } from "drizzle-orm";
import {
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./auth";
import { businesses } from "./businesses";

/**
 * Web Push subscriptions: one row per device (browser profile) a user turned notifications on for.
 * `endpoint`, `p256dh` and `auth` are the browser's `PushSubscription` (RFC 8030 push service URL,
 * RFC 8291 keys). A device whose push service answers 404 or 410 is deleted (server/push/send.ts).
 */
export const pushSubscriptions = pgTable(
  "push_subscriptions",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    endpoint: text().notNull(),
    p256dh: text().notNull(),
    auth: text().notNull(),
    /** A readable name for the device list ("Chrome on Android"), from the user agent. */
    deviceLabel: text().notNull().default("This device"),
    /** What this device is told of: `task_reminder`, `lead`, `import_finished`, `payment`. */
    kinds: text().array().notNull().default(sql`'{task_reminder,lead,import_finished,payment}'::text[]`),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastSentAt: timestamp({ withTimezone: true }),
    /** Failed sends in a row (other than 404/410, which delete the row); reset by a success. */
    failures: integer().notNull().default(0),
  },
  (t) => [
    uniqueIndex("push_subscriptions_endpoint_key").on(t.endpoint),
    index("push_subscriptions_user_id_idx").on(t.userId),
  ],
);

/**
 * Writes made offline and replayed by the app (components/offline): one row per idempotency key, so a
 * replay of the same write (a retry, a second tab, Background Sync after a page already sent it) answers
 * the stored result instead of writing twice. Kept 30 days.
 */
export const offlineMutations = pgTable(
  "offline_mutations",
  {
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The client's idempotency key (a UUID made when the write was queued). */
    key: uuid().notNull(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    kind: text().notNull(),
    /** What the first apply answered (e.g. the created note's id). */
    result: jsonb().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.key] }),
    index("offline_mutations_created_at_idx").on(t.createdAt),
  ],
);
