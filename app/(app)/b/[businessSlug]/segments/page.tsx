import type { Metadata } from "next";
import { SegmentsList } from "@/components/segments/segments-list";
import { serverQueries } from "@/server/api/server";
import { Prefetched } from "../../../_lib/prefetched";
import { loadBusinessWith } from "../../../_lib/session";

export const metadata: Metadata = { title: "Segments" };

/**
 * The business's segments. The list is fetched here, so it arrives rendered in the HTML; each segment's
 * count is asked for by the browser, so a slow count never holds the page back.
 */
export default async function SegmentsPage({ params }: { params: Promise<{ businessSlug: string }> }) {
  const { businessSlug } = await params;
  const { business } = await loadBusinessWith(businessSlug, "customers.read");
  const { queryClient, trpc } = await serverQueries();
  await queryClient.prefetchQuery(trpc.segments.list.queryOptions({ businessId: business.id }));
  return (
    <Prefetched queryClient={queryClient} business={business}>
      <SegmentsList />
    </Prefetched>
  );
}
