import { sheetImportRoute } from "@/server/http/sheet-import";
import { importPurchases } from "@/server/services/purchases/import";

export const dynamic = "force-dynamic";

/**
 * The purchases import page's upload (signed-in members who may write invoices), multipart form:
 * `businessId`, `file`, and optionally `mapping` and `onDuplicate` as in `POST /api/v1/purchases/imports`.
 * Answers `200` with the import's result. Errors as JSON `{ message, code, issues? }`: 400 malformed
 * form, 401 no session, 404 not a member of the business, 403 the role may not, 413 over 100 MB, 422 a
 * file that cannot be imported.
 */
export const POST = sheetImportRoute("invoices.write", "session", "purchase import failed", importPurchases);
