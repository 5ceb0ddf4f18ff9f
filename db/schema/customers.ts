import { type SQL, sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./auth";
import { businesses } from "./businesses";
import {
  activityTypes,
  customFieldTypes,
  lifecycleStages,
  taskPriorities,
  taskStatuses,
} from "./enum-values";

export const lifecycleStage = pgEnum("lifecycle_stage", lifecycleStages);

/**
 * The text customer search matches (`LIKE '%word%'` through the trigram index `customers_search_idx`):
 * lower-case name, lower-case email and the phone digits, separated by spaces so a search word (which has
 * no spaces) never matches across two of them. Queries must use this exact expression to use the index.
 */
export function customerSearchText(t: {
  name: AnyPgColumn;
  email: AnyPgColumn;
  phoneDigits: AnyPgColumn;
}): SQL {
  return sql`(lower(${t.name}) || ' ' || coalesce(lower(${t.email}), '') || ' ' || ${t.phoneDigits})`;
}

/** Raw values that did not validate, by field key (`phone`, `email`, `customFields.<key>` …). */
export type InvalidValues = Record<string, { value: string; reason: string }>;

/** Custom field values by field key; shape per type in server/api/schemas/customers.ts. */
export type CustomFieldValues = Record<string, string | number | boolean | string[] | null>;

/**
 * A business's customers. Phones are E.164; `phoneDigits` holds the digits of phone and WhatsApp
 * (international and national forms) for format-insensitive search. Soft-deleted rows keep
 * `deletedAt` and are purged after 30 days.
 */
export const customers = pgTable(
  "customers",
  {
    id: uuid().primaryKey().defaultRandom(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    name: text().notNull(),
    email: text(),
    /** E.164 */
    phone: text(),
    phoneExtension: text(),
    /** E.164 */
    whatsapp: text(),
    phoneDigits: text().notNull().default(""),
    company: text(),
    addressLine1: text(),
    addressLine2: text(),
    city: text(),
    state: text(),
    postalCode: text(),
    /** ISO 3166-1 alpha-2 */
    country: text(),
    source: text(),
    tags: text().array().notNull().default(sql`'{}'::text[]`),
    lifecycleStage: lifecycleStage().notNull().default("lead"),
    ownerId: text().references(() => users.id, { onDelete: "set null" }),
    dateOfBirth: date({ mode: "string" }),
    anniversary: date({ mode: "string" }),
    /** Month-day of birthday and anniversary as MMDD integers, for "this month / next N days" filters. */
    birthdayMd: integer(),
    anniversaryMd: integer(),
    emailConsent: boolean(),
    emailConsentAt: timestamp({ withTimezone: true }),
    emailConsentSource: text(),
    whatsappConsent: boolean(),
    whatsappConsentAt: timestamp({ withTimezone: true }),
    whatsappConsentSource: text(),
    smsConsent: boolean(),
    smsConsentAt: timestamp({ withTimezone: true }),
    smsConsentSource: text(),
    /** Last inbound WhatsApp message: free-form replies are allowed for 24 hours after it (Meta). */
    whatsappLastInboundAt: timestamp({ withTimezone: true }),
    customFields: jsonb().$type<CustomFieldValues>().notNull().default({}),
    /**
     * Values a spreadsheet gave that did not validate, kept as typed so nothing is lost: field key →
     * `{ value, reason }` (e.g. `phone: { value: "229.077.5154x999999", reason: "Too long" }`). A customer
     * with any is "needs review"; editing the field clears its entry.
     */
    invalidValues: jsonb().$type<InvalidValues>().notNull().default({}),
    externalId: text(),
    /** The import that created this customer (for undo). */
    importId: uuid(),
    lastActivityAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /**
     * What the customer has bought (server/services/purchases): the sum of their purchases in the
     * business's currency (minor units), how many, and the first and last purchase dates. Kept in the
     * transaction that records a purchase, so lists sort and segments filter on them without a join.
     */
    totalSpent: bigint({ mode: "number" }).notNull().default(0),
    ordersCount: integer().notNull().default(0),
    firstPurchaseOn: date({ mode: "string" }),
    lastPurchaseOn: date({ mode: "string" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index("customers_business_id_created_at_id_idx").on(t.businessId, t.createdAt.desc(), t.id.desc()),
    index("customers_business_id_name_idx").on(t.businessId, t.name, t.id),
    index("customers_business_id_last_activity_at_idx").on(
      t.businessId,
      t.lastActivityAt.desc(),
      t.id.desc(),
    ),
    index("customers_business_id_total_spent_idx").on(t.businessId, t.totalSpent.desc(), t.id.desc()),
    index("customers_business_id_email_idx").on(t.businessId, sql`lower(${t.email})`),
    // Segments compare city and source case-insensitively (`lower(city) = 'pune'`); with these, such a
    // condition joins the others' indexes (BitmapAnd/Or) instead of filtering every row of a tag.
    // The WhatsApp inbox: customers who wrote, latest first.
    index("customers_business_id_whatsapp_last_inbound_at_idx")
      .on(t.businessId, t.whatsappLastInboundAt.desc(), t.id.desc())
      .where(sql`${t.whatsappLastInboundAt} is not null and ${t.deletedAt} is null`),
    index("customers_business_id_city_idx")
      .on(t.businessId, sql`lower(${t.city})`)
      .where(sql`${t.deletedAt} is null`),
    index("customers_business_id_source_idx")
      .on(t.businessId, sql`lower(${t.source})`)
      .where(sql`${t.deletedAt} is null`),
    index("customers_business_id_phone_idx").on(t.businessId, t.phone),
    // Sparse columns: partial indexes, so the many rows without a value cost no index entry.
    index("customers_business_id_whatsapp_idx")
      .on(t.businessId, t.whatsapp)
      .where(sql`${t.whatsapp} is not null`),
    index("customers_business_id_birthday_md_idx")
      .on(t.businessId, t.birthdayMd)
      .where(sql`${t.birthdayMd} is not null`),
    index("customers_business_id_anniversary_md_idx")
      .on(t.businessId, t.anniversaryMd)
      .where(sql`${t.anniversaryMd} is not null`),
    index("customers_business_id_deleted_at_idx")
      .on(t.businessId, t.deletedAt)
      .where(sql`${t.deletedAt} is not null`),
    // "Needs review": the few customers an import kept with values that did not validate.
    index("customers_business_id_needs_review_idx")
      .on(t.businessId, t.createdAt.desc(), t.id.desc())
      .where(sql`${t.invalidValues} <> '{}'::jsonb`),
    // Undo of an import deletes the customers it created.
    index("customers_business_id_import_id_idx")
      .on(t.businessId, t.importId)
      .where(sql`${t.importId} is not null`),
    // One GIN index serves search (trigrams of name, email and phone digits: `customerSearchText`), tags
    // and custom fields, so "search + tag" is a single index scan and an insert maintains one GIN index.
    index("customers_search_idx").using(
      "gin",
      sql`${customerSearchText(t)} gin_trgm_ops`,
      t.tags,
      t.customFields,
    ),
    // Duplicates: similar names at the same company (only customers with a company are compared).
    index("customers_company_name_trgm_idx")
      .using("gin", sql`lower(${t.name}) gin_trgm_ops`)
      .where(sql`coalesce(${t.company}, '') <> ''`),
  ],
);

export const customFieldType = pgEnum("custom_field_type", customFieldTypes);

/** A custom field defined by a business for its customers; values live in `customers.custom_fields[key]`. */
export const customFields = pgTable(
  "custom_fields",
  {
    id: uuid().primaryKey().defaultRandom(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    key: text().notNull(),
    label: text().notNull(),
    type: customFieldType().notNull(),
    /** Choices for single/multi select. */
    options: jsonb().$type<string[]>().notNull().default([]),
    required: boolean().notNull().default(false),
    position: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("custom_fields_business_id_key_key").on(t.businessId, t.key)],
);

export const activityType = pgEnum("activity_type", activityTypes);

/** The customer timeline: one row per thing that happened to a customer. */
export const activities = pgTable(
  "activities",
  {
    id: uuid().primaryKey().defaultRandom(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    customerId: uuid()
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    type: activityType().notNull(),
    actorUserId: text().references(() => users.id, { onDelete: "set null" }),
    /** Type-specific details, e.g. { field, from, to } or { tags } or { noteId }. */
    data: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("activities_business_id_customer_id_created_at_idx").on(
      t.businessId,
      t.customerId,
      t.createdAt.desc(),
    ),
  ],
);

/** Notes on a customer. `body` is sanitised HTML from the rich-text editor. */
export const notes = pgTable(
  "notes",
  {
    id: uuid().primaryKey().defaultRandom(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    customerId: uuid()
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    authorId: text().references(() => users.id, { onDelete: "set null" }),
    body: text().notNull(),
    pinned: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("notes_business_id_customer_id_created_at_idx").on(t.businessId, t.customerId, t.createdAt.desc()),
  ],
);

/** Files attached to notes, stored under .data/uploads or S3-compatible storage (`storageKey`). */
export const noteAttachments = pgTable(
  "note_attachments",
  {
    id: uuid().primaryKey().defaultRandom(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    noteId: uuid()
      .notNull()
      .references(() => notes.id, { onDelete: "cascade" }),
    fileName: text().notNull(),
    contentType: text().notNull(),
    /** Bytes */
    size: integer().notNull(),
    storageKey: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("note_attachments_business_id_note_id_idx").on(t.businessId, t.noteId)],
);

export const taskPriority = pgEnum("task_priority", taskPriorities);
export const taskStatus = pgEnum("task_status", taskStatuses);

/** Tasks and follow-ups, optionally linked to a customer. */
export const tasks = pgTable(
  "tasks",
  {
    id: uuid().primaryKey().defaultRandom(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    customerId: uuid().references(() => customers.id, { onDelete: "cascade" }),
    title: text().notNull(),
    description: text(),
    dueAt: timestamp({ withTimezone: true }),
    reminderAt: timestamp({ withTimezone: true }),
    /** When the reminder went out (null: not yet). Set by the reminders job, cleared when reminderAt moves. */
    reminderSentAt: timestamp({ withTimezone: true }),
    priority: taskPriority().notNull().default("normal"),
    status: taskStatus().notNull().default("open"),
    assigneeId: text().references(() => users.id, { onDelete: "set null" }),
    createdById: text().references(() => users.id, { onDelete: "set null" }),
    completedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("tasks_business_id_assignee_id_status_due_at_idx").on(
      t.businessId,
      t.assigneeId,
      t.status,
      t.dueAt,
    ),
    index("tasks_business_id_customer_id_idx").on(t.businessId, t.customerId),
    index("tasks_business_id_due_at_id_idx").on(t.businessId, t.dueAt, t.id),
    // The reminders job's scan: reminders due and not yet sent, across businesses.
    index("tasks_reminder_due_idx")
      .on(t.reminderAt)
      .where(
        sql`${t.reminderSentAt} is null and ${t.reminderAt} is not null and ${t.status} in ('open', 'in_progress')`,
      ),
  ],
);

/** Saved list views: filters, sort and visible columns, per user (or shared when `userId` is null). */
export const savedViews = pgTable(
  "saved_views",
  {
    id: uuid().primaryKey().defaultRandom(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    userId: text().references(() => users.id, { onDelete: "cascade" }),
    name: text().notNull(),
    filters: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    sort: jsonb().$type<{ field: string; direction: "asc" | "desc" }>(),
    columns: jsonb().$type<string[]>().notNull().default([]),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("saved_views_business_id_user_id_idx").on(t.businessId, t.userId)],
);

/**
 * Live (not soft-deleted) customers per business, kept in the same transaction as every change, so the
 * unfiltered total of the customers list is one primary-key read instead of a count over the table.
 * Statement-level triggers on `customers` (insert, update, delete: drizzle/0006_customer_counts.sql) record
 * each statement's change in `customer_count_changes`; a deferred trigger adds it here when the
 * transaction commits (drizzle/0037_customer_counts_at_commit.sql), so concurrent writers to one business
 * hold this row's lock only while they commit, not for the rest of their transaction.
 */
export const customerCounts = pgTable("customer_counts", {
  businessId: uuid()
    .primaryKey()
    .references(() => businesses.id, { onDelete: "cascade" }),
  live: integer().notNull().default(0),
});

/**
 * Changes to `customer_counts` not yet applied: one row per statement that changed a business's live
 * customers, inserted by the triggers on `customers` and applied and deleted when its transaction commits
 * (a deferred constraint trigger). Outside a running transaction the table is empty. No foreign key: a
 * business deleted in the same transaction has its change dropped, not refused.
 */
export const customerCountChanges = pgTable("customer_count_changes", {
  id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  businessId: uuid().notNull(),
  delta: integer().notNull(),
});

/**
 * Every tag a business has used, for tag suggestions as the user types (counts are taken on demand, see
 * `suggestTags`). Filled by statement-level triggers on `customers` inserts and updates
 * (drizzle/0009_business_tags.sql); a tag no customer has any more stays here and is skipped by its
 * count of zero.
 */
export const businessTags = pgTable(
  "business_tags",
  {
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    tag: text().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.businessId, t.tag] }),
    index("business_tags_business_id_lower_tag_idx").on(t.businessId, sql`lower(${t.tag}) text_pattern_ops`),
  ],
);
