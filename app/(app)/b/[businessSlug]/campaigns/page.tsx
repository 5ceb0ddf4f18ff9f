import type { Metadata } from "next";
import { CampaignsList } from "@/components/campaigns/campaigns-list";
import { campaignListInput, nextCampaignPage } from "@/components/campaigns/queries";
import { serverQueries } from "@/server/api/server";
import { Prefetched } from "../../../_lib/prefetched";
import { loadBusinessWith } from "../../../_lib/session";

export const metadata: Metadata = { title: "Campaigns" };

/**
 * The business's campaigns, newest first. The first page and the segments (for the audience names) are
 * fetched here, so the list arrives rendered with its dates in the business's time zone.
 */
export default async function CampaignsPage({ params }: { params: Promise<{ businessSlug: string }> }) {
  const { businessSlug } = await params;
  const { business } = await loadBusinessWith(businessSlug, "campaigns.read");
  const { queryClient, trpc } = await serverQueries();
  await Promise.all([
    queryClient.prefetchInfiniteQuery(
      trpc.campaigns.list.infiniteQueryOptions(campaignListInput(business.id), nextCampaignPage),
    ),
    queryClient.prefetchQuery(trpc.segments.list.queryOptions({ businessId: business.id })),
  ]);
  return (
    <Prefetched queryClient={queryClient} business={business}>
      <CampaignsList />
    </Prefetched>
  );
}
