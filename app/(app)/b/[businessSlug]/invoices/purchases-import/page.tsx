import type { Metadata } from "next";
import { PurchasesImport } from "@/components/invoices/purchases-import";
import { loadBusinessWith } from "../../../../_lib/session";

export const metadata: Metadata = { title: "Import purchases" };

export default async function PurchasesImportPage({ params }: { params: Promise<{ businessSlug: string }> }) {
  const { businessSlug } = await params;
  await loadBusinessWith(businessSlug, "invoices.write");
  return <PurchasesImport />;
}
