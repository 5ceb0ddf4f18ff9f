import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { SegmentBuilder } from "@/components/segments/segment-builder";
import { getDb } from "@/db/client";
import { serverQueries } from "@/server/api/server";
import { isAppError } from "@/server/errors";
import { isUuid } from "@/server/ids";
import { getSegment } from "@/server/services/segments";
import { Prefetched } from "../../../../_lib/prefetched";
import { loadBusinessWith } from "../../../../_lib/session";

type Params = Promise<{ businessSlug: string; segmentId: string }>;

/**
 * The business and its segment, or `notFound()` (a malformed id, another business's, or none).
 * Memoized per request: metadata and the page share one query.
 */
const loadSegment = cache(async (businessSlug: string, segmentId: string) => {
  const { business } = await loadBusinessWith(businessSlug, "customers.write");
  if (!isUuid(segmentId)) notFound();
  try {
    return { business, segment: await getSegment(await getDb(), business.id, segmentId) };
  } catch (e) {
    if (isAppError(e) && e.code === "NOT_FOUND") notFound();
    throw e;
  }
});

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { businessSlug, segmentId } = await params;
  const { segment } = await loadSegment(businessSlug, segmentId);
  return { title: segment.name };
}

/**
 * The rule builder for a saved segment. The segment, the custom fields and the members its pickers list
 * are fetched here, so the builder arrives filled in.
 */
export default async function SegmentPage({ params }: { params: Params }) {
  const { businessSlug, segmentId } = await params;
  const { business } = await loadSegment(businessSlug, segmentId);
  const businessId = business.id;
  const { queryClient, trpc } = await serverQueries();
  await Promise.all([
    queryClient.prefetchQuery(trpc.segments.get.queryOptions({ businessId, segmentId })),
    queryClient.prefetchQuery(trpc.customFields.list.queryOptions({ businessId })),
    queryClient.prefetchQuery(trpc.members.list.queryOptions({ businessId })),
  ]);
  return (
    <Prefetched queryClient={queryClient} business={business}>
      <SegmentBuilder segmentId={segmentId} />
    </Prefetched>
  );
}
