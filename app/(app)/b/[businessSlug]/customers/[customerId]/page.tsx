import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { CustomerPage } from "@/components/customers/detail/customer-page";
import { getDb } from "@/db/client";
import { isAppError } from "@/server/errors";
import { isUuid } from "@/server/ids";
import { getCustomer } from "@/server/services/customers";
import { loadBusinessWith } from "../../../../_lib/session";

type Params = Promise<{ businessSlug: string; customerId: string }>;

/**
 * The customer of this business, or `notFound()` (a malformed id, another business's, or none).
 * Memoized per request: metadata and the page share one query.
 */
const loadCustomer = cache(async (businessSlug: string, customerId: string) => {
  const { business } = await loadBusinessWith(businessSlug, "customers.read");
  if (!isUuid(customerId)) notFound();
  try {
    return await getCustomer(await getDb(), business.id, customerId);
  } catch (e) {
    if (isAppError(e) && e.code === "NOT_FOUND") notFound();
    throw e;
  }
});

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { businessSlug, customerId } = await params;
  const customer = await loadCustomer(businessSlug, customerId);
  return { title: customer.name };
}

export default async function CustomerDetailPage({ params }: { params: Params }) {
  const { businessSlug, customerId } = await params;
  await loadCustomer(businessSlug, customerId);
  return <CustomerPage customerId={customerId} />;
}
