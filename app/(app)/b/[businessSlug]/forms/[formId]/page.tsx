import type { Metadata } from "next";
import { FormBuilder } from "@/components/lead-forms/builder/form-builder";
import { serverQueries } from "@/server/api/server";
import { env } from "@/server/env";
import { Prefetched } from "../../../../_lib/prefetched";
import { loadBusinessWith } from "../../../../_lib/session";
import { loadForm } from "./load-form";

type Params = Promise<{ businessSlug: string; formId: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { businessSlug, formId } = await params;
  const { form } = await loadForm(businessSlug, formId, "forms.manage");
  return { title: `Build · ${form.name}` };
}

/**
 * The form builder. The form, the custom fields its fields may fill and the members its settings name
 * are fetched here, so the builder arrives filled in.
 */
export default async function FormBuilderPage({ params }: { params: Params }) {
  const { businessSlug, formId } = await params;
  await loadBusinessWith(businessSlug, "forms.manage");
  const { business, form } = await loadForm(businessSlug, formId, "forms.manage");
  const businessId = business.id;
  const { queryClient, trpc } = await serverQueries();
  await Promise.all([
    queryClient.prefetchQuery(trpc.leadForms.get.queryOptions({ businessId, formId: form.id })),
    queryClient.prefetchQuery(trpc.customFields.list.queryOptions({ businessId })),
    queryClient.prefetchQuery(trpc.members.list.queryOptions({ businessId })),
  ]);
  return (
    <Prefetched queryClient={queryClient} business={business}>
      <FormBuilder formId={form.id} appUrl={env.APP_URL.replace(/\/+$/, "")} />
    </Prefetched>
  );
}
