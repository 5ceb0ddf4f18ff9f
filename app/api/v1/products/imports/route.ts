import { sheetImportRoute } from "@/server/http/sheet-import";
import { importProducts } from "@/server/services/products/import";

export const dynamic = "force-dynamic";

/**
 * REST v1 `POST /api/v1/products/imports` (`Authorization: Bearer <key>`), multipart form: `file` (CSV or
 * XLSX, at most 20,000 rows: name, description, price, unit, tax rate, HSN/SAC), `mapping` (optional JSON
 * `{ "<column header>": "name" | "description" | "unitPrice" | "unit" | "taxRate" | "hsnSac" | "ignore" }`),
 * `onDuplicate` (`skip`, default, or `update` a product of the same name). Answers `200 { rows, created,
 * updated, skipped, failed, errors: [{ row, name, reason }], mapping }`. Errors as JSON: 400 malformed
 * form, 401 no valid key, 413 over 100 MB, 422 a file that cannot be imported or no name or price column.
 */
export const POST = sheetImportRoute(
  "invoices.write",
  "apiKey",
  "product import failed",
  (db, actor, request) => importProducts(db, actor.businessId, request),
);
