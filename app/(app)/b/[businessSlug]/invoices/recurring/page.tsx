import type { Metadata } from "next";
import { RecurringInvoicesList } from "@/components/invoices/recurring-invoices-list";
import { loadBusinessWith } from "../../../../_lib/session";

export const metadata: Metadata = { title: "Recurring invoices" };

export default async function RecurringInvoicesPage({
  params,
}: {
  params: Promise<{ businessSlug: string }>;
}) {
  const { businessSlug } = await params;
  await loadBusinessWith(businessSlug, "invoices.read");
  return <RecurringInvoicesList />;
}
