import { AppError } from "@/server/errors";
import { importTooLarge, receiveImportUpload } from "@/server/http/import-upload";
import { discardReceivedFile, type ReceivedForm } from "@/server/http/multipart";
import { sheetImportOptions } from "@/server/http/sheet-import";
import { withBusiness } from "@/server/http/with-business";
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
export const POST = withBusiness(
  "invoices.write",
  async (req, gate) => {
    let form: ReceivedForm | null = null;
    try {
      const { businessId } = await gate.business();
      form = await receiveImportUpload(req);
      if (!form.ok) return importTooLarge();
      if (!form.file) throw new AppError("BAD_REQUEST", "The `file` field is missing.", { file: "Required" });
      const result = await importProducts(gate.db, businessId, {
        filePath: form.file.path,
        fileName: form.file.fileName || "upload",
        ...sheetImportOptions(form.fields),
      });
      return Response.json(result, { status: 200 });
    } finally {
      await discardReceivedFile(form);
    }
  },
  { accept: "apiKey", what: "product import failed" },
);
