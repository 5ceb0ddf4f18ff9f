import type { Metadata } from "next";
import { RecurringInvoiceEditor } from "@/components/invoices/recurring-invoice-editor";
import { getDb } from "@/db/client";
import { isUuid } from "@/server/ids";
import { getCustomerRow } from "@/server/services/customers";
import { todayIn } from "@/server/services/invoices";
import { loadBusinessWith } from "../../../../../_lib/session";

export const metadata: Metadata = { title: "New recurring invoice" };

/** A new recurring invoice, for `?customerId=` when given. */
export default async function NewRecurringInvoicePage({
  params,
  searchParams,
}: {
  params: Promise<{ businessSlug: string }>;
  searchParams: Promise<{ customerId?: string }>;
}) {
  const { businessSlug } = await params;
  const { customerId } = (await searchParams) ?? {};
  const { business } = await loadBusinessWith(businessSlug, "invoices.write");
  const customer =
    customerId && isUuid(customerId)
      ? await getCustomerRow(await getDb(), business.id, customerId).catch(() => null)
      : null;
  return (
    <RecurringInvoiceEditor
      today={todayIn(business.timeZone)}
      initialCustomer={customer ? { id: customer.id, name: customer.name } : null}
    />
  );
}
