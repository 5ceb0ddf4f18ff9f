import type { Metadata } from "next";
import { nextSubmissionsPage, submissionsInput } from "@/components/lead-forms/submissions/queries";
import { SubmissionsView } from "@/components/lead-forms/submissions/submissions-view";
import { serverQueries } from "@/server/api/server";
import { Prefetched } from "../../../../../_lib/prefetched";
import { loadBusinessWith } from "../../../../../_lib/session";
import { loadForm } from "../load-form";

type Params = Promise<{ businessSlug: string; formId: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { businessSlug, formId } = await params;
  const { form } = await loadForm(businessSlug, formId, "forms.read");
  return { title: `Submissions · ${form.name}` };
}

/** A form's submissions; the first page of the inbox is fetched here, so it arrives rendered. */
export default async function FormSubmissionsPage({ params }: { params: Params }) {
  const { businessSlug, formId } = await params;
  await loadBusinessWith(businessSlug, "forms.read");
  const { business, form } = await loadForm(businessSlug, formId, "forms.read");
  const { queryClient, trpc } = await serverQueries();
  await queryClient.prefetchInfiniteQuery(
    trpc.leadForms.submissions.infiniteQueryOptions(
      submissionsInput(business.id, form.id),
      nextSubmissionsPage,
    ),
  );
  return (
    <Prefetched queryClient={queryClient} business={business}>
      <SubmissionsView formId={form.id} />
    </Prefetched>
  );
}
