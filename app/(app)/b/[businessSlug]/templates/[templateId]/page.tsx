import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { TemplateEditor } from "@/components/templates/template-editor";
import { getDb } from "@/db/client";
import { serverQueries } from "@/server/api/server";
import { isAppError } from "@/server/errors";
import { isUuid } from "@/server/ids";
import { getTemplate } from "@/server/services/templates";
import { Prefetched } from "../../../../_lib/prefetched";
import { loadBusinessWith } from "../../../../_lib/session";

type Params = Promise<{ businessSlug: string; templateId: string }>;

/**
 * The business and its email template, or `notFound()` (a malformed id, another business's, a WhatsApp
 * template, or none). Memoized per request: metadata and the page share one query.
 */
const loadTemplate = cache(async (businessSlug: string, templateId: string) => {
  const { business } = await loadBusinessWith(businessSlug, "campaigns.write");
  if (!isUuid(templateId)) notFound();
  try {
    const template = await getTemplate(await getDb(), business.id, templateId);
    if (template.channel !== "email") notFound();
    return { business, template };
  } catch (e) {
    if (isAppError(e) && e.code === "NOT_FOUND") notFound();
    throw e;
  }
});

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { businessSlug, templateId } = await params;
  const { template } = await loadTemplate(businessSlug, templateId);
  return { title: template.name };
}

/** The editor for a saved email template; the template and the variables are fetched here. */
export default async function TemplatePage({ params }: { params: Params }) {
  const { businessSlug, templateId } = await params;
  const { business } = await loadTemplate(businessSlug, templateId);
  const businessId = business.id;
  const { queryClient, trpc } = await serverQueries();
  await Promise.all([
    queryClient.prefetchQuery(trpc.templates.get.queryOptions({ businessId, templateId })),
    queryClient.prefetchQuery(trpc.templates.variables.queryOptions({ businessId })),
  ]);
  return (
    <Prefetched queryClient={queryClient} business={business}>
      <TemplateEditor templateId={templateId} />
    </Prefetched>
  );
}
