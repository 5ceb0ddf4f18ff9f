import type { customFieldType, lifecycleStage } from "@/db/schema/customers";
import { type ImportableField, importableFields, type PlainTextField } from "@/server/domain/customer-fields";

/**
 * Shapes shared by the customer import pipeline: readers yield `SheetRow`s, `mapHeaders` suggests a
 * `ColumnMapping`, the row normalizer turns cells into a `CustomerCandidate` or `RowError`s.
 */

/** One record of a CSV or XLSX sheet. `line` is 1-based: the CSV line the record starts on, or the Excel row number. */
export interface SheetRow {
  line: number;
  cells: string[];
}

/**
 * Customer fields a column can be mapped to (the importable fields of `customer-fields.ts`, in the
 * wizard's order); `ignore` drops the column on purpose.
 */
export const importFields = [...importableFields, "ignore"] as const;

export type ImportField = ImportableField | "ignore";

/** Types a custom field can have (the `custom_field_type` enum); values are stored typed in `customFields`. */
export type CustomFieldType = (typeof customFieldType.enumValues)[number];

/** A column's destination: a customer field, or a custom field written as `custom:<key>`. */
export type MappingTarget = ImportField | `custom:${string}`;

/** Column index (0-based) → destination. Columns absent from the map are not imported. */
export type ColumnMapping = Record<number, MappingTarget>;

export type LifecycleStage = (typeof lifecycleStage.enumValues)[number];

/**
 * A customer ready to be written, with every value already validated and normalised. The plain text
 * fields (company, address, …, `phoneExtension`: digits after "x" / "ext." in the phone cell) come from
 * the field definition.
 */
export interface CustomerCandidate extends Record<PlainTextField, string | null> {
  name: string | null;
  /** Lower-cased, RFC 5321 length (254). */
  email: string | null;
  /** E.164, e.g. +919876543210. */
  phone: string | null;
  /** E.164; never copied from `phone`. */
  whatsapp: string | null;
  /** Trimmed, deduplicated case-insensitively, first spelling kept. */
  tags: string[];
  lifecycleStage: LifecycleStage | null;
  /** ISO 8601 date, YYYY-MM-DD. */
  dateOfBirth: string | null;
  /** ISO 8601 date, YYYY-MM-DD. */
  anniversary: string | null;
  notes: string | null;
  /** null when the column is absent or the cell empty (unknown), never guessed. */
  emailConsent: boolean | null;
  whatsappConsent: boolean | null;
  smsConsent: boolean | null;
  /** ISO 8601 instant in UTC (`toISOString()`), null when empty. */
  consentAt: string | null;
  /**
   * Values of the row that did not validate, kept as typed: field (`phone`, `email`, `customFields.<key>`
   * …) → raw text (≤ 1,000 characters) and the reason. Empty when every value was valid.
   */
  invalidValues: Record<string, { value: string; reason: string }>;
  /**
   * Custom field key → typed value: text, number, currency in integer minor units, ISO date, boolean,
   * option (single select), options (multi select), URL, email, E.164 phone.
   */
  customFields: Record<string, string | number | boolean | string[]>;
}

/** Why one cell of a row was refused. `column` is the 0-based column index (-1 for a row-level error). */
export interface RowError {
  field: string;
  column: number;
  value: string;
  reason: string;
}

/**
 * A row's outcome: a customer (with `warnings` for each value it was imported without), the row's
 * errors when it was refused, or a skip.
 */
export type NormalizedRow =
  | { ok: true; customer: CustomerCandidate; warnings: RowError[] }
  | { ok: false; errors: RowError[] }
  | { skip: "repeated header row" | "empty row" };
