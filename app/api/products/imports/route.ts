import { sheetImportRoute } from "@/server/http/sheet-import";
import { importProducts } from "@/server/services/products/import";

export const dynamic = "force-dynamic";

/**
 * The catalog page's import (signed-in members who may write invoices), multipart form: `businessId`,
 * `file`, and optionally `mapping` and `onDuplicate` as in `POST /api/v1/products/imports`. Answers `200`
 * with the result. Errors as JSON: 400 malformed form, 401 no session, 404 not a member of the business,
 * 403 the role may not, 413 over 100 MB, 422 a file that cannot be imported.
 */
export const POST = sheetImportRoute(
  "invoices.write",
  "session",
  "product import failed",
  (db, actor, request) => importProducts(db, actor.businessId, request),
);
