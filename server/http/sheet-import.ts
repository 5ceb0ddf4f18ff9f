import { AppError } from "@/server/errors";
import type { ReceivedForm } from "@/server/http/multipart";

/**
 * The options of a one-shot sheet import upload (purchases, products; multipart fields): `mapping` (JSON
 * `{ "<header>": "<target>" }`) and `onDuplicate` (`skip`, the default, or `update`).
 * Errors: AppError BAD_REQUEST naming the field.
 */
export function sheetImportOptions(fields: Extract<ReceivedForm, { ok: true }>["fields"]): {
  mapping?: Record<string, string>;
  onDuplicate: "skip" | "update";
} {
  let mapping: Record<string, string> | undefined;
  const mappingText = fields.get("mapping");
  if (typeof mappingText === "string" && mappingText.trim() !== "") {
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
      throw new AppError("BAD_REQUEST", '`mapping` must be an object: { "<column header>": "<target>" }.', {
        mapping: "Expected an object of strings.",
      });
    mapping = parsed as Record<string, string>;
  }
  const policy = fields.get("onDuplicate");
  if (policy && policy !== "skip" && policy !== "update")
    throw new AppError("BAD_REQUEST", "`onDuplicate` must be skip or update.", {
      onDuplicate: "Expected skip or update.",
    });
  return { mapping, onDuplicate: (policy || "skip") as "skip" | "update" };
}
