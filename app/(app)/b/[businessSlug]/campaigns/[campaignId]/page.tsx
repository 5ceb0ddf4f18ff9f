import type { Metadata } from "next";
import { hasReport } from "@/components/campaigns/campaign-display";
import { CampaignPage } from "@/components/campaigns/campaign-page";
import { nextRecipientsPage, recipientsInput } from "@/components/campaigns/queries";
import { serverQueries } from "@/server/api/server";
import { Prefetched } from "../../../../_lib/prefetched";
import { loadBusinessWith } from "../../../../_lib/session";
import { loadCampaign } from "./load-campaign";

type Params = Promise<{ businessSlug: string; campaignId: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { businessSlug, campaignId } = await params;
  const { campaign } = await loadCampaign(businessSlug, campaignId, "campaigns.read");
  return { title: campaign.name };
}

/**
 * A campaign: before sending, its review; while sending, its progress; afterwards, its report. The
 * campaign, the segments (for the audience's name) and the review or the first recipients are fetched
 * here, so the page arrives filled in with dates in the business's time zone.
 */
export default async function CampaignDetailPage({ params }: { params: Params }) {
  const { businessSlug, campaignId } = await params;
  await loadBusinessWith(businessSlug, "campaigns.read");
  const { business, campaign } = await loadCampaign(businessSlug, campaignId, "campaigns.read");
  const businessId = business.id;
  const ids = { businessId, campaignId };
  const { queryClient, trpc } = await serverQueries();
  await Promise.all([
    queryClient.prefetchQuery(trpc.campaigns.get.queryOptions(ids)),
    queryClient.prefetchQuery(trpc.segments.list.queryOptions({ businessId })),
    campaign.status === "draft" || campaign.status === "scheduled"
      ? queryClient.prefetchQuery(trpc.campaigns.review.queryOptions(ids))
      : null,
    hasReport(campaign.status, campaign.startedAt)
      ? queryClient.prefetchInfiniteQuery(
          trpc.campaigns.recipients.infiniteQueryOptions(
            recipientsInput(businessId, campaignId),
            nextRecipientsPage,
          ),
        )
      : null,
  ]);
  return (
    <Prefetched queryClient={queryClient} business={business}>
      <CampaignPage campaignId={campaignId} />
    </Prefetched>
  );
}
