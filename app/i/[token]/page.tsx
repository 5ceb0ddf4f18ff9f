import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { PublicInvoice } from "@/components/invoices/public-invoice";
import { getDb } from "@/db/client";
import { chargePublicInvoiceRequest } from "@/server/http/invoice-pdf";
import { findInvoiceByPublicToken, invoiceDocument } from "@/server/services/invoices";
import { onlinePaymentProviders } from "@/server/services/payments";

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

const notices: Record<string, string> = {
  paid: "Thank you. Your payment is being confirmed; this page shows Paid once it is.",
  "nothing-due": "Nothing is due on this invoice any more.",
  unavailable: "The payment page could not be opened just now. Try again in a minute, or pay by UPI.",
};

export default async function PublicInvoicePage({
  params,
  searchParams,
}: {
  params: Promise<{ token: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { token } = await params;
  const query = await searchParams;
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
  const providers = await onlinePaymentProviders(db, found.businessId);
  const key = query.paid === "1" ? "paid" : typeof query.pay === "string" ? query.pay : "";
  const notice =
    doc.status === "paid" && key === "paid" ? "Thank you: this invoice is paid." : (notices[key] ?? null);
  return (
    <main className="min-h-dvh bg-background">
      <PublicInvoice
        doc={doc}
        pdfHref={`/i/${token}/pdf?download=1`}
        payActions={providers.map((provider) => ({ provider, action: `/i/${token}/pay/${provider}` }))}
        notice={notice}
      />
    </main>
  );
}
