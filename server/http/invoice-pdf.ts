import type { Db } from "@/db/client";
import { clientIp } from "@/server/auth/client-ip";
import { AppError } from "@/server/errors";
import { contentDisposition } from "@/server/http/attachments";
import type { BusinessGate } from "@/server/http/with-business";
import { isUuid } from "@/server/ids";
import { chargeOrWait, createLimiter } from "@/server/rate-limit";
import {
  findInvoiceByPublicToken,
  type InvoicePdf,
  invoiceBusinessId,
  invoicePdf,
} from "@/server/services/invoices";

/**
 * Requests to the public invoice addresses (`/i/{token}` and its PDF) per client IP: 120 a minute.
 * A customer opens a link a few times; the limit stops a script walking tokens or drawing PDFs in a loop.
 */
export const publicInvoiceLimiter = createLimiter({
  keyPrefix: "public_invoice_ip",
  points: 120,
  duration: 60,
});

/**
 * Charges one public invoice request of the client that sent `headers` (an unknown client is not limited).
 * Output: 0 when allowed, else the seconds to wait.
 */
export async function chargePublicInvoiceRequest(headers: Headers): Promise<number> {
  const ip = clientIp(headers);
  if (!ip) return 0;
  return chargeOrWait(publicInvoiceLimiter, ip);
}

/**
 * A PDF answer: inline (the browser's viewer) unless `?download=1`; `ETag` from the content hash, and
 * 304 Not Modified for a matching `If-None-Match` (RFC 9110 §13.1.2), so a reopened PDF costs nothing.
 */
export function pdfResponse(req: Request, pdf: InvoicePdf, cacheControl: string): Response {
  const headers: Record<string, string> = {
    etag: pdf.etag,
    "cache-control": cacheControl,
    "x-content-type-options": "nosniff",
    "content-security-policy": "default-src 'none'; sandbox",
  };
  const match = req.headers.get("if-none-match");
  if (match?.split(",").some((t) => t.trim() === pdf.etag))
    return new Response(null, { status: 304, headers });
  const download = new URL(req.url).searchParams.get("download") === "1";
  const disposition = contentDisposition(pdf.filename);
  return new Response(Buffer.from(pdf.bytes), {
    status: 200,
    headers: {
      ...headers,
      "content-type": "application/pdf",
      "content-length": String(pdf.bytes.byteLength),
      "content-disposition": download ? disposition : disposition.replace(/^attachment/, "inline"),
    },
  });
}

/**
 * `GET /api/invoices/{id}/pdf` and `GET /api/v1/invoices/{id}/pdf`: the PDF of a document, for a member of
 * its business with `invoices.read` or an API key of that business; 404 for anyone else or an unknown id.
 */
export async function handleInvoicePdf(req: Request, id: string, gate: BusinessGate): Promise<Response> {
  if (!isUuid(id)) throw new AppError("NOT_FOUND", "No such invoice.");
  const businessId = await invoiceBusinessId(gate.db, id);
  if (!businessId) throw new AppError("NOT_FOUND", "No such invoice.");
  const access = await gate.business({ businessId });
  return pdfResponse(req, await invoicePdf(gate.db, access.businessId, id), "private, no-cache");
}

/**
 * `GET /i/{token}/pdf`: the PDF of the document a public link opens, without sign-in; rate-limited per
 * IP (429 with Retry-After); an unknown token or a draft's is a plain 404.
 */
export async function handlePublicInvoicePdf(req: Request, db: Db, token: string): Promise<Response> {
  const wait = await chargePublicInvoiceRequest(req.headers);
  if (wait > 0)
    return new Response("Too many requests. Try again shortly.", {
      status: 429,
      headers: { "retry-after": String(wait), "content-type": "text/plain; charset=utf-8" },
    });
  const found = await findInvoiceByPublicToken(db, token);
  if (!found) return new Response("Not found", { status: 404, headers: { "content-type": "text/plain" } });
  return pdfResponse(req, await invoicePdf(db, found.businessId, found.invoiceId), "private, no-cache");
}
