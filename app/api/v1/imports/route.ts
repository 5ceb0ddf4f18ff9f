import { AppError } from "@/server/errors";
import { importTooLarge, importUploadOptions, receiveImportUpload } from "@/server/http/import-upload";
import { discardReceivedFile, type ReceivedForm } from "@/server/http/multipart";
import { withBusiness } from "@/server/http/with-business";
import { createImport, startImport } from "@/server/services/imports/run";

export const dynamic = "force-dynamic";

function json(body: unknown, status: number): Response {
  return Response.json(body, { status });
}

/**
 * REST v1 `POST /api/v1/imports` (`Authorization: Bearer <key>`), multipart form:
 * - `file`: CSV or XLSX, at most 100 MB (content sniffed, XLSX archives guarded);
 * - `mapping` (optional): JSON `{ "<column header>": "<field>" | "custom:<key>" | "ignore" }` over the
 *   suggested mapping;
 * - `onDuplicate` (optional): `skip` (default) | `fill` | `overwrite`.
 * - `strict` (optional): `true` refuses rows with any invalid value; default `false` imports them and
 *   keeps each invalid value on the customer as a warning.
 * The body is parsed as it streams in (the file goes straight to a temporary file; the 100 MB cap stops
 * the read as soon as it is passed). Answers `202 { id, status }`: files up to 5,000 rows are imported
 * before the answer (status `completed`), larger ones run in the background (`queued`); poll
 * `GET /api/v1/imports/{id}`.
 * Errors as JSON `{ message, code, issues? }`: 400 malformed form or mapping, 401 no valid key,
 * 403 keys may not import, 413 over 100 MB, 422 a file that cannot be imported (wrong type, corrupt,
 * empty, no recognisable column).
 */
export const POST = withBusiness(
  "customers.import",
  async (req, gate) => {
    let form: ReceivedForm | null = null;
    try {
      const { businessId } = await gate.business();
      const db = gate.db;

      form = await receiveImportUpload(req);
      if (!form.ok) return importTooLarge();
      const { fields, file } = form;
      if (!file) throw new AppError("BAD_REQUEST", "The `file` field is missing.", { file: "Required" });

      const { mapping, onDuplicate, strict } = importUploadOptions(fields);

      const ctx = { businessId, userId: null };
      const created = await createImport(db, ctx, {
        fileName: file.fileName || "upload",
        filePath: file.path,
        mapping,
        onDuplicate,
        strict,
      });
      const started = await startImport(db, businessId, created.import.id);
      return json({ id: started.id, status: started.status }, 202);
    } finally {
      await discardReceivedFile(form);
    }
  },
  { accept: "apiKey", what: "import upload failed" },
);
