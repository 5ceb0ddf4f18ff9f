import type { Metadata } from "next";
import { DuplicatesList } from "@/components/customers/duplicates/duplicates-list";
import { loadBusinessWith } from "../../../../_lib/session";

export const metadata: Metadata = { title: "Possible duplicates" };

/** Groups of customers that look like the same person, with a merge dialog. */
export default async function DuplicatesPage({ params }: { params: Promise<{ businessSlug: string }> }) {
  const { businessSlug } = await params;
  await loadBusinessWith(businessSlug, "customers.read");
  return <DuplicatesList />;
}
