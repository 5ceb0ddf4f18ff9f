import { sheetImportRoute } from "@/server/http/sheet-import";
import { importPurchases } from "@/server/services/purchases/import";

export const dynamic = "force-dynamic";

/**
 * REST v1 `POST /api/v1/purchases/imports` (`Authorization: Bearer <key>`), multipart form:
 * - `file`: CSV or XLSX of orders (at most 50,000 rows), with an order id, the customer's email or phone,
 *   the date, the items and the amount;
 * - `mapping` (optional): JSON `{ "<column header>": "orderId" | "email" | "phone" | "date" | "items" |
 *   "amount" | "ignore" }` over the suggested mapping;
 * - `onDuplicate` (optional): `skip` (default) or `update` an order id already imported.
 * Answers `200 { rows, created, updated, skipped, failed, customers, errors: [{ row, orderId, reason }],
 * mapping }` once imported. Errors as JSON `{ message, code, issues? }`: 400 malformed form, 401 no valid
 * key, 403 the key may not, 413 over 100 MB, 422 a file that cannot be imported or a mapping missing a
 * column.
 */
export const POST = sheetImportRoute("invoices.write", "apiKey", "purchase import failed", importPurchases);
