import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { PublicInvoice } from "@/components/invoices/public-invoice";
import { getDb } from "@/db/client";
import { chargePublicInvoiceRequest } from "@/server/http/invoice-pdf";
import { findInvoiceByPublicToken, invoiceDocument } from "@/server/services/invoices";

/*
 * The page an invoice link opens (GET /i/{token}): no sign-in, only this document of the business; an
 * unknown token (or a draft's) is a 404 that says nothing more. Server-rendered, no JavaScript. Rate-limited
 * per IP with the PDF (`publicInvoiceLimiter`).
 */

export const metadata: Metadata = {
  title: "Invoice",
  // The token in the URL must not leak to other sites or search engines.
  referrer: "no-referrer",
  robots: { index: false, follow: false },
};

export default async function PublicInvoicePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const wait = await chargePublicInvoiceRequest(await headers());
  if (wait > 0)
    return (
      <main className="grid min-h-dvh place-items-center p-6 text-center">
        <p>Too many requests from your network. Try again in {wait} seconds.</p>
      </main>
    );
  const db = await getDb();
  const found = await findInvoiceByPublicToken(db, token);
  if (!found) notFound();
  const doc = await invoiceDocument(db, found.businessId, found.invoiceId);
  return (
    <main className="min-h-dvh bg-background">
      <PublicInvoice doc={doc} pdfHref={`/i/${token}/pdf?download=1`} />
    </main>
  );
}
