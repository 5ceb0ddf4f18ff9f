import { open } from "node:fs/promises";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { customFields } from "@/db/schema";
import { AppError } from "@/server/errors";
import type { CustomFieldDefinition } from "./custom-values";
import { normalizeHeader } from "./headers";
import { readCsv } from "./read-csv";
import { readXlsx } from "./read-xlsx";
import { type ImportFileType, SNIFF_BYTES } from "./sniff";
import { type ColumnMapping, importFields, type MappingTarget, type SheetRow } from "./types";

/**
 * Reading the uploaded file (CSV or XLSX rows, the header row) and the column mapping: header name → target field.
 * Part of the import pipeline; `run.ts` is its public entry.
 */

/** Fields a column may be mapped to (besides `custom:<key>` and `ignore`). */
const validTargets = new Set<string>(importFields);

export function rowsOf(filePath: string, fileType: ImportFileType): AsyncGenerator<SheetRow> {
  return fileType === "xlsx" ? readXlsx(filePath) : readCsv(filePath);
}

export function isBlank(cells: readonly string[]): boolean {
  for (const c of cells) if (c.trim() !== "") return false;
  return true;
}

/** The header row (the first record with a non-blank cell) and the records read before it. */
export async function readHeader(
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

export async function sniff(filePath: string): Promise<Uint8Array> {
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
export function toColumnMapping(
  headers: string[],
  byHeader: Record<string, string>,
  base: ColumnMapping = {},
) {
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

export function toHeaderMapping(headers: string[], mapping: ColumnMapping): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [column, target] of Object.entries(mapping)) {
    const header = headers[Number(column)];
    if (header !== undefined && header !== "" && !(header in out)) out[header] = target;
  }
  return out;
}

export async function customFieldDefinitions(
  db: DbOrTx,
  businessId: string,
): Promise<CustomFieldDefinition[]> {
  const rows = await db
    .select({ key: customFields.key, type: customFields.type, options: customFields.options })
    .from(customFields)
    .where(eq(customFields.businessId, businessId));
  return rows;
}

export const identityFields = new Set(["name", "firstName", "lastName", "email", "phone"]);

/**
 * Validates the targets of a mapping. Errors: VALIDATION naming the column for an unknown field or
 * custom field, and "No column could be matched…" when no column is mapped to a customer field, or none
 * to a name, email or phone.
 */
export function checkMapping(
  headers: string[],
  mapping: ColumnMapping,
  definitions: CustomFieldDefinition[],
) {
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
