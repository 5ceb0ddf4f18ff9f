import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { CustomerPage } from "@/components/customers/detail/customer-page";
import {
  nextPageOptions,
  notesInput,
  openTasksInput,
  timelineInput,
} from "@/components/customers/detail/queries";
import { getDb } from "@/db/client";
import { serverQueries } from "@/server/api/server";
import { can } from "@/server/auth/permissions";
import { isAppError } from "@/server/errors";
import { isUuid } from "@/server/ids";
import { getCustomer } from "@/server/services/customers";
import { markWhatsappConversationRead } from "@/server/services/whatsapp-messages";
import { Prefetched } from "../../../../_lib/prefetched";
import { loadBusinessWith } from "../../../../_lib/session";

type Params = Promise<{ businessSlug: string; customerId: string }>;

/**
 * The business and its customer, or `notFound()` (a malformed id, another business's, or none).
 * Memoized per request: metadata and the page share one query.
 */
const loadCustomer = cache(async (businessSlug: string, customerId: string) => {
  const { user, business, role } = await loadBusinessWith(businessSlug, "customers.read");
  if (!isUuid(customerId)) notFound();
  try {
    return { user, business, role, customer: await getCustomer(await getDb(), business.id, customerId) };
  } catch (e) {
    if (isAppError(e) && e.code === "NOT_FOUND") notFound();
    throw e;
  }
});

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { businessSlug, customerId } = await params;
  const { customer } = await loadCustomer(businessSlug, customerId);
  return { title: customer.name };
}

/**
 * The customer's page. What it shows (the customer, the timeline's first page, open tasks, notes, custom
 * fields, members, consent history and, for roles that may read them, the latest invoices and purchases)
 * is fetched here, so the page arrives rendered in the HTML, its phone numbers formatted here too, and
 * nothing is fetched again once it is in the browser. Opening the page reads the customer's WhatsApp messages (its timeline shows
 * them): the conversation is marked read for this member in the WhatsApp inbox.
 */
export default async function CustomerDetailPage({ params }: { params: Params }) {
  const { businessSlug, customerId } = await params;
  const { user, business, role } = await loadCustomer(businessSlug, customerId);
  const businessId = business.id;
  const { queryClient, trpc } = await serverQueries();
  // The invoices panel shows only to roles that may read invoices (their queries would be refused).
  const invoices = can(role, "invoices.read")
    ? [
        queryClient.prefetchQuery(trpc.invoices.list.queryOptions({ businessId, customerId, limit: 5 })),
        queryClient.prefetchQuery(trpc.invoices.purchases.queryOptions({ businessId, customerId, limit: 1 })),
      ]
    : [];
  await Promise.all([
    // The member and the customer are checked above: the service is called directly, not through a
    // second authorisation.
    markWhatsappConversationRead(await getDb(), { businessId, userId: user.id }, customerId),
    queryClient.prefetchQuery(trpc.customers.get.queryOptions({ businessId, customerId })),
    queryClient.prefetchInfiniteQuery(
      trpc.customers.timeline.infiniteQueryOptions(timelineInput(businessId, customerId), nextPageOptions),
    ),
    queryClient.prefetchInfiniteQuery(
      trpc.notes.list.infiniteQueryOptions(notesInput(businessId, customerId), nextPageOptions),
    ),
    queryClient.prefetchQuery(trpc.tasks.list.queryOptions(openTasksInput(businessId, customerId))),
    queryClient.prefetchQuery(trpc.customFields.list.queryOptions({ businessId })),
    queryClient.prefetchQuery(trpc.members.list.queryOptions({ businessId })),
    queryClient.prefetchQuery(trpc.consent.history.queryOptions({ businessId, customerId })),
    ...invoices,
  ]);
  return (
    <Prefetched queryClient={queryClient} business={business}>
      <CustomerPage customerId={customerId} />
    </Prefetched>
  );
}
