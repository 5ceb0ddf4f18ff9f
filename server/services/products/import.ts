import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { businesses, products } from "@/db/schema";
import { lineInputSchema } from "@/server/domain/invoices";
import { parseMoney } from "@/server/domain/money";
import {
  MAX_PRODUCT_IMPORT_ROWS,
  type ProductImportTarget,
  parseTaxRate,
  productImportTargets,
  suggestProductMapping,
} from "@/server/domain/product-import";
import { AppError } from "@/server/errors";
import { mappingWith, openSheet } from "@/server/services/imports/sheet";

/** What a catalog import did. Rows are numbered as in the spreadsheet. */
export interface ProductImportResult {
  rows: number;
  created: number;
  updated: number;
  /** Names already in the catalog (left as they were), or repeated in the file. */
  skipped: number;
  failed: number;
  errors: { row: number; name: string | null; reason: string }[];
  mapping: Record<string, ProductImportTarget>;
}

const CHUNK = 1_000;

/**
 * Imports products and services from a CSV or XLSX file with the customers import's reader: name,
 * description, unit price (in the business's currency; symbols and separators ignored), unit, tax rate
 * (18, 18% or 0.18; named GST in India, Tax elsewhere) and HSN/SAC code (4 to 8 digits). A name already in
 * the catalog (case-insensitive) is skipped, or updated with `onDuplicate: "update"` (restored if
 * archived). Every row not taken is in `errors` with its reason. Output: `ProductImportResult`.
 * Errors: VALIDATION for a file that cannot be read, over 20,000 rows, a bad `mapping`, or no name or price
 * column.
 */
export async function importProducts(
  db: Db,
  businessId: string,
  input: {
    filePath: string;
    fileName: string;
    mapping?: Record<string, string>;
    onDuplicate?: "skip" | "update";
  },
): Promise<ProductImportResult> {
  const { headers, dataRows } = await openSheet(input.filePath, input.fileName);
  const mapping = mappingWith(headers, suggestProductMapping(headers), input.mapping, productImportTargets);
  const col = (t: ProductImportTarget) => headers.findIndex((h) => mapping[h] === t);
  const at = {
    name: col("name"),
    description: col("description"),
    unitPrice: col("unitPrice"),
    unit: col("unit"),
    taxRate: col("taxRate"),
    hsnSac: col("hsnSac"),
  };
  const missing = [at.name < 0 ? "the name" : null, at.unitPrice < 0 ? "the price" : null].filter(Boolean);
  if (missing.length)
    throw new AppError("VALIDATION", `Choose the columns with ${missing.join(" and ")}.`, {
      mapping: `Map a column to ${missing.join(" and ")}.`,
    });
  const [business] = await db.select().from(businesses).where(eq(businesses.id, businessId)).limit(1);
  if (!business) throw new AppError("NOT_FOUND", "No such business.");
  const taxName = business.country === "IN" ? "GST" : "Tax";
  const result: ProductImportResult = {
    rows: 0,
    created: 0,
    updated: 0,
    skipped: 0,
    failed: 0,
    errors: [],
    mapping,
  };
  const fail = (row: number, name: string | null, reason: string) => {
    result.failed++;
    if (result.errors.length < 1_000) result.errors.push({ row, name, reason });
  };
  const cell = (cells: string[], i: number) => (i >= 0 ? (cells[i] ?? "").trim() : "");
  const seen = new Set<string>();
  let chunk: (typeof products.$inferInsert)[] = [];
  const flush = async () => {
    if (!chunk.length) return;
    const rows = chunk;
    chunk = [];
    await db.transaction(async (tx) => {
      const existing = new Set(
        (
          await tx
            .select({ name: sql<string>`lower(${products.name})` })
            .from(products)
            .where(
              and(
                eq(products.businessId, businessId),
                inArray(
                  sql`lower(${products.name})`,
                  rows.map((r) => r.name.toLowerCase()),
                ),
              ),
            )
        ).map((r) => r.name),
      );
      const fresh = rows.filter((r) => !existing.has(r.name.toLowerCase()));
      const known = rows.filter((r) => existing.has(r.name.toLowerCase()));
      if (fresh.length) {
        await tx.insert(products).values(fresh);
        result.created += fresh.length;
      }
      if (input.onDuplicate === "update") {
        for (const r of known)
          await tx
            .update(products)
            .set({
              description: r.description,
              unitPrice: r.unitPrice,
              unit: r.unit,
              taxes: r.taxes,
              hsnSac: r.hsnSac,
              archivedAt: null,
              updatedAt: new Date(),
            })
            .where(
              and(
                eq(products.businessId, businessId),
                sql`lower(${products.name}) = ${r.name.toLowerCase()}`,
              ),
            );
        result.updated += known.length;
      } else result.skipped += known.length;
    });
  };

  for await (const { line, cells } of dataRows()) {
    result.rows++;
    if (result.rows > MAX_PRODUCT_IMPORT_ROWS)
      throw new AppError(
        "VALIDATION",
        "The file has more than 20,000 products: split it and import the parts.",
        {
          file: "Too many rows.",
        },
      );
    const name = cell(cells, at.name).slice(0, 200);
    if (!name) {
      fail(line, null, "The name is empty.");
      continue;
    }
    if (seen.has(name.toLowerCase())) {
      result.skipped++;
      continue;
    }
    seen.add(name.toLowerCase());
    const priceText = cell(cells, at.unitPrice).replace(/[^\d.,-]/g, "");
    const unitPrice = priceText.startsWith("-") ? null : parseMoney(priceText, business.currency);
    if (unitPrice === null) {
      fail(line, name, `"${cell(cells, at.unitPrice)}" is not a price in ${business.currency}.`);
      continue;
    }
    const tax = parseTaxRate(cell(cells, at.taxRate));
    if (!tax.ok) {
      fail(line, name, tax.reason);
      continue;
    }
    const hsnText = cell(cells, at.hsnSac).replace(/\s/g, "");
    const hsn = hsnText ? lineInputSchema.shape.hsnSac.safeParse(hsnText) : null;
    if (hsn && !hsn.success) {
      fail(line, name, `"${hsnText}": an HSN or SAC code has 4 to 8 digits.`);
      continue;
    }
    if (unitPrice > 1_000_000_000) {
      fail(line, name, "That price is too large.");
      continue;
    }
    chunk.push({
      businessId,
      name,
      description: cell(cells, at.description).slice(0, 2_000) || null,
      unitPrice,
      unit: cell(cells, at.unit).slice(0, 20) || null,
      taxes: tax.basisPoints > 0 ? [{ name: taxName, rateBasisPoints: tax.basisPoints }] : [],
      hsnSac: hsnText || null,
    });
    if (chunk.length >= CHUNK) await flush();
  }
  await flush();
  return result;
}
