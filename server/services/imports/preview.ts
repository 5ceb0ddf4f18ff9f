import type { DbOrTx } from "@/db/client";
import { importContext } from "./context";
import { type HeaderSuggestion, mapHeaders } from "./headers";
import { type DuplicatePolicy, loadImport, PREVIEW_ROWS } from "./lifecycle";
import { findExistingCustomers } from "./lookup";
import { rowsOf, toHeaderMapping } from "./mapping";
import type { CustomerCandidate, RowError } from "./types";

/**
 * The preview of an import: its first rows as they would be imported, with the problems each has.
 * Part of the import pipeline; `run.ts` is its public entry.
 */

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
