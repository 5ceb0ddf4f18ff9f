import { Readable } from "node:stream";
import { z } from "zod";
import { ATTACHMENT_MAX_BYTES } from "@/server/domain/notes";
import { AppError } from "@/server/errors";
import type { BusinessGate } from "@/server/http/with-business";
import { isUuid } from "@/server/ids";
import { addAttachment, attachmentBusinessId, openAttachment } from "@/server/services/notes";

/**
 * HTTP handling of note attachments, shared by `app/api/attachments/route.ts` (upload) and
 * `app/api/attachments/[id]/route.ts` (download). tRPC does not carry files: the routes wrap these in
 * `withBusiness`, the tenancy gate `businessProcedure` uses too, which also answers their errors.
 */

/** Room for multipart boundaries, part headers and the two text fields around a full-size file. */
const MULTIPART_OVERHEAD = 64 * 1024;

function json(status: number, body: unknown): Response {
  return Response.json(body, { status, headers: { "cache-control": "no-store" } });
}

const tooLarge = () =>
  json(413, {
    message: "Files can be at most 10 MB.",
    code: "PAYLOAD_TOO_LARGE",
    issues: { file: "Files can be at most 10 MB." },
  });

/** Reads at most `limit` bytes of the body; null when it is longer. */
async function readLimited(req: Request, limit: number): Promise<Uint8Array<ArrayBuffer> | null> {
  if (!req.body) return new Uint8Array();
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

const uploadFields = z.object({
  businessId: z.uuid("Choose a business."),
  noteId: z.uuid("Choose a note."),
});

/**
 * `POST /api/attachments`, multipart/form-data with `businessId`, `noteId` and `file`. The caller (a
 * session user or an API key) must be a member of the business with `customers.write`.
 * Answers: 201 with the attachment `{ id, noteId, fileName, contentType, size, createdAt, url }`; 401 when
 * signed out; 404 for another business or note; 403 without the permission; 413 when the file (or the
 * body) is over 10 MiB; 415 for a body that is not multipart; 422 for missing fields or an empty file.
 */
export async function handleAttachmentUpload(req: Request, gate: BusinessGate): Promise<Response> {
  const contentType = req.headers.get("content-type") ?? "";
  if (!contentType.toLowerCase().startsWith("multipart/form-data")) {
    return json(415, { message: "Send the file as multipart/form-data.", code: "UNSUPPORTED_MEDIA_TYPE" });
  }
  const limit = ATTACHMENT_MAX_BYTES + MULTIPART_OVERHEAD;
  const declared = Number(req.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > limit) return tooLarge();
  const raw = await readLimited(req, limit);
  if (!raw) return tooLarge();
  let form: FormData;
  try {
    form = await new Request(req.url, {
      method: "POST",
      headers: { "content-type": contentType },
      body: raw,
    }).formData();
  } catch {
    throw new AppError("BAD_REQUEST", "The upload could not be read.");
  }
  const parsed = uploadFields.safeParse({ businessId: form.get("businessId"), noteId: form.get("noteId") });
  const file = form.get("file");
  if (!parsed.success || !(file instanceof File)) {
    const fieldErrors = Object.fromEntries(
      (parsed.success ? [] : parsed.error.issues).map((i) => [i.path.join("."), i.message]),
    );
    if (!(file instanceof File)) fieldErrors.file = "Choose a file.";
    throw new AppError("VALIDATION", "Check the upload.", fieldErrors);
  }
  if (file.size > ATTACHMENT_MAX_BYTES) return tooLarge();

  const { businessId, noteId } = parsed.data;
  const access = await gate.business({ businessId });
  const attachment = await addAttachment(
    gate.db,
    { businessId: access.businessId, userId: access.actor.userId },
    {
      noteId,
      fileName: file.name,
      contentType: file.type,
      bytes: new Uint8Array(await file.arrayBuffer()),
    },
  );
  return json(201, attachment);
}

/**
 * `Content-Disposition: attachment` with an ASCII fallback `filename` and the exact name in `filename*`
 * (RFC 6266, RFC 8187 encoding).
 */
export function contentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\%]/g, "_");
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/**
 * `GET /api/attachments/{id}`: the file, for a session user who is a member of the attachment's business
 * (with `customers.read`) or an API key of that business. Always a download (`Content-Disposition:
 * attachment`), with the stored content type, `nosniff` and a sandboxing CSP so an uploaded HTML or SVG
 * file never runs in our origin. The file is streamed from storage (local disk or the S3 bucket), never
 * held in memory whole. Answers 401 when signed out and 404 for anything the caller may not read.
 */
export async function handleAttachmentDownload(id: string, gate: BusinessGate): Promise<Response> {
  if (!isUuid(id)) throw new AppError("NOT_FOUND");
  const businessId = await attachmentBusinessId(gate.db, id);
  if (!businessId) throw new AppError("NOT_FOUND");
  const access = await gate.business({ businessId });
  const { attachment, body, size } = await openAttachment(gate.db, access.businessId, id);
  return new Response(Readable.toWeb(body) as ReadableStream<Uint8Array>, {
    status: 200,
    headers: {
      "content-type": attachment.contentType,
      "content-length": String(size),
      "content-disposition": contentDisposition(attachment.fileName),
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'; sandbox",
      "cache-control": "private, no-store",
    },
  });
}
