import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { CampaignEditor } from "@/components/campaigns/campaign-form";
import { serverQueries } from "@/server/api/server";
import { Prefetched } from "../../../../../_lib/prefetched";
import { loadBusinessWith } from "../../../../../_lib/session";
import { loadCampaign } from "../load-campaign";

type Params = Promise<{ businessSlug: string; campaignId: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { businessSlug, campaignId } = await params;
  const { campaign } = await loadCampaign(businessSlug, campaignId, "campaigns.write");
  return { title: `Edit ${campaign.name}` };
}

/**
 * The form for a draft or scheduled campaign, filled in (the campaign, segments and templates are fetched
 * here). A campaign that started sending no longer changes: its page is shown instead.
 */
export default async function EditCampaignPage({ params }: { params: Params }) {
  const { businessSlug, campaignId } = await params;
  await loadBusinessWith(businessSlug, "campaigns.write");
  const { business, campaign } = await loadCampaign(businessSlug, campaignId, "campaigns.write");
  if (campaign.status !== "draft" && campaign.status !== "scheduled") {
    redirect(`/b/${business.slug}/campaigns/${campaign.id}`);
  }
  const businessId = business.id;
  const { queryClient, trpc } = await serverQueries();
  await Promise.all([
    queryClient.prefetchQuery(trpc.campaigns.get.queryOptions({ businessId, campaignId })),
    queryClient.prefetchQuery(trpc.segments.list.queryOptions({ businessId })),
    queryClient.prefetchQuery(trpc.campaigns.contentOptions.queryOptions({ businessId })),
  ]);
  return (
    <Prefetched queryClient={queryClient} business={business}>
      <CampaignEditor campaignId={campaignId} />
    </Prefetched>
  );
}
