import type { Metadata } from "next";
import { TemplatesList } from "@/components/templates/templates-list";
import { serverQueries } from "@/server/api/server";
import { Prefetched } from "../../../_lib/prefetched";
import { loadBusinessWith } from "../../../_lib/session";

export const metadata: Metadata = { title: "Templates" };

/** The business's message templates; the list is fetched here, so it arrives rendered in the HTML. */
export default async function TemplatesPage({ params }: { params: Promise<{ businessSlug: string }> }) {
  const { businessSlug } = await params;
  const { business } = await loadBusinessWith(businessSlug, "campaigns.read");
  const { queryClient, trpc } = await serverQueries();
  await queryClient.prefetchQuery(trpc.templates.list.queryOptions({ businessId: business.id }));
  return (
    <Prefetched queryClient={queryClient} business={business}>
      <TemplatesList />
    </Prefetched>
  );
}
