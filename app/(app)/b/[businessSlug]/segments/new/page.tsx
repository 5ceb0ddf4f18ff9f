import type { Metadata } from "next";
import { type FromFilter, SegmentBuilder } from "@/components/segments/segment-builder";
import { serverQueries } from "@/server/api/server";
import { customerFilterFromUnknown } from "@/server/domain/customers";
import { Prefetched } from "../../../../_lib/prefetched";
import { loadBusinessWith } from "../../../../_lib/session";

export const metadata: Metadata = { title: "New segment" };

/** The list filter in `?filter=` (the customers list's own JSON), or nothing when it is not one. */
function filterParam(raw: string | string[] | undefined) {
  if (typeof raw !== "string" || raw.length > 20_000) return null;
  try {
    const filter = customerFilterFromUnknown(JSON.parse(raw));
    return Object.keys(filter).length ? filter : null;
  } catch {
    return null;
  }
}

/**
 * The rule builder for a new segment; the custom fields and members its pickers list are fetched here.
 * `?filter=` (from the customers list's "Save as segment") starts it with that filter's rules.
 */
export default async function NewSegmentPage({
  params,
  searchParams,
}: {
  params: Promise<{ businessSlug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { businessSlug } = await params;
  const { business } = await loadBusinessWith(businessSlug, "customers.write");
  const businessId = business.id;
  const { queryClient, trpc } = await serverQueries();
  await Promise.all([
    queryClient.prefetchQuery(trpc.customFields.list.queryOptions({ businessId })),
    queryClient.prefetchQuery(trpc.members.list.queryOptions({ businessId })),
  ]);
  const filter = filterParam((await searchParams).filter);
  // A filter that no longer fits (a custom field since deleted): the builder starts empty.
  const fromFilter: FromFilter | undefined = filter
    ? await queryClient
        .fetchQuery(trpc.segments.rulesFromFilter.queryOptions({ businessId, filter }))
        .catch(() => undefined)
    : undefined;
  return (
    <Prefetched queryClient={queryClient} business={business}>
      <SegmentBuilder fromFilter={fromFilter} />
    </Prefetched>
  );
}
