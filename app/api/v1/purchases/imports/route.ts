import { AppError } from "@/server/errors";
import { importTooLarge, receiveImportUpload } from "@/server/http/import-upload";
import { discardReceivedFile, type ReceivedForm } from "@/server/http/multipart";
import { sheetImportOptions } from "@/server/http/sheet-import";
import { withBusiness } from "@/server/http/with-business";
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
export const POST = withBusiness(
  "invoices.write",
  async (req, gate) => {
    let form: ReceivedForm | null = null;
    try {
      const { businessId } = await gate.business();
      form = await receiveImportUpload(req);
      if (!form.ok) return importTooLarge();
      if (!form.file) throw new AppError("BAD_REQUEST", "The `file` field is missing.", { file: "Required" });
      const result = await importPurchases(
        gate.db,
        { businessId, userId: null },
        {
          filePath: form.file.path,
          fileName: form.file.fileName || "upload",
          ...sheetImportOptions(form.fields),
        },
      );
      return Response.json(result, { status: 200 });
    } finally {
      await discardReceivedFile(form);
    }
  },
  { accept: "apiKey", what: "purchase import failed" },
);
