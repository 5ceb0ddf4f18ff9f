import type { Metadata } from "next";
import { CustomersList } from "@/components/customers/list/customers-list";
import { loadBusinessWith } from "../../../_lib/session";

export const metadata: Metadata = { title: "Customers" };

/** The customers list (search, filters, saved views, bulk actions, Trash). */
export default async function CustomersPage({ params }: { params: Promise<{ businessSlug: string }> }) {
  const { businessSlug } = await params;
  await loadBusinessWith(businessSlug, "customers.read");
  return <CustomersList />;
}
