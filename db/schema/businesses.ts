import { char, index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { memberRoles } from "./enum-values";

/** A business (tenant). Every tenant table references it with `business_id`. */
export const businesses = pgTable(
  "businesses",
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    slug: text().notNull(),
    category: text(),
    description: text(),
    /** E.164 */
    phone: text(),
    /** E.164 */
    whatsappNumber: text(),
    /** ISO 3166-1 alpha-2 */
    country: char({ length: 2 }).notNull(),
    /** IANA time zone, e.g. Asia/Kolkata */
    timeZone: text().notNull(),
    /** ISO 4217 */
    currency: char({ length: 3 }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("businesses_slug_key").on(t.slug)],
);

export const memberRole = pgEnum("member_role", memberRoles);

/** Membership of a user in a business, with one role. */
export const businessMembers = pgTable(
  "business_members",
  {
    id: uuid().primaryKey().defaultRandom(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: memberRole().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("business_members_business_id_user_id_key").on(t.businessId, t.userId),
    index("business_members_user_id_idx").on(t.userId),
  ],
);

/** An invitation to join a business. The token is stored as its SHA-256 hash only. */
export const invitations = pgTable(
  "invitations",
  {
    id: uuid().primaryKey().defaultRandom(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    email: text().notNull(),
    role: memberRole().notNull(),
    tokenHash: text().notNull(),
    invitedById: text().references(() => users.id, { onDelete: "set null" }),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    acceptedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("invitations_token_hash_key").on(t.tokenHash),
    index("invitations_business_id_created_at_idx").on(t.businessId, t.createdAt),
  ],
);
