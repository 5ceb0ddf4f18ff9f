import { getDb } from "@/db/client";
import { duplicatePolicy } from "@/db/schema";
import { getSessionUser } from "@/server/auth";
import { can } from "@/server/auth/permissions";
import { AppError } from "@/server/errors";
import { errorResponse } from "@/server/http-errors";
import { getMembership } from "@/server/services/businesses/membership";
import { createImport, type DuplicatePolicy, previewImport } from "@/server/services/imports/run";
import { MAX_IMPORT_BYTES } from "@/server/services/imports/sniff";

export const dynamic = "force-dynamic";

/** Multipart overhead allowed on top of the file before the request is refused unread. */
const FORM_OVERHEAD_BYTES = 1024 * 1024;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function json(body: unknown, status: number): Response {
  return Response.json(body, { status, headers: { "cache-control": "no-store" } });
}

const tooLarge = () =>
  json(
    {
      message: "The file is larger than 100 MB. Split it into smaller files and import them one by one.",
      code: "PAYLOAD_TOO_LARGE",
    },
    413,
  );

function parseMapping(text: FormDataEntryValue | null): Record<string, string> | undefined {
  if (typeof text !== "string" || text.trim() === "") return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new AppError("BAD_REQUEST", "The column mapping is not valid JSON.", {
      mapping: "Not valid JSON.",
    });
  }
  if (
    !parsed ||
    typeof parsed !== "object" ||
    Array.isArray(parsed) ||
    Object.values(parsed).some((v) => typeof v !== "string")
  )
    throw new AppError(
      "BAD_REQUEST",
      'The column mapping must be an object: { "<column header>": "<field>" }.',
      {
        mapping: "Expected an object of strings.",
      },
    );
  return parsed as Record<string, string>;
}

/**
 * The import wizard's upload (signed-in members whose role may import), multipart form:
 * - `businessId`: the business to import into;
 * - `file`: CSV or XLSX, at most 100 MB (content sniffed, XLSX archives guarded);
 * - `mapping` (optional): JSON `{ "<column header>": "<field>" | "custom:<key>" | "ignore" }`;
 * - `onDuplicate` (optional): `skip` (default) | `fill` | `overwrite`.
 * Stores the upload as a queued import (nothing is imported yet: the wizard configures and starts it
 * through tRPC) and answers `201 { id, import, headers, mapping, unmapped, preview }`.
 * Errors as JSON `{ message, code, issues? }`: 400 malformed form, 401 no session, 404 not a member of
 * the business, 403 the role may not import, 413 over 100 MB, 422 a file that cannot be imported.
 */
export async function POST(req: Request): Promise<Response> {
  try {
    const user = await getSessionUser();
    if (!user) throw new AppError("UNAUTHORIZED", "Sign in again to import customers.");

    const length = Number(req.headers.get("content-length") ?? "0");
    if (length > MAX_IMPORT_BYTES + FORM_OVERHEAD_BYTES) return tooLarge();

    let form: FormData;
    try {
      form = await req.formData();
    } catch {
      throw new AppError("BAD_REQUEST", "Send the file as multipart/form-data with a `file` field.");
    }
    const businessId = form.get("businessId");
    if (typeof businessId !== "string" || !uuid.test(businessId))
      throw new AppError("BAD_REQUEST", "The business is missing.", { businessId: "Required" });
    const db = await getDb();
    const membership = await getMembership(db, { businessId, userId: user.id });
    if (!membership.role || !can(membership.role, "customers.import"))
      throw new AppError("FORBIDDEN", "Your role in this business cannot import customers.");

    const file = form.get("file");
    if (!file || typeof file === "string")
      throw new AppError("BAD_REQUEST", "Choose a CSV or XLSX file to import.", { file: "Required" });
    if (file.size > MAX_IMPORT_BYTES) return tooLarge();

    const mapping = parseMapping(form.get("mapping"));
    const policyText = form.get("onDuplicate");
    let onDuplicate: DuplicatePolicy = "skip";
    if (typeof policyText === "string" && policyText !== "") {
      if (!(duplicatePolicy.enumValues as readonly string[]).includes(policyText))
        throw new AppError("BAD_REQUEST", "`onDuplicate` must be skip, fill or overwrite.", {
          onDuplicate: "Expected skip, fill or overwrite.",
        });
      onDuplicate = policyText as DuplicatePolicy;
    }

    const bytes = new Uint8Array(await file.arrayBuffer());
    const created = await createImport(
      db,
      { businessId, userId: user.id },
      { fileName: file.name || "upload", bytes, mapping, onDuplicate },
    );
    const preview = await previewImport(db, businessId, created.import.id);
    return json(
      {
        id: created.import.id,
        import: created.import,
        headers: created.headers,
        mapping: created.import.mapping,
        unmapped: created.unmapped,
        preview,
      },
      201,
    );
  } catch (e) {
    return errorResponse(e, "import upload failed");
  }
}
