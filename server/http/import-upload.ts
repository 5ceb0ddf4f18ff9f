import { dataDir } from "@/db/client";
import { duplicatePolicy } from "@/db/schema";
import { AppError } from "@/server/errors";
import { type ReceivedForm, receiveMultipart } from "@/server/http/multipart";
import type { DuplicatePolicy } from "@/server/services/imports/run";
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

/** The import settings an upload form may carry besides its file. */
export interface ImportUploadOptions {
  mapping: Record<string, string> | undefined;
  onDuplicate: DuplicatePolicy;
  strict: boolean;
}

/**
 * The `mapping` field of an upload: JSON `{ "<column header>": "<target>" }`, or undefined when absent.
 * Errors: BAD_REQUEST (field `mapping`) for JSON that is not an object of strings.
 */
export function mappingField(fields: Map<string, string>): Record<string, string> | undefined {
  const mappingText = fields.get("mapping");
  if (typeof mappingText !== "string" || mappingText.trim() === "") return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(mappingText);
  } catch {
    throw new AppError("BAD_REQUEST", "`mapping` is not valid JSON.", { mapping: "Not valid JSON." });
  }
  if (
    !parsed ||
    typeof parsed !== "object" ||
    Array.isArray(parsed) ||
    Object.values(parsed).some((v) => typeof v !== "string")
  )
    throw new AppError("BAD_REQUEST", '`mapping` must be an object: { "<column header>": "<field>" }.', {
      mapping: "Expected an object of strings.",
    });
  return parsed as Record<string, string>;
}

/**
 * Reads `mapping` (JSON `{ "<column header>": "<field>" }`), `onDuplicate` (`skip` default, `fill`,
 * `overwrite`) and `strict` (`true` / `false`, default false) from an upload's text fields, for the app's
 * upload and REST v1. Errors: BAD_REQUEST naming the field that is malformed.
 */
export function importUploadOptions(fields: Map<string, string>): ImportUploadOptions {
  const mapping = mappingField(fields);
  const policyText = fields.get("onDuplicate");
  let onDuplicate: DuplicatePolicy = "skip";
  if (typeof policyText === "string" && policyText !== "") {
    if (!(duplicatePolicy.enumValues as readonly string[]).includes(policyText))
      throw new AppError("BAD_REQUEST", "`onDuplicate` must be skip, fill or overwrite.", {
        onDuplicate: "Expected skip, fill or overwrite.",
      });
    onDuplicate = policyText as DuplicatePolicy;
  }
  const strictText = fields.get("strict");
  if (typeof strictText === "string" && !["", "true", "false"].includes(strictText))
    throw new AppError("BAD_REQUEST", "`strict` must be true or false.", {
      strict: "Expected true or false.",
    });
  return { mapping, onDuplicate, strict: strictText === "true" };
}
