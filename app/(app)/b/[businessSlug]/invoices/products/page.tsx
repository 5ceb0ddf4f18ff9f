import type { Metadata } from "next";
import { ProductsCatalog } from "@/components/invoices/products-catalog";
import { loadBusinessWith } from "../../../../_lib/session";

export const metadata: Metadata = { title: "Products and services" };

export default async function ProductsPage({ params }: { params: Promise<{ businessSlug: string }> }) {
  const { businessSlug } = await params;
  await loadBusinessWith(businessSlug, "invoices.read");
  return <ProductsCatalog />;
}
