import type { Metadata } from "next";
import { TemplateEditor } from "@/components/templates/template-editor";
import { serverQueries } from "@/server/api/server";
import { Prefetched } from "../../../../_lib/prefetched";
import { loadBusinessWith } from "../../../../_lib/session";

export const metadata: Metadata = { title: "New email template" };

/** The editor for a new email template; the variables its menu lists are fetched here. */
export default async function NewTemplatePage({ params }: { params: Promise<{ businessSlug: string }> }) {
  const { businessSlug } = await params;
  const { business } = await loadBusinessWith(businessSlug, "campaigns.write");
  const { queryClient, trpc } = await serverQueries();
  await queryClient.prefetchQuery(trpc.templates.variables.queryOptions({ businessId: business.id }));
  return (
    <Prefetched queryClient={queryClient} business={business}>
      <TemplateEditor />
    </Prefetched>
  );
}
