import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { InvoiceDetail } from "@/components/invoices/invoice-detail";
import { getDb } from "@/db/client";
import { isAppError } from "@/server/errors";
import { isUuid } from "@/server/ids";
import { getInvoice } from "@/server/services/invoices";
import { loadBusinessWith } from "../../../../_lib/session";

export const metadata: Metadata = { title: "Invoice" };

/** One invoice, quote or credit note of the business (404 for another business's). */
export default async function InvoicePage({
  params,
}: {
  params: Promise<{ businessSlug: string; invoiceId: string }>;
}) {
  const { businessSlug, invoiceId } = await params;
  const { business } = await loadBusinessWith(businessSlug, "invoices.read");
  if (!isUuid(invoiceId)) notFound();
  try {
    await getInvoice(await getDb(), business.id, invoiceId);
  } catch (e) {
    if (isAppError(e) && e.code === "NOT_FOUND") notFound();
    throw e;
  }
  return <InvoiceDetail invoiceId={invoiceId} />;
}
