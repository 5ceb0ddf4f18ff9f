import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { invoices } from "@/db/schema";
import { logger } from "@/server/logger";
import { deleteObject, getObject, putObject } from "@/server/services/storage";
import { invoiceRow } from "./documents";
import { invoiceLogo } from "./settings";
import { documentOfRow } from "./view";

/** Bumped when the PDF layout changes, so cached files of the old layout are drawn again. */
const LAYOUT_VERSION = "1";

export interface InvoicePdf {
  bytes: Uint8Array;
  /** A file name from the number, e.g. "INV-2026-27-0001.pdf" ("draft-<id>.pdf" for a draft). */
  filename: string;
  /** A strong validator of these bytes (RFC 9110 §8.8.3), quoted. */
  etag: string;
  /** Whether the bytes came from the cache. */
  cached: boolean;
}

/** A UUID-shaped text of a SHA-256 digest, so the cache key fits the store's `<uuid>/<uuid>` keys. */
function uuidOfHash(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The PDF of a document of the business (invoice, quote or credit note; drafts too, marked DRAFT), in the
 * business's template. Cached in the object store under a hash of everything the PDF shows (the document,
 * its payments and status, the billing settings, the layout version): an unchanged invoice is served
 * from the cache, any change draws a new file and deletes the old one. Errors: NOT_FOUND.
 */
export async function invoicePdf(db: DbOrTx, businessId: string, invoiceId: string): Promise<InvoicePdf> {
  const row = await invoiceRow(db, businessId, invoiceId);
  const doc = await documentOfRow(db, row);
  const hash = createHash("sha256").update(LAYOUT_VERSION).update(JSON.stringify(doc)).digest("hex");
  const key = `${businessId.toLowerCase()}/${uuidOfHash(hash)}`;
  const filename = `${(doc.number ?? `draft-${row.id.slice(0, 8)}`).replace(/[^A-Za-z0-9-]+/g, "-")}.pdf`;
  const etag = `"${hash.slice(0, 32)}"`;
  if (row.pdfKey === key) {
    const bytes = await getObject(key);
    if (bytes) return { bytes, filename, etag, cached: true };
  }
  const logo = doc.logo ? ((await invoiceLogo(doc.logo.key))?.data ?? null) : null;
  // The PDF renderer (React PDF, its fonts and layout engine) is loaded with the first invoice drawn.
  const { renderInvoicePdf } = await import("@/server/pdf/render");
  const bytes = new Uint8Array(await renderInvoicePdf(doc, logo));
  await putObject(key, bytes, { contentType: "application/pdf" });
  await db
    .update(invoices)
    .set({ pdfKey: key })
    .where(and(eq(invoices.businessId, businessId), eq(invoices.id, invoiceId)));
  if (row.pdfKey && row.pdfKey !== key) {
    // The old file is of a version nobody can ask for again; a failure to delete it only costs space.
    await deleteObject(row.pdfKey).catch((e) =>
      logger.warn({ err: e, invoiceId }, "old invoice PDF not deleted"),
    );
  }
  return { bytes, filename, etag, cached: false };
}

/** The business a document belongs to, or null when there is no such document (for route handlers). */
export async function invoiceBusinessId(db: DbOrTx, invoiceId: string): Promise<string | null> {
  const [row] = await db
    .select({ businessId: invoices.businessId })
    .from(invoices)
    .where(eq(invoices.id, invoiceId))
    .limit(1);
  return row?.businessId ?? null;
}
