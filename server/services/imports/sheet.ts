import { stat } from "node:fs/promises";
import { AppError } from "@/server/errors";
import { isBlank, readHeader, rowsOf, sniff } from "./mapping";
import { detectFileType } from "./sniff";
import type { SheetRow } from "./types";
import { checkXlsxArchive } from "./xlsx-guard";

/**
 * An uploaded spreadsheet opened for a one-shot import (purchases, products) with the customers
 * import's reader: the file type sniffed from its content (CSV or XLSX; other files refused), an XLSX
 * archive guarded, the header row found. Output: the headers and a reader of the data rows (header and
 * blank rows left out; `line` as in the spreadsheet). Errors: AppError VALIDATION for a file that cannot
 * be imported.
 */
export async function openSheet(
  filePath: string,
  fileName: string,
): Promise<{ headers: string[]; dataRows: () => AsyncGenerator<SheetRow> }> {
  const { size } = await stat(filePath);
  const fileType = detectFileType(await sniff(filePath), fileName, size);
  if (fileType === "xlsx") await checkXlsxArchive(filePath);
  const { headers, skip } = await readHeader(filePath, fileType);
  async function* dataRows() {
    let index = 0;
    for await (const row of rowsOf(filePath, fileType)) {
      if (index++ <= skip || isBlank(row.cells)) continue;
      yield row;
    }
  }
  return { headers, dataRows };
}

/**
 * The column mapping of a one-shot import: the suggested one, with the caller's `override` (header →
 * target) on top. Errors: AppError VALIDATION (field `mapping`) for a header the file does not have or a
 * target not in `targets`.
 */
export function mappingWith<T extends string>(
  headers: readonly string[],
  suggested: Record<string, T>,
  override: Record<string, string> | undefined,
  targets: readonly T[],
): Record<string, T> {
  const mapping = { ...suggested };
  for (const [header, target] of Object.entries(override ?? {})) {
    if (!headers.includes(header))
      throw new AppError("VALIDATION", `The file has no column "${header}".`, {
        mapping: `No column "${header}".`,
      });
    if (!(targets as readonly string[]).includes(target))
      throw new AppError("VALIDATION", `"${target}" is not something a column can hold.`, {
        mapping: `Use one of: ${targets.join(", ")}.`,
      });
    mapping[header] = target as T;
  }
  return mapping;
}
