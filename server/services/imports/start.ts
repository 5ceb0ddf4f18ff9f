import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { imports } from "@/db/schema";
import { AppError } from "@/server/errors";
import {
  type DuplicatePolicy,
  type ImportSummary,
  INLINE_IMPORT_MAX_ROWS,
  loadImport,
  toSummary,
} from "./lifecycle";
import {
  checkMapping,
  customFieldDefinitions,
  isBlank,
  readHeader,
  rowsOf,
  toColumnMapping,
  toHeaderMapping,
} from "./mapping";
import { processImport } from "./process";
import type { ImportFileType } from "./sniff";
import { localImportFile } from "./storage";

/**
 * Starting an import (inline for small files, else the background job) and changing its configuration before it starts.
 * Part of the import pipeline; `run.ts` is its public entry.
 */

export async function countDataRows(ctx: { filePath: string; fileType: ImportFileType }, limit: number) {
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
