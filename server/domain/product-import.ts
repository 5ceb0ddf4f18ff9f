import { suggestSheetMapping } from "./sheet-mapping";

/**
 * Importing the catalog (products and services) from a spreadsheet: which column holds what, and how a
 * tax cell reads. Pure; server/services/products/import.ts runs it.
 */

export const productImportTargets = [
  "name",
  "description",
  "unitPrice",
  "unit",
  "taxRate",
  "hsnSac",
  "ignore",
] as const;
export type ProductImportTarget = (typeof productImportTargets)[number];

/** Rows one catalog import takes. */
export const MAX_PRODUCT_IMPORT_ROWS = 20_000;

const synonyms: Record<Exclude<ProductImportTarget, "ignore">, string[]> = {
  name: ["name", "product", "product name", "item", "item name", "service", "service name", "title"],
  description: ["description", "details", "product description"],
  unitPrice: ["price", "unit price", "rate", "mrp", "selling price", "sale price", "amount", "cost"],
  unit: ["unit", "uom", "unit of measure"],
  taxRate: ["tax", "tax rate", "gst", "gst rate", "gst %", "tax %", "vat", "vat rate", "igst rate"],
  hsnSac: ["hsn", "sac", "hsn/sac", "hsn code", "sac code", "hsn/sac code", "hsn sac"],
};

/** The suggested target of each header (first header wins a target), from common catalog export names. */
export function suggestProductMapping(headers: readonly string[]): Record<string, ProductImportTarget> {
  return suggestSheetMapping(headers, synonyms);
}

/**
 * A tax cell as basis points: "18", "18%", "18.0 %", "0.18" (a fraction, as spreadsheets store
 * percentages) → 1800; empty → 0. Output: `{ ok: true, basisPoints }` or `{ ok: false, reason }` for text
 * that is not a rate from 0 to 100%.
 */
export function parseTaxRate(
  text: string,
): { ok: true; basisPoints: number } | { ok: false; reason: string } {
  const t = text.trim();
  if (!t) return { ok: true, basisPoints: 0 };
  const m = /^(\d{1,3}(?:\.\d{1,4})?)\s*%?$/.exec(t);
  if (!m) return { ok: false, reason: `"${text}" is not a tax rate; use a percentage like 18 or 18%.` };
  let rate = Number(m[1]);
  if (!t.includes("%") && rate > 0 && rate < 1) rate *= 100;
  if (rate > 100) return { ok: false, reason: `${rate}% is over 100%.` };
  return { ok: true, basisPoints: Math.round(rate * 100) };
}
