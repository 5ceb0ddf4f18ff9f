import { sql } from "drizzle-orm";
import {
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
import { customers } from "./customers";
import { formSubmissionStatuses, leadFormStatuses } from "./enum-values";

export const leadFormStatus = pgEnum("lead_form_status", leadFormStatuses);
export const formSubmissionStatus = pgEnum("form_submission_status", formSubmissionStatuses);

/**
 * Lead forms. `draft` is the definition being edited (`{ fields, settings }`, server/domain/lead-forms.ts);
 * publishing copies it into `lead_form_versions` and points `published_version_id` at the copy, so the
 * live form never changes under a visitor. The id is the public id (`/f/{id}`, the embed's `data-form`).
 */
export const leadForms = pgTable(
  "lead_forms",
  {
    id: uuid().primaryKey().defaultRandom(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    name: text().notNull(),
    status: leadFormStatus().notNull().default("draft"),
    draft: jsonb().$type<unknown>().notNull(),
    publishedVersionId: uuid(),
    /** Accepted (not spam) submissions, kept in the same transaction as each insert; read by the limit. */
    submissionCount: integer().notNull().default(0),
    createdBy: text().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    publishedAt: timestamp({ withTimezone: true }),
    closedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index("lead_forms_business_id_created_at_idx").on(t.businessId, t.createdAt),
    uniqueIndex("lead_forms_business_id_lower_name_key").on(t.businessId, sql`lower(${t.name})`),
  ],
);

/** Each publication of a form: the definition as visitors saw it, numbered 1, 2, … per form. */
export const leadFormVersions = pgTable(
  "lead_form_versions",
  {
    id: uuid().primaryKey().defaultRandom(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    formId: uuid()
      .notNull()
      .references(() => leadForms.id, { onDelete: "cascade" }),
    version: integer().notNull(),
    definition: jsonb().$type<unknown>().notNull(),
    publishedBy: text().references(() => users.id, { onDelete: "set null" }),
    publishedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("lead_form_versions_form_id_version_key").on(t.formId, t.version),
    index("lead_form_versions_business_id_idx").on(t.businessId),
  ],
);

/**
 * Submissions, stored before the visitor hears "success" and before any customer is touched.
 * `answers` are the checked values keyed by field key; `context` is where the visitor came from
 * (`LeadFormContext`); `spam_reason` says why a submission went to the Spam tab. `customer_id` is the
 * customer the background work created or updated.
 */
export const formSubmissions = pgTable(
  "form_submissions",
  {
    id: uuid().primaryKey().defaultRandom(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    formId: uuid()
      .notNull()
      .references(() => leadForms.id, { onDelete: "cascade" }),
    versionId: uuid()
      .notNull()
      .references(() => leadFormVersions.id, { onDelete: "cascade" }),
    status: formSubmissionStatus().notNull().default("received"),
    answers: jsonb().$type<Record<string, unknown>>().notNull(),
    context: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    spamReason: text(),
    customerId: uuid().references(() => customers.id, { onDelete: "set null" }),
    /** The timing token's nonce: a replayed token is refused. */
    tokenNonce: text(),
    error: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    processedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index("form_submissions_business_id_form_id_created_at_idx").on(t.businessId, t.formId, t.createdAt),
    index("form_submissions_form_id_status_idx").on(t.formId, t.status),
    uniqueIndex("form_submissions_form_id_token_nonce_key").on(t.formId, t.tokenNonce),
    index("form_submissions_customer_id_idx").on(t.customerId),
    // The sweep that hands submissions still `received` to the background work again.
    index("form_submissions_received_created_at_idx").on(t.createdAt).where(sql`${t.status} = 'received'`),
  ],
);

/** Per form and day (UTC): page views, starts (first interaction), accepted submissions and spam caught. */
export const leadFormDailyStats = pgTable(
  "lead_form_daily_stats",
  {
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    formId: uuid()
      .notNull()
      .references(() => leadForms.id, { onDelete: "cascade" }),
    day: date().notNull(),
    views: integer().notNull().default(0),
    starts: integer().notNull().default(0),
    submissions: integer().notNull().default(0),
    spam: integer().notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.formId, t.day] }),
    index("lead_form_daily_stats_business_id_idx").on(t.businessId),
  ],
);
