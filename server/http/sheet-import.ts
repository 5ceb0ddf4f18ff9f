import { AppError } from "@/server/errors";
import { importTooLarge, mappingField, receiveImportUpload } from "@/server/http/import-upload";
import { discardReceivedFile, type ReceivedForm } from "@/server/http/multipart";
import { withBusiness } from "@/server/http/with-business";

/** What a one-shot sheet import (purchases, products) takes besides the business. */
export interface SheetImportRequest {
  filePath: string;
  fileName: string;
  mapping?: Record<string, string>;
  onDuplicate: "skip" | "update";
}

/**
 * The options of a one-shot sheet import upload (multipart fields): `mapping` (JSON
 * `{ "<header>": "<target>" }`) and `onDuplicate` (`skip`, the default, or `update`).
 * Errors: AppError BAD_REQUEST naming the field.
 */
export function sheetImportOptions(
  fields: Map<string, string>,
): Pick<SheetImportRequest, "mapping" | "onDuplicate"> {
  const policy = fields.get("onDuplicate");
  if (policy && policy !== "skip" && policy !== "update")
    throw new AppError("BAD_REQUEST", "`onDuplicate` must be skip or update.", {
      onDuplicate: "Expected skip or update.",
    });
  return { mapping: mappingField(fields), onDuplicate: (policy || "skip") as "skip" | "update" };
}

/**
 * The POST handler of a one-shot sheet import (multipart, streamed to a temporary file, 100 MB cap):
 * for `apiKey`, the key's business; for `session`, the form's `businessId` (a member's). Runs
 * `run(db, actor, request)` and answers `200` with its result as JSON; the file is removed after.
 * Errors as JSON `{ message, code, issues? }`: 400 malformed form, 401, 403 without `permission`, 404
 * not a member of the business, 413 over 100 MB, 422 from `run`.
 */
export function sheetImportRoute<T>(
  permission: Parameters<typeof withBusiness>[0],
  accept: "session" | "apiKey",
  what: string,
  run: (
    db: Parameters<Parameters<typeof withBusiness>[1]>[1]["db"],
    actor: { businessId: string; userId: string | null },
    request: SheetImportRequest,
  ) => Promise<T>,
) {
  return withBusiness(
    permission,
    async (req, gate) => {
      let form: ReceivedForm | null = null;
      try {
        form = await receiveImportUpload(req);
        if (!form.ok) return importTooLarge();
        let actor: { businessId: string; userId: string | null };
        if (accept === "session") {
          const businessId = form.fields.get("businessId");
          if (typeof businessId !== "string" || businessId === "")
            throw new AppError("BAD_REQUEST", "The business is missing.", { businessId: "Required" });
          const opened = await gate.business({ businessId });
          actor = { businessId: opened.businessId, userId: opened.actor.userId };
        } else actor = { businessId: (await gate.business()).businessId, userId: null };
        if (!form.file) throw new AppError("BAD_REQUEST", "Choose a CSV or XLSX file.", { file: "Required" });
        const result = await run(gate.db, actor, {
          filePath: form.file.path,
          fileName: form.file.fileName || "upload",
          ...sheetImportOptions(form.fields),
        });
        return Response.json(result, { status: 200, headers: { "cache-control": "no-store" } });
      } finally {
        await discardReceivedFile(form);
      }
    },
    { accept, what },
  );
}
