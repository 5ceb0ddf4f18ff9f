import type { Metadata } from "next";
import { FormAnalytics } from "@/components/lead-forms/analytics/form-analytics";
import { analyticsInput } from "@/components/lead-forms/analytics/queries";
import { serverQueries } from "@/server/api/server";
import { Prefetched } from "../../../../../_lib/prefetched";
import { loadBusinessWith } from "../../../../../_lib/session";
import { loadForm } from "../load-form";

type Params = Promise<{ businessSlug: string; formId: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { businessSlug, formId } = await params;
  const { form } = await loadForm(businessSlug, formId, "forms.read");
  return { title: `Analytics · ${form.name}` };
}

/** A form's figures; the last 30 days are fetched here, so the cards arrive rendered. */
export default async function FormAnalyticsPage({ params }: { params: Params }) {
  const { businessSlug, formId } = await params;
  await loadBusinessWith(businessSlug, "forms.read");
  const { business, form } = await loadForm(businessSlug, formId, "forms.read");
  const today = new Date().toISOString().slice(0, 10);
  const { queryClient, trpc } = await serverQueries();
  await queryClient.prefetchQuery(
    trpc.leadForms.analytics.queryOptions(analyticsInput(business.id, form.id, 30, today)),
  );
  return (
    <Prefetched queryClient={queryClient} business={business}>
      <FormAnalytics formId={form.id} today={today} />
    </Prefetched>
  );
}
