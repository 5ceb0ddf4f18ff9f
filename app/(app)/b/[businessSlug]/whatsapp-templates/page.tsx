import type { Metadata } from "next";
import { WhatsappTemplates } from "@/components/messaging/whatsapp-templates";
import { serverQueries } from "@/server/api/server";
import { can } from "@/server/auth/permissions";
import { Prefetched } from "../../../_lib/prefetched";
import { loadBusinessWith } from "../../../_lib/session";

export const metadata: Metadata = { title: "WhatsApp templates" };

/** The business's WhatsApp templates (prefetched, so the list arrives in the HTML). */
export default async function WhatsappTemplatesPage({
  params,
}: {
  params: Promise<{ businessSlug: string }>;
}) {
  const { businessSlug } = await params;
  const { business, role } = await loadBusinessWith(businessSlug, "campaigns.read");
  const { queryClient, trpc } = await serverQueries();
  await queryClient.prefetchQuery(trpc.whatsappTemplates.list.queryOptions({ businessId: business.id }));
  const settingsHref = can(role, "messaging.manage") ? `/b/${business.slug}/settings/messaging` : null;
  return (
    <Prefetched queryClient={queryClient} business={business}>
      <WhatsappTemplates settingsHref={settingsHref} />
    </Prefetched>
  );
}
