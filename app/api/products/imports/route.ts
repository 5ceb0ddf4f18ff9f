import { AppError } from "@/server/errors";
import { importTooLarge, receiveImportUpload } from "@/server/http/import-upload";
import { discardReceivedFile, type ReceivedForm } from "@/server/http/multipart";
import { sheetImportOptions } from "@/server/http/sheet-import";
import { withBusiness } from "@/server/http/with-business";
import { importProducts } from "@/server/services/products/import";

export const dynamic = "force-dynamic";

/**
 * The catalog page's import (signed-in members who may write invoices), multipart form: `businessId`,
 * `file`, and optionally `mapping` and `onDuplicate` as in `POST /api/v1/products/imports`. Answers `200`
 * with the result. Errors as JSON: 400 malformed form, 401 no session, 404 not a member of the business,
 * 403 the role may not, 413 over 100 MB, 422 a file that cannot be imported.
 */
export const POST = withBusiness(
  "invoices.write",
  async (req, gate) => {
    let form: ReceivedForm | null = null;
    try {
      form = await receiveImportUpload(req);
      if (!form.ok) return importTooLarge();
      const businessIdField = form.fields.get("businessId");
      if (typeof businessIdField !== "string" || businessIdField === "")
        throw new AppError("BAD_REQUEST", "The business is missing.", { businessId: "Required" });
      const { businessId } = await gate.business({ businessId: businessIdField });
      if (!form.file) throw new AppError("BAD_REQUEST", "Choose a CSV or XLSX file.", { file: "Required" });
      const result = await importProducts(gate.db, businessId, {
        filePath: form.file.path,
        fileName: form.file.fileName || "upload",
        ...sheetImportOptions(form.fields),
      });
      return Response.json(result, { status: 200, headers: { "cache-control": "no-store" } });
    } finally {
      await discardReceivedFile(form);
    }
  },
  { accept: "session", what: "product import failed" },
);
