import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { InvoiceEditor } from "@/components/invoices/invoice-editor";
import { getDb } from "@/db/client";
import type { LineInput } from "@/server/domain/invoices";
import { isAppError } from "@/server/errors";
import { isUuid } from "@/server/ids";
import { getCustomerRow } from "@/server/services/customers";
import { getInvoice } from "@/server/services/invoices";
import { loadBusinessWith } from "../../../../../_lib/session";

export const metadata: Metadata = { title: "Edit invoice" };

/** Edits a draft; an issued document goes back to its page (it is never edited). */
export default async function EditInvoicePage({
  params,
}: {
  params: Promise<{ businessSlug: string; invoiceId: string }>;
}) {
  const { businessSlug, invoiceId } = await params;
  const { business } = await loadBusinessWith(businessSlug, "invoices.write");
  if (!isUuid(invoiceId)) notFound();
  const db = await getDb();
  const invoice = await getInvoice(db, business.id, invoiceId).catch((e) => {
    if (isAppError(e) && e.code === "NOT_FOUND") notFound();
    throw e;
  });
  if (invoice.status !== "draft") redirect(`/b/${business.slug}/invoices/${invoiceId}`);
  const customer = invoice.customerId
    ? await getCustomerRow(db, business.id, invoice.customerId).catch(() => null)
    : null;
  return (
    <InvoiceEditor
      draft={{
        id: invoice.id,
        kind: invoice.kind,
        customer: customer ? { id: customer.id, name: customer.name } : null,
        issueDate: invoice.issueDate,
        paymentTermsDays: invoice.paymentTermsDays,
        notes: invoice.notes,
        lineInputs: invoice.lineInputs as LineInput[],
      }}
    />
  );
}
