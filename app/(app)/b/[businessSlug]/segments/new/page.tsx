import type { Metadata } from "next";
import { SegmentBuilder } from "@/components/segments/segment-builder";
import { serverQueries } from "@/server/api/server";
import { Prefetched } from "../../../../_lib/prefetched";
import { loadBusinessWith } from "../../../../_lib/session";

export const metadata: Metadata = { title: "New segment" };

/** The rule builder for a new segment; the custom fields and members its pickers list are fetched here. */
export default async function NewSegmentPage({ params }: { params: Promise<{ businessSlug: string }> }) {
  const { businessSlug } = await params;
  const { business } = await loadBusinessWith(businessSlug, "customers.write");
  const businessId = business.id;
  const { queryClient, trpc } = await serverQueries();
  await Promise.all([
    queryClient.prefetchQuery(trpc.customFields.list.queryOptions({ businessId })),
    queryClient.prefetchQuery(trpc.members.list.queryOptions({ businessId })),
  ]);
  return (
    <Prefetched queryClient={queryClient} business={business}>
      <SegmentBuilder />
    </Prefetched>
  );
}
