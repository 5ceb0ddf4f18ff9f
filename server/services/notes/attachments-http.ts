import { Readable } from "node:stream";
import { z } from "zod";
import { ATTACHMENT_MAX_BYTES } from "@/server/api/schemas/notes";
import type { Context } from "@/server/api/trpc";
import { apiKeyPermissions, can } from "@/server/auth/permissions";
import { AppError, isAppError } from "@/server/errors";
import { logger } from "@/server/logger";
import { getMembership } from "@/server/services/businesses/membership";
import { addAttachment, openAttachment } from "./index";

/**
 * HTTP handling of note attachments, shared by `app/api/attachments/route.ts` (upload) and
 * `app/api/attachments/[id]/route.ts` (download). tRPC does not carry files, so these check tenancy
 * themselves, the same way `businessProcedure` + `requirePermission` do.
 */

/** Room for multipart boundaries, part headers and the two text fields around a full-size file. */
const MULTIPART_OVERHEAD = 64 * 1024;

function json(status: number, body: unknown): Response {
  return Response.json(body, { status, headers: { "cache-control": "no-store" } });
}

function errorResponse(e: unknown): Response {
  if (isAppError(e)) {
    return json(e.httpStatus, { code: e.code, message: e.message, fieldErrors: e.fieldErrors });
  }
  logger.error({ err: e }, "attachment request failed");
  return json(500, { code: "INTERNAL", message: "Something went wrong." });
}

const tooLarge = () =>
  json(413, {
    code: "PAYLOAD_TOO_LARGE",
    message: "Files can be at most 10 MB.",
    fieldErrors: { file: "Files can be at most 10 MB." },
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
export async function handleAttachmentUpload(req: Request, ctx: Context): Promise<Response> {
  try {
    if (!ctx.user && !ctx.apiKey) throw new AppError("UNAUTHORIZED");
    const contentType = req.headers.get("content-type") ?? "";
    if (!contentType.toLowerCase().startsWith("multipart/form-data")) {
      return json(415, { code: "UNSUPPORTED_MEDIA_TYPE", message: "Send the file as multipart/form-data." });
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
    let allowed: boolean;
    if (ctx.apiKey) {
      if (ctx.apiKey.businessId !== businessId) throw new AppError("NOT_FOUND");
      allowed = apiKeyPermissions.has("customers.write");
    } else {
      const m = await getMembership(ctx.db, { businessId, userId: ctx.user!.id });
      allowed = can(m.role!, "customers.write");
    }
    if (!allowed) throw new AppError("FORBIDDEN");

    const attachment = await addAttachment(
      ctx.db,
      { businessId, userId: ctx.user?.id ?? null },
      {
        noteId,
        fileName: file.name,
        contentType: file.type,
        bytes: new Uint8Array(await file.arrayBuffer()),
      },
    );
    return json(201, attachment);
  } catch (e) {
    return errorResponse(e);
  }
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
export async function handleAttachmentDownload(id: string, ctx: Context): Promise<Response> {
  try {
    if (!ctx.user && !ctx.apiKey) throw new AppError("UNAUTHORIZED");
    if (!z.uuid().safeParse(id).success) throw new AppError("NOT_FOUND");
    const { attachment, body, size } = await openAttachment(
      ctx.db,
      ctx.user ? { userId: ctx.user.id } : { apiKeyBusinessId: ctx.apiKey!.businessId },
      id,
    );
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
  } catch (e) {
    return errorResponse(e);
  }
}
