import type { Metadata } from "next";
import { InvoicesList } from "@/components/invoices/invoices-list";
import { loadBusinessWith } from "../../../_lib/session";

export const metadata: Metadata = { title: "Invoices" };

export default async function InvoicesPage({ params }: { params: Promise<{ businessSlug: string }> }) {
  const { businessSlug } = await params;
  await loadBusinessWith(businessSlug, "invoices.read");
  return <InvoicesList />;
}
