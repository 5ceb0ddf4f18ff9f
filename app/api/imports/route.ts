import { AppError } from "@/server/errors";
import { importTooLarge, importUploadOptions, receiveImportUpload } from "@/server/http/import-upload";
import { discardReceivedFile, type ReceivedForm } from "@/server/http/multipart";
import { withBusiness } from "@/server/http/with-business";
import { createImport, previewImport } from "@/server/services/imports/run";

export const dynamic = "force-dynamic";

function json(body: unknown, status: number): Response {
  return Response.json(body, { status, headers: { "cache-control": "no-store" } });
}

/**
 * The import wizard's upload (signed-in members whose role may import), multipart form:
 * - `businessId`: the business to import into;
 * - `file`: CSV or XLSX, at most 100 MB (content sniffed, XLSX archives guarded);
 * - `mapping` (optional): JSON `{ "<column header>": "<field>" | "custom:<key>" | "ignore" }`;
 * - `onDuplicate` (optional): `skip` (default) | `fill` | `overwrite`.
 * - `strict` (optional): `true` refuses rows with any invalid value; default `false` imports them and
 *   keeps each invalid value on the customer as a warning.
 * The body is parsed as it streams in: the file goes straight to a temporary file on disk (never whole
 * in memory) and the 100 MB cap stops the read as soon as it is passed. Stores the upload as a queued
 * import (nothing is imported yet: the wizard configures and starts it through tRPC) and answers
 * `201 { id, import, headers, mapping, unmapped, fuzzy, preview }` (`fuzzy`: headers matched by a close
 * spelling, for the user to confirm).
 * Errors as JSON `{ message, code, issues? }`: 400 malformed form, 401 no session, 404 not a member of
 * the business, 403 the role may not import, 413 over 100 MB, 422 a file that cannot be imported.
 */
export const POST = withBusiness(
  "customers.import",
  async (req, gate) => {
    let form: ReceivedForm | null = null;
    try {
      form = await receiveImportUpload(req);
      if (!form.ok) return importTooLarge();
      const { fields, file } = form;
      const businessIdField = fields.get("businessId");
      if (typeof businessIdField !== "string" || businessIdField === "")
        throw new AppError("BAD_REQUEST", "The business is missing.", { businessId: "Required" });
      const { businessId, actor } = await gate.business({ businessId: businessIdField });
      const db = gate.db;

      if (!file)
        throw new AppError("BAD_REQUEST", "Choose a CSV or XLSX file to import.", { file: "Required" });

      const { mapping, onDuplicate, strict } = importUploadOptions(fields);

      const created = await createImport(
        db,
        { businessId, userId: actor.userId },
        { fileName: file.fileName || "upload", filePath: file.path, mapping, onDuplicate, strict },
      );
      const preview = await previewImport(db, businessId, created.import.id);
      return json(
        {
          id: created.import.id,
          import: created.import,
          headers: created.headers,
          mapping: created.import.mapping,
          unmapped: created.unmapped,
          fuzzy: created.fuzzy,
          preview,
        },
        201,
      );
    } finally {
      await discardReceivedFile(form);
    }
  },
  { accept: "session", what: "import upload failed" },
);
