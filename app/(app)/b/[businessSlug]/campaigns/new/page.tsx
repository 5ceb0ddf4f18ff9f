import type { Metadata } from "next";
import { CampaignEditor } from "@/components/campaigns/campaign-form";
import { serverQueries } from "@/server/api/server";
import { Prefetched } from "../../../../_lib/prefetched";
import { loadBusinessWith } from "../../../../_lib/session";

export const metadata: Metadata = { title: "New campaign" };

/** The form for a new campaign; the segments and templates its pickers list are fetched here. */
export default async function NewCampaignPage({ params }: { params: Promise<{ businessSlug: string }> }) {
  const { businessSlug } = await params;
  const { business } = await loadBusinessWith(businessSlug, "campaigns.write");
  const businessId = business.id;
  const { queryClient, trpc } = await serverQueries();
  await Promise.all([
    queryClient.prefetchQuery(trpc.segments.list.queryOptions({ businessId })),
    queryClient.prefetchQuery(trpc.campaigns.contentOptions.queryOptions({ businessId })),
  ]);
  return (
    <Prefetched queryClient={queryClient} business={business}>
      <CampaignEditor />
    </Prefetched>
  );
}
