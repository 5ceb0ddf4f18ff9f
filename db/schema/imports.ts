import { boolean, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { businesses } from "./businesses";
import { customers } from "./customers";

export const importStatus = pgEnum("import_status", ["queued", "running", "completed", "failed", "undone"]);
export const duplicatePolicy = pgEnum("duplicate_policy", ["skip", "fill", "overwrite"]);

/** One customer import: the uploaded file, its column mapping, live counters and the error file. */
export const imports = pgTable(
  "imports",
  {
    id: uuid().primaryKey().defaultRandom(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    status: importStatus().notNull().default("queued"),
    fileName: text().notNull(),
    fileType: text().notNull(),
    /** Bytes */
    fileSize: integer().notNull(),
    storageKey: text().notNull(),
    /** Column header → field (or `custom:<key>` / `ignore`). */
    mapping: jsonb().$type<Record<string, string>>().notNull().default({}),
    onDuplicate: duplicatePolicy().notNull().default("skip"),
    /** Strict: a row with any invalid value is refused whole (default: imported, the value kept as a warning). */
    strict: boolean().notNull().default(false),
    totalRows: integer(),
    processedRows: integer().notNull().default(0),
    created: integer().notNull().default(0),
    updated: integer().notNull().default(0),
    skipped: integer().notNull().default(0),
    failed: integer().notNull().default(0),
    /** Invalid values kept on imported customers (each also a line of the error file). */
    warnings: integer().notNull().default(0),
    errorFileKey: text(),
    error: text(),
    jobRunId: text(),
    createdById: text().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
    /** When `startImport` handed the import to the background job (null: processed inline or never started). */
    requestedAt: timestamp({ withTimezone: true }),
    /** When the hourly sweep re-sent the job's event of an import whose job was lost (at most once). */
    resentAt: timestamp({ withTimezone: true }),
  },
  (t) => [index("imports_business_id_created_at_idx").on(t.businessId, t.createdAt.desc())],
);

export const importChangeAction = pgEnum("import_change_action", ["created", "updated"]);

/**
 * What an import did to each customer, so "Undo this import" can delete the customers it created and
 * restore the fields it changed (`previous` holds their old values).
 */
export const importChanges = pgTable(
  "import_changes",
  {
    id: uuid().primaryKey().defaultRandom(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    importId: uuid()
      .notNull()
      .references(() => imports.id, { onDelete: "cascade" }),
    customerId: uuid()
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    action: importChangeAction().notNull(),
    previous: jsonb().$type<Record<string, unknown>>(),
    /** Line in the file, for the summary. */
    line: integer(),
  },
  (t) => [index("import_changes_business_id_import_id_idx").on(t.businessId, t.importId)],
);
