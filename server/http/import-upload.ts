import { dataDir } from "@/db/client";
import { type ReceivedForm, receiveMultipart } from "@/server/http/multipart";
import { MAX_IMPORT_BYTES } from "@/server/services/imports/sniff";

/** Multipart overhead allowed on top of the file before the request is refused unread. */
const FORM_OVERHEAD_BYTES = 1024 * 1024;

/** The answer to an import upload over 100 MB: 413 `{ message, code: "PAYLOAD_TOO_LARGE" }`. */
export function importTooLarge(): Response {
  return Response.json(
    {
      message: "The file is larger than 100 MB. Split it into smaller files and import them one by one.",
      code: "PAYLOAD_TOO_LARGE",
    },
    { status: 413, headers: { "cache-control": "no-store" } },
  );
}

/**
 * Receives an import upload (multipart/form-data, the file in field `file`) as it streams in: the file
 * goes to a temporary file under `dataDir("tmp", "uploads")`, the other fields are kept as text. A body
 * declaring more than 100 MB (plus form overhead) is refused unread, and the read stops as soon as the
 * file passes 100 MB. Output: the form (`ok: false` when over the cap: answer `importTooLarge()`); the
 * caller removes the temporary file with `discardReceivedFile` when done.
 * Errors: BAD_REQUEST for a body that is not multipart/form-data.
 */
export async function receiveImportUpload(req: Request): Promise<ReceivedForm> {
  const length = Number(req.headers.get("content-length") ?? "0");
  if (length > MAX_IMPORT_BYTES + FORM_OVERHEAD_BYTES) return { ok: false, reason: "too_large" };
  return receiveMultipart(req, {
    fileField: "file",
    maxFileBytes: MAX_IMPORT_BYTES,
    dir: dataDir("tmp", "uploads"),
    malformedMessage: "Send the file as multipart/form-data with a `file` field.",
  });
}
