import { sql } from "drizzle-orm";
import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { businesses } from "./businesses";

/**
 * Segments: named rules over a business's customers (server/domain/segments.ts), evaluated when used.
 * `preset` names the segments every business starts with (`new`, `inactive`, …); null for its own.
 * Names are unique per business, case-insensitively.
 */
export const segments = pgTable(
  "segments",
  {
    id: uuid().primaryKey().defaultRandom(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    name: text().notNull(),
    description: text(),
    /** `{ match, conditions }`, checked by `parseSegmentRules` before it is stored. */
    rules: jsonb().$type<{ match: "all" | "any"; conditions: unknown[] }>().notNull(),
    preset: text(),
    createdBy: text().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("segments_business_id_lower_name_key").on(t.businessId, sql`lower(${t.name})`),
    index("segments_business_id_created_at_idx").on(t.businessId, t.createdAt),
  ],
);
