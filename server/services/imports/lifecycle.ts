import { randomUUID } from "node:crypto";
import { copyFile, rename, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { and, desc, eq, lt } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { type duplicatePolicy, imports } from "@/db/schema";
import { AppError } from "@/server/errors";
import { type HeaderSuggestion, mapHeaders } from "./headers";
import {
  checkMapping,
  customFieldDefinitions,
  readHeader,
  sniff,
  toColumnMapping,
  toHeaderMapping,
} from "./mapping";
import { detectFileType, MAX_IMPORT_BYTES } from "./sniff";
import { ensureImportFolder, pathOfKey, removeImportFolder, storeImportFile, uploadKey } from "./storage";
import { checkXlsxArchive } from "./xlsx-guard";

/**
 * An import's record: its summary, creation from an upload (stored file, suggested mapping), and reads.
 * Part of the import pipeline; `run.ts` is its public entry.
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

/** An import's running counts (rows read, and what became of them). */
export interface ImportCounters {
  processedRows: number;
  created: number;
  updated: number;
  skipped: number;
  failed: number;
  /** Invalid values imported customers were kept with (listed in the error report). */
  warnings: number;
}

/** The counters stored on an import row. */
export function countersOf(row: ImportRecord): ImportCounters {
  const { processedRows, created, updated, skipped, failed, warnings } = row;
  return { processedRows, created, updated, skipped, failed, warnings };
}

/** What the API and UI show of an import. */
export interface ImportSummary extends ImportCounters {
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
  /** Whether a row with any invalid value is refused whole. */
  strict: boolean;
  error: string | null;
  /** Storage key of the error report (original cells + an Error column), when rows failed. */
  errorFileKey: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** When the import was handed to the background job (null: processed inline or never started). */
  requestedAt: Date | null;
}

/** An import row as the API and UI show it. */
export function toSummary(row: ImportRecord): ImportSummary {
  return {
    id: row.id,
    status: row.status,
    fileName: row.fileName,
    fileType: row.fileType,
    fileSize: row.fileSize,
    onDuplicate: row.onDuplicate,
    mapping: row.mapping,
    totalRows: row.totalRows,
    ...countersOf(row),
    strict: row.strict,
    error: row.error,
    errorFileKey: row.errorFileKey,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    requestedAt: row.requestedAt,
  };
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

export async function loadImport(db: DbOrTx, businessId: string, importId: string): Promise<ImportRecord> {
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
): Promise<{ data: ImportSummary[]; nextCursor: string | null }> {
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
    data: items,
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
