import { index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { businesses } from "./businesses";

/**
 * Append-only security log: sign-ins, failed sign-ins, member and role changes, API keys created and
 * revoked. `businessId` is null for account-level events such as sign-in.
 */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: uuid().primaryKey().defaultRandom(),
    businessId: uuid().references(() => businesses.id, { onDelete: "cascade" }),
    actorUserId: text(),
    actorApiKeyId: uuid(),
    action: text().notNull(),
    targetType: text(),
    targetId: text(),
    metadata: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    ip: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("audit_events_business_id_created_at_idx").on(t.businessId, t.createdAt),
    index("audit_events_actor_user_id_created_at_idx").on(t.actorUserId, t.createdAt),
  ],
);
