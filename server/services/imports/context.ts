import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { businesses } from "@/db/schema";
import { AppError } from "@/server/errors";
import type { ImportRecord } from "./lifecycle";
import { checkMapping, customFieldDefinitions, readHeader, toColumnMapping } from "./mapping";
import { createRowNormalizer, type RowNormalizer } from "./normalize";
import type { ImportFileType } from "./sniff";
import { localImportFile } from "./storage";
import type { ColumnMapping } from "./types";

/**
 * What one import run needs: its row, file, headers, mapping and the row normaliser with the business's settings.
 * Part of the import pipeline; `run.ts` is its public entry.
 */

export interface ImportContext {
  row: ImportRecord;
  filePath: string;
  fileType: ImportFileType;
  headers: string[];
  /** Records before the header row. */
  headerSkip: number;
  mapping: ColumnMapping;
  normalize: RowNormalizer;
}

export async function importContext(db: DbOrTx, row: ImportRecord, mappingOverride?: Record<string, string>) {
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
