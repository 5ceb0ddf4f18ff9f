import { randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { copyFile, open, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { and, desc, eq, inArray, isNull, lt, type SQL, sql } from "drizzle-orm";
import { v7 as uuidv7 } from "uuid";
import { type Db, type DbOrTx, execRows, isEmbedded } from "@/db/client";
import {
  businesses,
  customers,
  customFields,
  type duplicatePolicy,
  importChanges,
  imports,
} from "@/db/schema";
import { AppError } from "@/server/errors";
import { monthDay, phoneDigits } from "@/server/services/customers/fields";
import { toCsvLine } from "./csv-safety";
import type { CustomFieldDefinition } from "./custom-values";
import { createErrorReportWriter } from "./error-file";
import { type HeaderSuggestion, mapHeaders, normalizeHeader } from "./headers";
import { createRowNormalizer, type RowNormalizer } from "./normalize";
import { arrayElement, arrayOfElements, textArrayLiteral } from "./pg-array";
import { readCsv } from "./read-csv";
import { readXlsx } from "./read-xlsx";
import { detectFileType, type ImportFileType, MAX_IMPORT_BYTES, SNIFF_BYTES } from "./sniff";
import {
  ensureImportFolder,
  errorFileKey,
  importFileExists,
  importFolder,
  localImportFile,
  pathOfKey,
  removeImportFolder,
  storeImportFile,
  uploadKey,
} from "./storage";
import {
  type ColumnMapping,
  type CustomerCandidate,
  importFields,
  type MappingTarget,
  type NormalizedRow,
  type RowError,
  type SheetRow,
} from "./types";
import { checkXlsxArchive } from "./xlsx-guard";

/**
 * The database side of customer imports: an upload becomes an `imports` row (`createImport`), is
 * previewed (`previewImport`), runs in batches (`processImport`, inline for small files or in the
 * `imports/process.requested` job) and can be undone (`undoImport`).
 */

export type DuplicatePolicy = (typeof duplicatePolicy.enumValues)[number];
export type ImportRecord = typeof imports.$inferSelect;

/** Who acts: the business, and the user (null for an API key or the CLI). */
export interface ImportActor {
  businessId: string;
  userId: string | null;
}

/** Rows written per transaction. */
export const IMPORT_BATCH_SIZE = 5_000;
/** Files with at most this many data rows run within the request; larger ones in the background job. */
export const INLINE_IMPORT_MAX_ROWS = 5_000;
/** Rows the preview shows. */
export const PREVIEW_ROWS = 20;

const validTargets = new Set<string>(importFields);

/** What the API and UI show of an import. */
export interface ImportSummary {
  id: string;
  status: ImportRecord["status"];
  fileName: string;
  fileType: string;
  fileSize: number;
  onDuplicate: DuplicatePolicy;
  /** Column header → field (`custom:<key>`, `ignore`). */
  mapping: Record<string, string>;
  /** Exact once completed; an estimate while a CSV runs; null before. */
  totalRows: number | null;
  processedRows: number;
  created: number;
  updated: number;
  skipped: number;
  failed: number;
  /** Invalid values imported customers were kept with (listed in the error report). */
  warnings: number;
  /** Whether a row with any invalid value is refused whole. */
  strict: boolean;
  error: string | null;
  /** Storage key of the error report (original cells + an Error column), when rows failed. */
  errorFileKey: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

function toSummary(row: ImportRecord): ImportSummary {
  return {
    id: row.id,
    status: row.status,
    fileName: row.fileName,
    fileType: row.fileType,
    fileSize: row.fileSize,
    onDuplicate: row.onDuplicate,
    mapping: row.mapping,
    totalRows: row.totalRows,
    processedRows: row.processedRows,
    created: row.created,
    updated: row.updated,
    skipped: row.skipped,
    failed: row.failed,
    warnings: row.warnings,
    strict: row.strict,
    error: row.error,
    errorFileKey: row.errorFileKey,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
  };
}

// ---------------------------------------------------------------------------------------------------
// Reading the file

function rowsOf(filePath: string, fileType: ImportFileType): AsyncGenerator<SheetRow> {
  return fileType === "xlsx" ? readXlsx(filePath) : readCsv(filePath);
}

function isBlank(cells: readonly string[]): boolean {
  for (const c of cells) if (c.trim() !== "") return false;
  return true;
}

/** The header row (the first record with a non-blank cell) and the records read before it. */
async function readHeader(
  filePath: string,
  fileType: ImportFileType,
): Promise<{ headers: string[]; skip: number }> {
  let skip = 0;
  for await (const row of rowsOf(filePath, fileType)) {
    if (!isBlank(row.cells)) return { headers: row.cells.map((c) => c.trim()), skip };
    skip++;
    if (skip > 1000) break;
  }
  throw new AppError("VALIDATION", "The file is empty: it has no header row.");
}

async function sniff(filePath: string): Promise<Uint8Array> {
  const handle = await open(filePath, "r");
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

// ---------------------------------------------------------------------------------------------------
// Mapping: stored as header name → target, applied by column index.

/**
 * Turns a header-keyed mapping into a column mapping: each header key applies to the first column with
 * that header (exact, else equal under `normalizeHeader`); a later column with the same header is left
 * out unless `base` maps it.
 */
function toColumnMapping(headers: string[], byHeader: Record<string, string>, base: ColumnMapping = {}) {
  const mapping: ColumnMapping = { ...base };
  const used = new Set<string>();
  const unknown: string[] = [];
  for (const [header, target] of Object.entries(byHeader)) {
    let column = headers.indexOf(header.trim());
    if (column === -1) {
      const key = normalizeHeader(header);
      column = headers.findIndex((h) => normalizeHeader(h) === key);
    }
    if (column === -1 || used.has(`${column}`)) {
      if (column === -1) unknown.push(header);
      continue;
    }
    used.add(`${column}`);
    mapping[column] = target as MappingTarget;
  }
  return { mapping, unknown };
}

function toHeaderMapping(headers: string[], mapping: ColumnMapping): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [column, target] of Object.entries(mapping)) {
    const header = headers[Number(column)];
    if (header !== undefined && header !== "" && !(header in out)) out[header] = target;
  }
  return out;
}

async function customFieldDefinitions(db: DbOrTx, businessId: string): Promise<CustomFieldDefinition[]> {
  const rows = await db
    .select({ key: customFields.key, type: customFields.type, options: customFields.options })
    .from(customFields)
    .where(eq(customFields.businessId, businessId));
  return rows;
}

const identityFields = new Set(["name", "firstName", "lastName", "email", "phone"]);

/**
 * Validates the targets of a mapping. Errors: VALIDATION naming the column for an unknown field or
 * custom field, and "No column could be matched…" when no column is mapped to a customer field, or none
 * to a name, email or phone.
 */
function checkMapping(headers: string[], mapping: ColumnMapping, definitions: CustomFieldDefinition[]) {
  const keys = new Set(definitions.map((d) => d.key));
  const fieldErrors: Record<string, string> = {};
  let mapped = 0;
  let identity = 0;
  for (const [column, target] of Object.entries(mapping)) {
    const header = headers[Number(column)] ?? `Column ${Number(column) + 1}`;
    if (target.startsWith("custom:")) {
      if (!keys.has(target.slice(7)))
        fieldErrors[`mapping.${header}`] = `Unknown custom field "${target.slice(7)}".`;
      else mapped++;
    } else if (!validTargets.has(target)) fieldErrors[`mapping.${header}`] = `Unknown field "${target}".`;
    else if (target !== "ignore") {
      mapped++;
      if (identityFields.has(target)) identity++;
    }
  }
  if (Object.keys(fieldErrors).length > 0)
    throw new AppError("VALIDATION", "The column mapping names fields that do not exist.", fieldErrors);
  if (mapped === 0)
    throw new AppError(
      "VALIDATION",
      "No column could be matched to a customer field. Give your columns headers such as Name, Email and Phone, or map them by hand.",
    );
  if (identity === 0)
    throw new AppError(
      "VALIDATION",
      "No column is mapped to a name, email or phone, so no row could be imported. Map at least one of them.",
    );
}

// ---------------------------------------------------------------------------------------------------
// createImport

export interface CreateImportInput {
  /** The name the user uploaded (for messages and the summary). */
  fileName: string;
  /** The upload on disk (copied into the import's folder)… */
  filePath?: string;
  /** …or its bytes. */
  bytes?: Uint8Array;
  /** Column header → field, `custom:<key>` or `ignore`; overrides the suggested mapping per header. */
  mapping?: Record<string, string>;
  onDuplicate?: DuplicatePolicy;
  /** Refuse rows with any invalid value (default false: import them and keep the value as a warning). */
  strict?: boolean;
}

export interface CreatedImport {
  import: ImportSummary;
  headers: string[];
  /** Columns neither suggested nor mapped by the user, with a suggested custom field type. */
  unmapped: HeaderSuggestion["unmapped"];
  /** Headers matched by a close spelling, for the user to confirm (see `mapHeaders`). */
  fuzzy: HeaderSuggestion["fuzzy"];
}

/**
 * Stores an upload as a queued import: checks the size (≤ 100 MB), sniffs the content (CSV or XLSX,
 * whatever the name says), guards XLSX archives (`checkXlsxArchive`), reads the header row, and merges
 * the suggested mapping (`mapHeaders`) with the user's (`header → field`). Nothing is imported yet: call
 * `startImport` or `processImport`.
 *
 * @returns the queued import, the headers and the columns left unmapped
 * @throws AppError("VALIDATION") for an oversized, empty, unreadable or wrong-type file, a mapping with
 *   unknown fields, or a file where no column could be matched ("No column could be matched…"); the
 *   upload is then deleted and no row is stored
 */
export async function createImport(
  db: Db,
  ctx: ImportActor,
  input: CreateImportInput,
): Promise<CreatedImport> {
  if (!input.filePath && !input.bytes) throw new AppError("BAD_REQUEST", "No file was uploaded.");
  const size = input.bytes ? input.bytes.byteLength : (await stat(input.filePath!)).size;
  if (size > MAX_IMPORT_BYTES)
    throw new AppError(
      "VALIDATION",
      "The file is larger than 100 MB. Split it into smaller files and import them one by one.",
    );
  if (size === 0) throw new AppError("VALIDATION", "The file is empty.");

  const importId = randomUUID();
  const { businessId } = ctx;
  const dir = await ensureImportFolder(businessId, importId);
  const staging = path.join(dir, "upload.tmp");
  try {
    if (input.bytes) await writeFile(staging, input.bytes);
    else await copyFile(input.filePath!, staging);
    const fileType = detectFileType(await sniff(staging), input.fileName, size);
    const key = uploadKey(businessId, importId, fileType);
    const filePath = pathOfKey(key);
    await rename(staging, filePath);
    if (fileType === "xlsx") await checkXlsxArchive(filePath);

    const { headers } = await readHeader(filePath, fileType);
    const suggestion = mapHeaders(headers);
    const { mapping, unknown } = toColumnMapping(headers, input.mapping ?? {}, suggestion.mapping);
    if (unknown.length > 0)
      throw new AppError(
        "VALIDATION",
        `The mapping names columns that are not in the file: ${unknown.map((h) => `"${h}"`).join(", ")}.`,
        Object.fromEntries(unknown.map((h) => [`mapping.${h}`, "Not a column of the file."])),
      );
    const definitions = await customFieldDefinitions(db, businessId);
    checkMapping(headers, mapping, definitions);
    // S3 storage: the checked upload goes to the bucket (removeImportFolder deletes it on failure).
    await storeImportFile(key);

    const [row] = await db
      .insert(imports)
      .values({
        id: importId,
        businessId,
        status: "queued",
        fileName: input.fileName.slice(0, 255) || `upload.${fileType}`,
        fileType,
        fileSize: size,
        storageKey: key,
        mapping: toHeaderMapping(headers, mapping),
        onDuplicate: input.onDuplicate ?? "skip",
        strict: input.strict ?? false,
        createdById: ctx.userId,
      })
      .returning();
    const unmapped = suggestion.unmapped.filter((u) => mapping[u.column] === undefined);
    const fuzzy = suggestion.fuzzy.filter((f) => input.mapping?.[headers[f.column] ?? ""] === undefined);
    return { import: toSummary(row!), headers, unmapped, fuzzy };
  } catch (e) {
    await removeImportFolder(businessId, importId);
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------------
// get / list

async function loadImport(db: DbOrTx, businessId: string, importId: string): Promise<ImportRecord> {
  const [row] = await db
    .select()
    .from(imports)
    .where(and(eq(imports.id, importId), eq(imports.businessId, businessId)))
    .limit(1);
  if (!row) throw new AppError("NOT_FOUND", "Import not found.");
  return row;
}

/** One import of `businessId`. Errors: NOT_FOUND (also for another business's import). */
export async function getImport(db: DbOrTx, businessId: string, importId: string): Promise<ImportSummary> {
  return toSummary(await loadImport(db, businessId, importId));
}

/**
 * A business's imports, newest first, `limit` (≤ 100, default 20) per page; pass `nextCursor` (the last
 * import's createdAt, ISO) as `cursor` for the next page.
 */
export async function listImports(
  db: DbOrTx,
  businessId: string,
  opts: { limit?: number; cursor?: string } = {},
): Promise<{ items: ImportSummary[]; nextCursor: string | null }> {
  const limit = Math.min(Math.max(opts.limit ?? 20, 1), 100);
  const where = opts.cursor
    ? and(eq(imports.businessId, businessId), lt(imports.createdAt, new Date(opts.cursor)))
    : eq(imports.businessId, businessId);
  const rows = await db
    .select()
    .from(imports)
    .where(where)
    .orderBy(desc(imports.createdAt))
    .limit(limit + 1);
  const items = rows.slice(0, limit).map(toSummary);
  return {
    items,
    nextCursor: rows.length > limit ? items[items.length - 1]!.createdAt.toISOString() : null,
  };
}

/**
 * The error report of an import, for download. Errors: NOT_FOUND when the import is not the business's
 * or has no error file.
 */
export async function getImportErrorFile(
  db: DbOrTx,
  businessId: string,
  importId: string,
): Promise<{ key: string; path: string; fileName: string }> {
  const row = await loadImport(db, businessId, importId);
  if (!row.errorFileKey) throw new AppError("NOT_FOUND", "This import has no error file.");
  const base = row.fileName.replace(/\.[^.]*$/, "") || "import";
  return { key: row.errorFileKey, path: pathOfKey(row.errorFileKey), fileName: `${base}-errors.csv` };
}

// ---------------------------------------------------------------------------------------------------
// Per-import context: normaliser, business settings

interface ImportContext {
  row: ImportRecord;
  filePath: string;
  fileType: ImportFileType;
  headers: string[];
  /** Records before the header row. */
  headerSkip: number;
  mapping: ColumnMapping;
  normalize: RowNormalizer;
}

async function importContext(db: DbOrTx, row: ImportRecord, mappingOverride?: Record<string, string>) {
  // S3 storage: downloaded to the local cache once, reused by resumed runs.
  const filePath = await localImportFile(row.storageKey);
  const fileType = row.fileType as ImportFileType;
  const { headers, skip } = await readHeader(filePath, fileType);
  const [business] = await db
    .select({ country: businesses.country, currency: businesses.currency, timeZone: businesses.timeZone })
    .from(businesses)
    .where(eq(businesses.id, row.businessId));
  if (!business) throw new AppError("NOT_FOUND");
  const definitions = await customFieldDefinitions(db, row.businessId);
  const { mapping } = toColumnMapping(headers, mappingOverride ?? row.mapping);
  checkMapping(headers, mapping, definitions);
  const normalize = createRowNormalizer({
    mapping,
    defaultCountry: business.country,
    currency: business.currency,
    timeZone: business.timeZone,
    customFields: definitions,
    headers,
    strict: row.strict,
  });
  return { row, filePath, fileType, headers, headerSkip: skip, mapping, normalize } satisfies ImportContext;
}

// ---------------------------------------------------------------------------------------------------
// Customer values: what a candidate writes, and how it merges into an existing customer

type Kind = "text" | "textArray" | "stage" | "date" | "int" | "bool" | "time" | "json";

/** The customer columns an import writes: TS key, SQL column, kind. */
const columns: readonly (readonly [string, string, Kind])[] = [
  ["name", "name", "text"],
  ["email", "email", "text"],
  ["phone", "phone", "text"],
  ["phoneExtension", "phone_extension", "text"],
  ["whatsapp", "whatsapp", "text"],
  ["phoneDigits", "phone_digits", "text"],
  ["company", "company", "text"],
  ["addressLine1", "address_line1", "text"],
  ["addressLine2", "address_line2", "text"],
  ["city", "city", "text"],
  ["state", "state", "text"],
  ["postalCode", "postal_code", "text"],
  ["country", "country", "text"],
  ["source", "source", "text"],
  ["tags", "tags", "textArray"],
  ["lifecycleStage", "lifecycle_stage", "stage"],
  ["dateOfBirth", "date_of_birth", "date"],
  ["anniversary", "anniversary", "date"],
  ["birthdayMd", "birthday_md", "int"],
  ["anniversaryMd", "anniversary_md", "int"],
  ["emailConsent", "email_consent", "bool"],
  ["emailConsentAt", "email_consent_at", "time"],
  ["emailConsentSource", "email_consent_source", "text"],
  ["whatsappConsent", "whatsapp_consent", "bool"],
  ["whatsappConsentAt", "whatsapp_consent_at", "time"],
  ["whatsappConsentSource", "whatsapp_consent_source", "text"],
  ["smsConsent", "sms_consent", "bool"],
  ["smsConsentAt", "sms_consent_at", "time"],
  ["smsConsentSource", "sms_consent_source", "text"],
  ["customFields", "custom_fields", "json"],
  ["invalidValues", "invalid_values", "json"],
  ["externalId", "external_id", "text"],
];

const recordType: Record<Kind, string> = {
  text: "text",
  textArray: "text[]",
  stage: "text",
  date: "date",
  int: "int",
  bool: "boolean",
  time: "timestamptz",
  json: "jsonb",
};

/** `r(id uuid, line int, name text, …)`: the record shape of the JSON a batch sends. */
const recordDefinition = `id uuid, ${columns.map(([, col, kind]) => `${col} ${recordType[kind]}`).join(", ")}`;

function valueExpression(col: string, kind: Kind): string {
  if (kind === "stage") return `coalesce(r.${col}, 'lead')::lifecycle_stage`;
  if (kind === "textArray") return `coalesce(r.${col}, '{}'::text[])`;
  if (kind === "json") return `coalesce(r.${col}, '{}'::jsonb)`;
  if (col === "phone_digits") return `coalesce(r.${col}, '')`;
  return `r.${col}`;
}

const insertColumns = columns.map(([, col]) => col).join(", ");
const updateAssignments = columns.map(([, col, kind]) => `${col} = ${valueExpression(col, kind)}`).join(", ");

function previousExpression(key: string, col: string, kind: Kind): string {
  const p = `ic.previous->>'${key}'`;
  let value: string;
  switch (kind) {
    case "textArray":
      value = `coalesce(array(select jsonb_array_elements_text(ic.previous->'${key}')), '{}'::text[])`;
      break;
    case "json":
      value = `coalesce(ic.previous->'${key}', '{}'::jsonb)`;
      break;
    case "stage":
      value = `coalesce((${p})::lifecycle_stage, c.${col})`;
      break;
    case "date":
      value = `(${p})::date`;
      break;
    case "int":
      value = `(${p})::int`;
      break;
    case "bool":
      value = `(${p})::boolean`;
      break;
    case "time":
      value = `(${p})::timestamptz`;
      break;
    default:
      value = col === "phone_digits" || col === "name" ? `coalesce(${p}, c.${col})` : p;
  }
  return `${col} = case when ic.previous->'${key}' is not null then ${value} else c.${col} end`;
}

/**
 * Created customers travel as one text-array parameter per column (`unnest($1::text[], …)`): each value
 * as text (tags as an array literal, custom fields as JSON), cast back here.
 */
function unnestExpression(col: string, kind: Kind): string {
  const v = `r.${col}`;
  switch (kind) {
    case "stage":
      return `coalesce(${v}, 'lead')::lifecycle_stage`;
    case "textArray":
      return `coalesce(${v}::text[], '{}'::text[])`;
    case "json":
      return `coalesce(${v}::jsonb, '{}'::jsonb)`;
    case "date":
      return `${v}::date`;
    case "int":
      return `${v}::int`;
    case "bool":
      return `${v}::boolean`;
    case "time":
      return `${v}::timestamptz`;
    default:
      return col === "phone_digits" ? `coalesce(${v}, '')` : v;
  }
}

const unnestValues = columns.map(([, col, kind]) => unnestExpression(col, kind)).join(", ");
/** `r(id, note, name, email, …)`: the columns unnest spreads, in parameter order. */
const unnestAlias = `r(id, note, ${columns.map(([, col]) => col).join(", ")})`;

/** One column value as the text the unnest path sends. */
function asText(value: unknown, kind: Kind): string | null {
  if (value === null || value === undefined) return null;
  if (kind === "textArray") return textArrayLiteral(value as string[]);
  if (kind === "json") return JSON.stringify(value);
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

const restoreAssignments = columns.map(([key, col, kind]) => previousExpression(key, col, kind)).join(", ");

type Values = Record<string, unknown>;

const CONSENT_SOURCE = "import";

/** A candidate as a new customer's values (name falls back to email, then phone). */
function newCustomerValues(c: CustomerCandidate): Values {
  // A consent is never guessed: without a yes/no cell it stays null. A consentAt cell alone is kept as
  // the time (and source) on every channel, so the file's information is not lost.
  const consent = (given: boolean | null) =>
    given === null
      ? [null, c.consentAt, c.consentAt ? CONSENT_SOURCE : null]
      : [given, c.consentAt, CONSENT_SOURCE];
  const [emailConsent, emailConsentAt, emailConsentSource] = consent(c.emailConsent);
  const [whatsappConsent, whatsappConsentAt, whatsappConsentSource] = consent(c.whatsappConsent);
  const [smsConsent, smsConsentAt, smsConsentSource] = consent(c.smsConsent);
  return {
    name: c.name ?? c.email ?? c.phone ?? "",
    email: c.email,
    phone: c.phone,
    phoneExtension: c.phoneExtension,
    whatsapp: c.whatsapp,
    phoneDigits: phoneDigits(c.phone, c.whatsapp),
    company: c.company,
    addressLine1: c.addressLine1,
    addressLine2: c.addressLine2,
    city: c.city,
    state: c.state,
    postalCode: c.postalCode,
    country: c.country,
    source: c.source,
    tags: c.tags,
    lifecycleStage: c.lifecycleStage,
    dateOfBirth: c.dateOfBirth,
    anniversary: c.anniversary,
    birthdayMd: monthDay(c.dateOfBirth),
    anniversaryMd: monthDay(c.anniversary),
    emailConsent,
    emailConsentAt,
    emailConsentSource,
    whatsappConsent,
    whatsappConsentAt,
    whatsappConsentSource,
    smsConsent,
    smsConsentAt,
    smsConsentSource,
    customFields: c.customFields,
    invalidValues: c.invalidValues,
    externalId: c.externalId,
  };
}

const isEmpty = (v: unknown) =>
  v === null ||
  v === undefined ||
  v === "" ||
  (Array.isArray(v) && v.length === 0) ||
  (typeof v === "object" &&
    !Array.isArray(v) &&
    !(v instanceof Date) &&
    Object.keys(v as object).length === 0);

const plain = (v: unknown): unknown => (v instanceof Date ? v.toISOString() : v);
const same = (a: unknown, b: unknown) =>
  JSON.stringify(plain(a) ?? null) === JSON.stringify(plain(b) ?? null);

/** Groups of fields that change together (a phone and its extension; a consent, its time and source). */
const mergeGroups: readonly (readonly string[])[] = [
  ["name"],
  ["email"],
  ["phone", "phoneExtension"],
  ["whatsapp"],
  ["company"],
  ["addressLine1"],
  ["addressLine2"],
  ["city"],
  ["state"],
  ["postalCode"],
  ["country"],
  ["source"],
  ["tags"],
  ["lifecycleStage"],
  ["dateOfBirth"],
  ["anniversary"],
  ["emailConsent", "emailConsentAt", "emailConsentSource"],
  ["whatsappConsent", "whatsappConsentAt", "whatsappConsentSource"],
  ["smsConsent", "smsConsentAt", "smsConsentSource"],
  ["externalId"],
];

/**
 * Merges a candidate into an existing customer. `fill`: only empty fields are set (custom fields per
 * key); `overwrite`: every value the row has replaces the customer's (empty cells never clear a value).
 * Output: the full next values, and the previous values of the fields that changed (null when none).
 */
function mergeInto(existing: Values, c: CustomerCandidate, policy: "fill" | "overwrite") {
  const incoming = newCustomerValues(c);
  incoming.name = c.name;
  const next: Values = { ...existing };
  const previous: Values = {};
  const set = (key: string, value: unknown) => {
    if (same(next[key], value)) return;
    if (!(key in previous)) previous[key] = plain(existing[key]) ?? null;
    next[key] = value;
  };
  for (const group of mergeGroups) {
    const lead = group[0]!;
    if (isEmpty(incoming[lead])) continue;
    // lifecycle_stage always has a value: only `overwrite` changes it.
    if (policy === "fill" && (lead === "lifecycleStage" || !isEmpty(existing[lead]))) continue;
    for (const key of group) set(key, incoming[key]);
  }
  const customIncoming = c.customFields;
  if (Object.keys(customIncoming).length > 0) {
    const current = (existing.customFields ?? {}) as Record<string, unknown>;
    const merged = { ...current };
    for (const [key, value] of Object.entries(customIncoming))
      if (policy === "overwrite" || isEmpty(current[key])) merged[key] = value;
    set("customFields", merged);
  }
  // Values a row gave that did not validate are kept beside the customer's own (never replacing them).
  if (Object.keys(c.invalidValues).length > 0)
    set("invalidValues", { ...c.invalidValues, ...((existing.invalidValues ?? {}) as Values) });
  if ("phone" in previous || "whatsapp" in previous)
    set("phoneDigits", phoneDigits(next.phone as string | null, next.whatsapp as string | null));
  if ("dateOfBirth" in previous) set("birthdayMd", monthDay(next.dateOfBirth as string | null));
  if ("anniversary" in previous) set("anniversaryMd", monthDay(next.anniversary as string | null));
  return { next, previous: Object.keys(previous).length > 0 ? previous : null };
}

function toRecord(id: string, values: Values): Record<string, unknown> {
  const record: Record<string, unknown> = { id };
  for (const [key, col] of columns) record[col] = plain(values[key]) ?? null;
  return record;
}

const escapeHtml = (s: string) =>
  s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");

/** A plain-text notes cell as the sanitised HTML notes hold: one paragraph, line breaks kept. */
function noteHtml(text: string): string {
  return `<p>${escapeHtml(text).replace(/\r?\n/g, "<br>")}</p>`;
}

// ---------------------------------------------------------------------------------------------------
// Existing customers of a batch

const lookupColumns = {
  id: customers.id,
  importId: customers.importId,
  createdAt: customers.createdAt,
  ...Object.fromEntries(columns.map(([key]) => [key, customers[key as keyof typeof customers.$inferSelect]])),
} as unknown as Record<string, typeof customers.id>;

/** The LIMIT of the per-key duplicate lookup: far above any real match count, there to fence the plan. */
const LOOKUP_FENCE = 1_000_000;

/**
 * The business's customers (not in the Trash) that have one of `phones` (E.164) or `emails` (lower
 * case): by phone and by email, the oldest first when several share one. To be called in a transaction:
 * it asks for generic plans for its two statements (SET LOCAL) and restores the default after.
 */
export async function findExistingCustomers(
  db: DbOrTx,
  businessId: string,
  phones: string[],
  emails: string[],
): Promise<{ byPhone: Map<string, Values>; byEmail: Map<string, Values> }> {
  const byPhone = new Map<string, Values>();
  const byEmail = new Map<string, Values>();
  if (phones.length === 0 && emails.length === 0) return { byPhone, byEmail };
  // One index probe per key, (business_id, phone) or (business_id, lower(email)): the keys are unnested
  // and each is looked up in a LATERAL subquery that a LIMIT keeps from being flattened into a join (no
  // key matches that many customers; Drizzle leaves out OFFSET 0). A plain join or `= any(…)` lets the
  // planner scan all of the business's customers instead, which it does while its statistics still see
  // the business as small (a big import into a new business): every batch would then read every row
  // the import has written so far.
  const lookup = (keys: string[], matches: (key: SQL) => SQL) => {
    const found = db
      .select(lookupColumns)
      .from(customers)
      .where(and(eq(customers.businessId, businessId), matches(sql`k.key`), isNull(customers.deletedAt)))
      .limit(LOOKUP_FENCE)
      .as("found");
    const fields = Object.fromEntries(
      Object.keys(lookupColumns).map((key) => [key, found[key as "id"]]),
    ) as unknown as typeof lookupColumns;
    return db
      .select(fields)
      .from(sql`unnest(${textArrayLiteral(keys)}::text[]) as k(key)`)
      .crossJoinLateral(found) as unknown as Promise<Values[]>;
  };
  // Generic plans: a custom plan estimates a business missing from the statistics (a new business a
  // big import is filling) at one row, and may then probe the wrong index (the phone index for an email,
  // reading all of the business's customers for every key); a generic plan estimates an average one.
  await db.execute(sql`select set_config('plan_cache_mode', 'force_generic_plan', true)`);
  // Both sent at once (pipelined on the transaction's connection).
  const [byPhoneRows, byEmailRows] = await Promise.all([
    phones.length > 0 ? lookup(phones, (key) => sql`${customers.phone} = ${key}`) : [],
    emails.length > 0 ? lookup(emails, (key) => sql`lower(${customers.email}) = ${key}`) : [],
  ]);
  await db.execute(sql`select set_config('plan_cache_mode', 'auto', true)`);
  // The oldest customer wins when several share a phone or an email.
  const rows = [...byPhoneRows, ...byEmailRows].sort(
    (a, b) => (a.createdAt as Date).getTime() - (b.createdAt as Date).getTime(),
  );
  for (const row of rows) {
    const phone = row.phone as string | null;
    const email = (row.email as string | null)?.toLowerCase();
    if (phone && !byPhone.has(phone)) byPhone.set(phone, row);
    if (email && !byEmail.has(email)) byEmail.set(email, row);
  }
  return { byPhone, byEmail };
}

// ---------------------------------------------------------------------------------------------------
// processImport

export interface ImportProgress {
  processedRows: number;
  totalRows: number | null;
  created: number;
  updated: number;
  skipped: number;
  failed: number;
  warnings: number;
}

export interface ProcessImportOptions {
  /** Called after every committed batch. */
  onProgress?: (progress: ImportProgress) => void | Promise<void>;
  /** Stop after this many batches (the job runs a few per step); the import stays `running`. */
  maxBatches?: number;
  /** Rows per batch (default `IMPORT_BATCH_SIZE`). */
  batchSize?: number;
  /** When given, the import must belong to this business (NOT_FOUND otherwise). */
  businessId?: string;
}

export interface ProcessImportResult {
  /** Whether the whole file was read (status completed or failed). */
  done: boolean;
  import: ImportSummary;
}

interface Pending {
  line: number;
  cells: string[];
  result: NormalizedRow;
  /** A valid row as a new customer, encoded while the file is read (see `encodeNewCustomer`). */
  encoded?: EncodedCustomer;
}

/** A new customer's values as array-literal elements: the notes cell, then one per entry of `columns`. */
interface EncodedCustomer {
  note: string;
  values: string[];
}

/**
 * Encodes a valid row for `createCustomers` as the file is read, so the batch's transaction only picks
 * the rows that turn out new (the encoding is the same whether or not the row is then inserted).
 */
function encodeNewCustomer(c: CustomerCandidate): EncodedCustomer {
  const values = newCustomerValues(c);
  const encoded: string[] = new Array(columns.length);
  for (let i = 0; i < columns.length; i++) {
    const [key, , kind] = columns[i]!;
    encoded[i] = arrayElement(asText(values[key], kind));
  }
  return { note: arrayElement(c.notes ? noteHtml(c.notes) : null), values: encoded };
}

interface RunState {
  ctx: ImportContext;
  processedRows: number;
  created: number;
  updated: number;
  skipped: number;
  failed: number;
  warnings: number;
  /** Customers this import updated (in-file duplicates of them are skipped). */
  updatedIds: Set<string>;
  estimate: number | null;
}

const errorPartName = (start: number) => `errors-${String(start).padStart(10, "0")}.part`;

/** The error report's reasons for a row imported without some of its values. */
function warningReasons(warnings: readonly RowError[]): RowError[] {
  return warnings.map((w) => ({
    ...w,
    reason: `${w.reason} Imported without it; kept on the customer for review.`,
  }));
}

/**
 * Writes a batch's part of the error report: each refused row with its errors, and each imported row
 * that had invalid values with them as warnings (both can be fixed in the file and imported again).
 */
async function writeErrorPart(ctx: ImportContext, start: number, failedRows: Pending[]): Promise<void> {
  const dir = importFolder(ctx.row.businessId, ctx.row.id);
  const file = path.join(dir, errorPartName(start));
  if (failedRows.length === 0) {
    await rm(file, { force: true });
    return;
  }
  let text = "";
  const sink = new Writable({
    write(chunk, _enc, cb) {
      text += chunk.toString();
      cb();
    },
  });
  const writer = createErrorReportWriter(sink, ctx.headers);
  for (const p of failedRows) {
    const r = p.result as { ok: boolean; errors?: RowError[]; warnings?: RowError[] };
    await writer.add(p.cells, r.ok ? warningReasons(r.warnings ?? []) : (r.errors ?? []));
  }
  await writer.close();
  const headerText = `\ufeff${toCsvLine([...ctx.headers, "Error"])}`;
  const tmp = `${file}.${randomUUID()}.tmp`;
  await writeFile(tmp, text.slice(headerText.length));
  await rename(tmp, file);
}

/** Joins the error parts into `errors.csv` (header first); returns its key, or null without failures. */
async function finishErrorFile(ctx: ImportContext): Promise<string | null> {
  const { businessId, id } = ctx.row;
  const dir = importFolder(businessId, id);
  const key = errorFileKey(businessId, id);
  const parts = (await readdir(dir)).filter((f) => f.endsWith(".part")).sort();
  if (parts.length === 0) return (await importFileExists(key)) ? key : null;
  const tmp = path.join(dir, `errors.${randomUUID()}.tmp`);
  const out = createWriteStream(tmp);
  out.write(`\ufeff${toCsvLine([...ctx.headers, "Error"])}`);
  for (const part of parts) await pipeline(createReadStream(path.join(dir, part)), out, { end: false });
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  await rename(tmp, pathOfKey(key));
  // S3 storage: the report is served from the bucket. Before the parts go, so a crash here rebuilds it.
  await storeImportFile(key);
  for (const part of parts) await rm(path.join(dir, part), { force: true });
  return key;
}

interface NewCustomers {
  ids: string[];
  /** Per customer, the notes cell as sanitised HTML (an array-literal element; `NULL` without notes). */
  notes: string[];
  /** Per entry of `columns`, the batch's values as array-literal elements (`arrayElement`). */
  values: string[][];
}

/**
 * Inserts a batch of new customers with ONE statement: every column travels as one text-array parameter
 * spread by `unnest` (a constant number of parameters whatever the batch size), and the same statement
 * writes their notes from the inserted ids (`WITH ins AS (INSERT … RETURNING id)`). Created customers
 * carry `import_id`, which is all undo and the timeline's "imported" entry need (no row per customer in
 * `import_changes` or `activities`). Works on Postgres and PGlite alike.
 */
async function createCustomers(
  tx: DbOrTx,
  who: { businessId: string; importId: string; userId: string | null },
  rows: NewCustomers,
): Promise<void> {
  const arrays = rows.values.map((v) => sql`${arrayOfElements(v)}::text[]`);
  const hasNotes = rows.notes.some((n) => n !== "NULL");
  const insert = sql`
      insert into customers (id, business_id, import_id, ${sql.raw(insertColumns)})
      select r.id, ${who.businessId}::uuid, ${who.importId}::uuid, ${sql.raw(unnestValues)} from r`;
  const source = sql`
    with r as (
      select * from unnest(
        ${textArrayLiteral(rows.ids)}::uuid[],
        ${hasNotes ? arrayOfElements(rows.notes) : "{}"}::text[], ${sql.join(arrays, sql`, `)}
      ) as ${sql.raw(unnestAlias)}
    )`;
  if (!hasNotes) {
    await tx.execute(sql`${source} ${insert}`);
    return;
  }
  await tx.execute(sql`${source},
    ins as (${insert} returning id)
    insert into notes (business_id, customer_id, author_id, body)
    select ${who.businessId}::uuid, r.id, ${who.userId}::text, r.note
    from ins join r on r.id = ins.id where r.note is not null`);
}

/** A batch being written: settles when its decisions are made, and when it has committed. */
interface BatchWrite {
  /** The phone (`p:`) and email (`e:`) keys of the batch's valid rows; set once decided. */
  keys: Set<string>;
  decided: Promise<void>;
  committed: Promise<void>;
}

/**
 * Writes one batch in one transaction: the duplicate check (phone, else lower(email), against the
 * business's customers and this import's earlier rows), inserts, updates, `import_changes`, timeline
 * activities, notes, the batch's error part, and the counters with `processed_rows` (the resume point).
 *
 * Up to two batches are written at once (on Postgres; one at a time on PGlite): batch n+1 looks up its
 * duplicates and inserts while batch n is still open, makes its decisions only after batch n has made
 * its own (its rows repeating batch n's keys are skipped as in-file duplicates, the customers batch n
 * updates are left alone), and commits only after batch n has committed. The imports row is locked at
 * the end and its `processed_rows` must be this batch's start, so batches commit in file order and a
 * batch is never written twice (a failed batch n makes batch n+1 roll back).
 * Errors: CONFLICT when another run moved the import on; the previous batch's error when it failed.
 */
function startBatchWrite(
  db: Db,
  st: RunState,
  batch: Pending[],
  start: number,
  inFlight: readonly BatchWrite[],
): BatchWrite {
  // Batches still open before this one; each decides and commits after the one before it.
  const previous = inFlight.at(-1) ?? null;
  const earlierKeys = inFlight.map((w) => w.keys);
  const { row } = st.ctx;
  const { businessId, id: importId, onDuplicate } = row;
  let markDecided: () => void = () => {};
  let failDecided: (e: unknown) => void = () => {};
  const decided = new Promise<void>((resolve, reject) => {
    markDecided = resolve;
    failDecided = reject;
  });
  // Observed by the next batch; this only keeps an early failure from being reported as unhandled.
  decided.catch(() => {});
  const keys = new Set<string>();

  const failedRows: Pending[] = [];
  /** Rows refused, and rows imported with warnings, in file order: the batch's part of the error report. */
  const reportRows: Pending[] = [];
  const candidates: Pending[] = [];
  let warnings = 0;
  for (const p of batch) {
    if ("skip" in p.result) continue;
    if (p.result.ok) {
      candidates.push(p);
      if (p.result.warnings.length > 0) {
        warnings += p.result.warnings.length;
        reportRows.push(p);
      }
    } else {
      failedRows.push(p);
      reportRows.push(p);
    }
  }

  const phones = new Set<string>();
  const emails = new Set<string>();
  for (const p of candidates) {
    const c = (p.result as { customer: CustomerCandidate }).customer;
    if (c.phone) phones.add(c.phone);
    if (c.email) emails.add(c.email);
  }

  const write = async () => {
    const counters = await db.transaction(async (tx) => {
      // The batch and its resume point (processed_rows) commit together, so a crash can only lose whole
      // batches that the next run then writes again: no need to wait for the WAL flush at each commit
      // (set_config(…, true) is SET LOCAL).
      // The batch counts its customers into customer_counts itself, after the batch before it has
      // committed (below): the triggers would take the counter's row lock at insert time, while the batch
      // before is still open and waiting for this one's decisions.
      const [, { byPhone, byEmail }] = await Promise.all([
        tx.execute(
          sql`select set_config('synchronous_commit', 'off', true), set_config('mini_crm.counted_by_caller', 'on', true)`,
        ),
        findExistingCustomers(tx, businessId, [...phones], [...emails]),
      ]);
      if (previous) await previous.decided;

      // Created customers, column-wise: one text array per column (see `createCustomers`).
      const creates: NewCustomers = { ids: [], notes: [], values: columns.map(() => []) };
      const updates: Record<string, unknown>[] = [];
      const changes: { id: string; action: "created" | "updated"; previous: Values | null; line: number }[] =
        [];
      const activitiesToAdd: { id: string; data: Values }[] = [];
      // Keys met in this batch or in a batch still open before it (its rows are not visible to this
      // transaction's lookups).
      const seen = (key: string) => keys.has(key) || earlierKeys.some((k) => k.has(key));
      const targeted = new Set<string>();
      let created = 0;
      let updated = 0;
      let skipped = 0;

      for (const p of candidates) {
        const c = (p.result as { customer: CustomerCandidate }).customer;
        const phoneKey = c.phone ? `p:${c.phone}` : null;
        const emailKey = c.email ? `e:${c.email}` : null;
        const repeated = (phoneKey !== null && seen(phoneKey)) || (emailKey !== null && seen(emailKey));
        if (phoneKey) keys.add(phoneKey);
        if (emailKey) keys.add(emailKey);
        if (repeated) {
          skipped++;
          continue;
        }
        const match =
          (c.phone ? byPhone.get(c.phone) : undefined) ?? (c.email ? byEmail.get(c.email) : undefined);
        if (match) {
          const matchId = match.id as string;
          if (
            match.importId === importId ||
            st.updatedIds.has(matchId) ||
            targeted.has(matchId) ||
            onDuplicate === "skip"
          ) {
            skipped++;
            continue;
          }
          targeted.add(matchId);
          const { next, previous: before } = mergeInto(match, c, onDuplicate);
          if (!before) {
            skipped++;
            continue;
          }
          updates.push(toRecord(matchId, next));
          changes.push({ id: matchId, action: "updated", previous: before, line: p.line });
          activitiesToAdd.push({
            id: matchId,
            data: { importId, fileName: row.fileName, fields: Object.keys(before) },
          });
          // Seen by the next batch at once (it decides after this one), kept only if this run goes on.
          st.updatedIds.add(matchId);
          updated++;
          continue;
        }
        // Time-ordered (UUIDv7, RFC 9562): a batch's ids land together at the end of the primary key.
        // Set for every valid row while the file is read.
        const encoded = p.encoded!;
        creates.ids.push(uuidv7());
        creates.notes.push(encoded.note);
        for (let i = 0; i < columns.length; i++) creates.values[i]!.push(encoded.values[i]!);
        created++;
      }

      markDecided();

      if (creates.ids.length > 0)
        await createCustomers(tx, { businessId, importId, userId: row.createdById }, creates);
      if (updates.length > 0)
        await tx.execute(sql`
        update customers c set ${sql.raw(updateAssignments)}, updated_at = now()
        from jsonb_to_recordset(${JSON.stringify(updates)}::jsonb) as r(${sql.raw(recordDefinition)})
        where c.id = r.id and c.business_id = ${businessId}`);
      if (changes.length > 0)
        await tx.execute(sql`
        insert into import_changes (business_id, import_id, customer_id, action, previous, line)
        select ${businessId}, ${importId}, r.id, r.action::import_change_action, r.previous, r.line
        from jsonb_to_recordset(${JSON.stringify(changes)}::jsonb) as r(id uuid, action text, previous jsonb, line int)`);
      if (activitiesToAdd.length > 0)
        await tx.execute(sql`
        insert into activities (business_id, customer_id, type, actor_user_id, data)
        select ${businessId}, r.id, 'imported', ${row.createdById}, r.data
        from jsonb_to_recordset(${JSON.stringify(activitiesToAdd)}::jsonb) as r(id uuid, data jsonb)`);

      await writeErrorPart(st.ctx, start, reportRows);

      // Commit in file order: after the previous batch, whose counters are then in `st`.
      if (previous) await previous.committed;
      const [locked] = await execRows<{ processed_rows: number; status: string }>(
        tx,
        sql`select processed_rows, status from imports where id = ${importId} for update`,
      );
      if (locked?.status !== "running" || locked.processed_rows !== start)
        throw new AppError("CONFLICT", "This import is being processed by another run.");
      if (creates.ids.length > 0)
        await tx.execute(sql`
          insert into customer_counts (business_id, live) values (${businessId}, ${creates.ids.length})
          on conflict (business_id) do update set live = customer_counts.live + excluded.live`);

      const processedRows = start + batch.length;
      const next = {
        processedRows,
        created: st.created + created,
        updated: st.updated + updated,
        skipped: st.skipped + skipped,
        failed: st.failed + failedRows.length,
        warnings: st.warnings + warnings,
      };
      await tx
        .update(imports)
        .set({ ...next, totalRows: st.estimate !== null ? Math.max(st.estimate, processedRows) : null })
        .where(eq(imports.id, importId));
      // Applied to the run's state only once the transaction commits (below).
      return next;
    });
    Object.assign(st, counters);
  };
  const committed = write();
  committed.catch((e) => failDecided(e));
  return { keys, decided, committed };
}

async function markFailed(db: DbOrTx, importId: string, message: string): Promise<ImportRecord> {
  const [row] = await db
    .update(imports)
    .set({ status: "failed", error: message, finishedAt: new Date() })
    .where(eq(imports.id, importId))
    .returning();
  return row!;
}

/**
 * Marks a queued or running import `failed` with `message` (the job's last attempt failed). A finished
 * import is left as it is.
 */
export async function markImportFailed(db: DbOrTx, importId: string, message: string): Promise<void> {
  await db
    .update(imports)
    .set({ status: "failed", error: message.slice(0, 2000), finishedAt: new Date() })
    .where(and(eq(imports.id, importId), inArray(imports.status, ["queued", "running"])));
}

/**
 * Runs (or resumes) an import: streams the file, normalises each row (`createRowNormalizer`), and writes
 * batches of `IMPORT_BATCH_SIZE` rows with set-based SQL (one lookup, one multi-row insert, one update
 * per batch; never a round trip per row). Duplicates are matched by phone (E.164), else lower(email),
 * against the business's customers and the rows of this import: policy `skip` counts them as skipped,
 * `fill` sets only empty fields, `overwrite` replaces with the row's non-empty values; a later row of
 * the file matching an earlier one is skipped. Created customers get `import_id` (undo deletes by it);
 * `import_changes` records the previous values of the fields changed on updated customers. Failed rows go to
 * the error report (original cells + reason). Counters and `processed_rows` are committed with each batch,
 * so a resumed run starts after the last committed batch and never imports a row twice.
 *
 * A finished import (completed, failed, undone) is returned as is. A file that cannot be read (an
 * unclosed quote, too many rows) marks the import `failed` with the message; rows of earlier batches stay
 * imported (undo removes them).
 *
 * @throws AppError NOT_FOUND for an unknown import; CONFLICT when another run processes it; database
 *   errors as thrown (the job retries; committed batches are kept)
 */
export async function processImport(
  db: Db,
  importId: string,
  options: ProcessImportOptions = {},
): Promise<ProcessImportResult> {
  const [found] = await db
    .select()
    .from(imports)
    .where(
      options.businessId
        ? and(eq(imports.id, importId), eq(imports.businessId, options.businessId))
        : eq(imports.id, importId),
    );
  if (!found) throw new AppError("NOT_FOUND", "Import not found.");
  if (found.status !== "queued" && found.status !== "running")
    return { done: true, import: toSummary(found) };

  let row = found;
  if (row.status === "queued") {
    const [started] = await db
      .update(imports)
      .set({ status: "running", startedAt: new Date() })
      .where(and(eq(imports.id, importId), eq(imports.status, "queued")))
      .returning();
    if (started) row = started;
    else return processImport(db, importId, options);
  }

  let ctx: ImportContext;
  try {
    ctx = await importContext(db, row);
  } catch (e) {
    if (e instanceof AppError && e.code === "VALIDATION")
      return { done: true, import: toSummary(await markFailed(db, importId, e.message)) };
    throw e;
  }

  const updatedIds = new Set<string>();
  if (row.updated > 0) {
    const rows = await db
      .select({ id: importChanges.customerId })
      .from(importChanges)
      .where(
        and(
          eq(importChanges.businessId, row.businessId),
          eq(importChanges.importId, importId),
          eq(importChanges.action, "updated"),
        ),
      );
    for (const r of rows) updatedIds.add(r.id);
  }
  const st: RunState = {
    ctx,
    processedRows: row.processedRows,
    created: row.created,
    updated: row.updated,
    skipped: row.skipped,
    failed: row.failed,
    warnings: row.warnings,
    updatedIds,
    estimate: null,
  };
  const batchSize = options.batchSize ?? IMPORT_BATCH_SIZE;
  const maxBatches = options.maxBatches ?? Number.POSITIVE_INFINITY;
  const toSkip = ctx.headerSkip + 1 + st.processedRows;
  let seen = 0;
  let batch: Pending[] = [];
  let chars = 0;
  let sampled = 0;

  const progress = async () => {
    await options.onProgress?.({
      processedRows: st.processedRows,
      totalRows: st.estimate,
      created: st.created,
      updated: st.updated,
      skipped: st.skipped,
      failed: st.failed,
      warnings: st.warnings,
    });
  };

  // Pipeline: while batches n and n+1 are written (Postgres works, on two connections), batch n+2 is
  // read and normalised (Node works). Commits stay in file order (see `startBatchWrite`); rows read
  // ahead of a stop (maxBatches) are simply read again by the next run.
  const depth = isEmbedded(db) ? 1 : 2;
  const inFlight: BatchWrite[] = [];
  let nextStart = st.processedRows;
  let started = 0;
  const settleOldest = async () => {
    const oldest = inFlight.shift();
    if (!oldest) return;
    await oldest.committed;
    await progress();
  };
  const startWrite = (rows: Pending[]) => {
    const write = startBatchWrite(db, st, rows, nextStart, [...inFlight]);
    // Surfaced when settled; this only keeps a rejection from being reported as unhandled meanwhile.
    write.committed.catch(() => {});
    inFlight.push(write);
    nextStart += rows.length;
    started++;
  };
  const stopped = async () => {
    while (inFlight.length > 0) await settleOldest();
    const current = await loadImport(db, row.businessId, importId);
    return { done: false, import: toSummary(current) };
  };

  try {
    for await (const sheetRow of rowsOf(ctx.filePath, ctx.fileType)) {
      if (seen++ < toSkip) continue;
      if (ctx.fileType === "csv" && sampled < 10_000) {
        for (const c of sheetRow.cells) chars += c.length + 1;
        sampled++;
      }
      const result = ctx.normalize(sheetRow.cells, sheetRow.line);
      batch.push({
        line: sheetRow.line,
        cells: sheetRow.cells,
        result,
        encoded: "ok" in result && result.ok ? encodeNewCustomer(result.customer) : undefined,
      });
      // Rows already parsed are handed over as microtasks, which would hold back the replies of the
      // batches being written; let them through now and then.
      if (inFlight.length > 0 && batch.length % 256 === 0)
        await new Promise<void>((resolve) => setImmediate(resolve));
      if (batch.length >= batchSize) {
        while (inFlight.length >= depth) await settleOldest();
        if (started >= maxBatches) return await stopped();
        if (ctx.fileType === "csv" && sampled > 0) st.estimate = Math.round(row.fileSize / (chars / sampled));
        startWrite(batch);
        batch = [];
      }
    }
    while (inFlight.length > 0) await settleOldest();
    if (started >= maxBatches) return await stopped();
    if (batch.length > 0) {
      st.estimate = null;
      startWrite(batch);
      batch = [];
      await settleOldest();
    }
  } catch (e) {
    // A read error while batches are being written: let those writes finish (or fail) first.
    await Promise.allSettled(inFlight.map((w) => w.committed));
    if (e instanceof AppError && e.code === "VALIDATION")
      return { done: true, import: toSummary(await markFailed(db, importId, e.message)) };
    throw e;
  }

  const errorKey = await finishErrorFile(ctx);
  const [done] = await db
    .update(imports)
    .set({
      status: "completed",
      totalRows: st.processedRows,
      errorFileKey: errorKey,
      finishedAt: new Date(),
    })
    .where(and(eq(imports.id, importId), eq(imports.status, "running")))
    .returning();
  st.estimate = st.processedRows;
  await progress();
  return { done: true, import: toSummary(done ?? (await loadImport(db, row.businessId, importId))) };
}

// ---------------------------------------------------------------------------------------------------
// startImport

async function countDataRows(ctx: { filePath: string; fileType: ImportFileType }, limit: number) {
  let records = 0;
  let header = false;
  for await (const r of rowsOf(ctx.filePath, ctx.fileType)) {
    if (!header) {
      if (!isBlank(r.cells)) header = true;
      continue;
    }
    if (++records > limit) break;
  }
  return records;
}

/**
 * Starts a queued import: files of at most `INLINE_IMPORT_MAX_ROWS` data rows are processed now (the
 * summary returned is final); larger ones are handed to the `imports/process.requested` job (status stays
 * `queued` until it starts; `requestedAt` records the hand-over). `mode` forces one way. Errors: NOT_FOUND; CONFLICT when not queued.
 */
export async function startImport(
  db: Db,
  businessId: string,
  importId: string,
  opts: { mode?: "auto" | "inline" | "job" } = {},
): Promise<ImportSummary> {
  const row = await loadImport(db, businessId, importId);
  if (row.status !== "queued") throw new AppError("CONFLICT", "This import has already started.");
  let mode = opts.mode ?? "auto";
  if (mode === "auto") {
    const rows = await countDataRows(
      { filePath: await localImportFile(row.storageKey), fileType: row.fileType as ImportFileType },
      INLINE_IMPORT_MAX_ROWS,
    ).catch(() => 0);
    mode = rows <= INLINE_IMPORT_MAX_ROWS ? "inline" : "job";
  }
  if (mode === "inline") return (await processImport(db, importId, { businessId })).import;
  // Recorded before the event is sent: the hourly sweep re-sends the event of an import requested long
  // ago whose job never began (`resendLostImports`).
  await db
    .update(imports)
    .set({ requestedAt: new Date() })
    .where(and(eq(imports.id, importId), eq(imports.businessId, businessId), eq(imports.status, "queued")));
  const { sendEvent } = await import("@/server/jobs/send");
  await sendEvent({ name: "imports/process.requested", data: { importId, businessId } });
  return toSummary(await loadImport(db, businessId, importId));
}

/**
 * Changes the mapping, duplicate policy or strictness of a queued import (after the user corrects the columns).
 * Errors: NOT_FOUND; CONFLICT once started; VALIDATION as `createImport` for the mapping.
 */
export async function configureImport(
  db: Db,
  businessId: string,
  importId: string,
  input: { mapping?: Record<string, string>; onDuplicate?: DuplicatePolicy; strict?: boolean },
): Promise<ImportSummary> {
  const row = await loadImport(db, businessId, importId);
  if (row.status !== "queued") throw new AppError("CONFLICT", "This import has already started.");
  let mapping = row.mapping;
  if (input.mapping) {
    // Only the header row is needed: the stored mapping is replaced, not checked.
    const { headers } = await readHeader(
      await localImportFile(row.storageKey),
      row.fileType as ImportFileType,
    );
    const { mapping: columnsMapping, unknown } = toColumnMapping(headers, input.mapping);
    if (unknown.length > 0)
      throw new AppError(
        "VALIDATION",
        `The mapping names columns that are not in the file: ${unknown.join(", ")}.`,
      );
    checkMapping(headers, columnsMapping, await customFieldDefinitions(db, businessId));
    mapping = toHeaderMapping(headers, columnsMapping);
  }
  const [updated] = await db
    .update(imports)
    .set({
      mapping,
      onDuplicate: input.onDuplicate ?? row.onDuplicate,
      strict: input.strict ?? row.strict,
    })
    .where(and(eq(imports.id, importId), eq(imports.businessId, businessId)))
    .returning();
  return toSummary(updated!);
}

// ---------------------------------------------------------------------------------------------------
// previewImport

export interface PreviewRow {
  line: number;
  cells: string[];
  status: "ok" | "error" | "skip";
  /** The customer as it will be saved (ok rows). */
  customer: CustomerCandidate | null;
  /**
   * Invalid cells: `column` is the 0-based index into `cells` (-1 for the whole row). On an ok row they
   * are warnings: the customer is imported without those values, which are kept for review.
   */
  errors: RowError[];
  /** Why an ok row will not create a customer: it matches an existing one or an earlier row. */
  duplicate: "existing" | "file" | null;
  skipReason: string | null;
}

export interface ImportPreview {
  headers: string[];
  /** Column header → field. */
  mapping: Record<string, string>;
  unmapped: HeaderSuggestion["unmapped"];
  onDuplicate: DuplicatePolicy;
  rows: PreviewRow[];
}

/**
 * The first `PREVIEW_ROWS` data rows normalised exactly as `processImport` will save them, invalid
 * cells marked, duplicates flagged. `mapping` previews another column mapping without saving it.
 * Errors: NOT_FOUND; VALIDATION for a mapping with unknown fields or no usable column.
 */
export async function previewImport(
  db: DbOrTx,
  businessId: string,
  importId: string,
  opts: { mapping?: Record<string, string>; limit?: number } = {},
): Promise<ImportPreview> {
  const row = await loadImport(db, businessId, importId);
  const ctx = await importContext(db, row, opts.mapping);
  const limit = Math.min(opts.limit ?? PREVIEW_ROWS, 100);
  const rows: PreviewRow[] = [];
  let seen = 0;
  for await (const r of rowsOf(ctx.filePath, ctx.fileType)) {
    if (seen++ <= ctx.headerSkip) continue;
    const result = ctx.normalize(r.cells, r.line);
    if ("skip" in result)
      rows.push({
        line: r.line,
        cells: r.cells,
        status: "skip",
        customer: null,
        errors: [],
        duplicate: null,
        skipReason: result.skip,
      });
    else if (result.ok) {
      const customer = {
        ...result.customer,
        name: result.customer.name ?? result.customer.email ?? result.customer.phone,
      };
      rows.push({
        line: r.line,
        cells: r.cells,
        status: "ok",
        customer,
        errors: result.warnings,
        duplicate: null,
        skipReason: null,
      });
    } else
      rows.push({
        line: r.line,
        cells: r.cells,
        status: "error",
        customer: null,
        errors: result.errors,
        duplicate: null,
        skipReason: null,
      });
    if (rows.length >= limit) break;
  }
  const ok = rows.filter((r) => r.customer);
  const { byPhone, byEmail } = await db.transaction((tx) =>
    findExistingCustomers(
      tx,
      businessId,
      ok.map((r) => r.customer!.phone).filter((p): p is string => !!p),
      ok.map((r) => r.customer!.email).filter((e): e is string => !!e),
    ),
  );
  const keys = new Set<string>();
  for (const r of ok) {
    const c = r.customer!;
    const k = [c.phone && `p:${c.phone}`, c.email && `e:${c.email}`].filter(Boolean) as string[];
    if (k.some((x) => keys.has(x))) r.duplicate = "file";
    else if ((c.phone && byPhone.has(c.phone)) || (c.email && byEmail.has(c.email))) r.duplicate = "existing";
    for (const x of k) keys.add(x);
  }
  const suggestion = mapHeaders(ctx.headers);
  return {
    headers: ctx.headers,
    mapping: toHeaderMapping(ctx.headers, ctx.mapping),
    unmapped: suggestion.unmapped.filter((u) => ctx.mapping[u.column] === undefined),
    onDuplicate: row.onDuplicate,
    rows,
  };
}

// ---------------------------------------------------------------------------------------------------
// undoImport

/**
 * Undoes an import: hard-deletes the customers it created (they are new; their notes, tasks and timeline
 * go with them) and restores the previous values of the fields it changed on existing customers; the
 * import becomes `undone`. One transaction, set-based.
 *
 * @returns how many customers were deleted and restored
 * @throws AppError NOT_FOUND (also another business's import); CONFLICT while queued or running, or
 *   when already undone
 */
export async function undoImport(
  db: Db,
  ctx: ImportActor,
  importId: string,
): Promise<{ import: ImportSummary; deleted: number; restored: number }> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(imports)
      .where(and(eq(imports.id, importId), eq(imports.businessId, ctx.businessId)))
      .for("update");
    if (!row) throw new AppError("NOT_FOUND", "Import not found.");
    if (row.status === "undone") throw new AppError("CONFLICT", "This import has already been undone.");
    if (row.status === "queued" || row.status === "running")
      throw new AppError("CONFLICT", "This import is still running. Undo it once it has finished.");

    const restored = await execRows<{ id: string }>(
      tx,
      sql`update customers c set ${sql.raw(restoreAssignments)}, updated_at = now()
          from import_changes ic
          where ic.business_id = ${ctx.businessId} and ic.import_id = ${importId} and ic.action = 'updated'
            and c.id = ic.customer_id and c.business_id = ${ctx.businessId}
          returning c.id`,
    );
    if (restored.length > 0)
      await tx.execute(sql`
        delete from activities a using import_changes ic
        where ic.business_id = ${ctx.businessId} and ic.import_id = ${importId} and ic.action = 'updated'
          and a.business_id = ${ctx.businessId} and a.customer_id = ic.customer_id
          and a.type = 'imported' and a.data->>'importId' = ${importId}`);
    // Customers it created carry its id (index customers_business_id_import_id_idx).
    const deleted = await execRows<{ id: string }>(
      tx,
      sql`delete from customers c
          where c.business_id = ${ctx.businessId} and c.import_id = ${importId}
          returning c.id`,
    );
    const [undone] = await tx
      .update(imports)
      .set({ status: "undone" })
      .where(eq(imports.id, importId))
      .returning();
    return { import: toSummary(undone!), deleted: deleted.length, restored: restored.length };
  });
}
