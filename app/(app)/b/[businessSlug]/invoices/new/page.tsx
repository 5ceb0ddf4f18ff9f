import type { Metadata } from "next";
import { InvoiceEditor } from "@/components/invoices/invoice-editor";
import { getDb } from "@/db/client";
import { isUuid } from "@/server/ids";
import { getCustomerRow } from "@/server/services/customers";
import { loadBusinessWith } from "../../../../_lib/session";

export const metadata: Metadata = { title: "New invoice" };

/** A new invoice (`?kind=quote` or `credit_note` for the others), for `?customerId=` when given. */
export default async function NewInvoicePage({
  params,
  searchParams,
}: {
  params: Promise<{ businessSlug: string }>;
  searchParams: Promise<{ customerId?: string; kind?: string }>;
}) {
  const { businessSlug } = await params;
  const { customerId, kind } = (await searchParams) ?? {};
  const { business } = await loadBusinessWith(businessSlug, "invoices.write");
  const customer =
    customerId && isUuid(customerId)
      ? await getCustomerRow(await getDb(), business.id, customerId).catch(() => null)
      : null;
  return (
    <InvoiceEditor
      initialCustomer={customer ? { id: customer.id, name: customer.name } : null}
      kind={kind === "quote" || kind === "credit_note" ? kind : "invoice"}
    />
  );
}
