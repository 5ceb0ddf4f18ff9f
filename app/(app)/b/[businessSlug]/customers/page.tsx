import type { Metadata } from "next";
import { RedirectType, redirect } from "next/navigation";
import { CustomersList } from "@/components/customers/list/customers-list";
import {
  listPageOptions,
  listPageSize,
  listQueryInput,
  listSearchParams,
  panelFromUnknown,
  parseListParams,
} from "@/components/customers/list/list-state";
import { serverQueries } from "@/server/api/server";
import { customerFilterFromUnknown } from "@/server/domain/customers";
import { isPhoneRequest } from "../../../_lib/device";
import { Prefetched } from "../../../_lib/prefetched";
import { loadBusinessWith } from "../../../_lib/session";

export const metadata: Metadata = { title: "Customers" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/**
 * The customers list (search, filters, saved views, bulk actions, Trash). The first page of what the
 * URL asks for, the custom fields, members and saved views are fetched here, so the list arrives
 * rendered in the HTML, its phone numbers formatted here too; scrolling, filtering and everything after
 * run in the browser.
 */
export default async function CustomersPage({
  params,
  searchParams,
}: {
  params: Promise<{ businessSlug: string }>;
  searchParams: SearchParams;
}) {
  const { businessSlug } = await params;
  const { business } = await loadBusinessWith(businessSlug, "customers.read");
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(await searchParams)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) query.append(key, v);
  }
  const state = parseListParams(query);
  // The browser trusts the URL's filter (see list-state.ts): validate it here, and replace a URL with an
  // invalid condition by one without it before anything reads it.
  const panel = panelFromUnknown(customerFilterFromUnknown(state.panel));
  if (Object.keys(state.panel).some((key) => !(key in panel))) {
    const valid = listSearchParams({ ...state, panel }, query).toString();
    redirect(`/b/${business.slug}/customers${valid ? `?${valid}` : ""}`, RedirectType.replace);
  }
  const desktop = !(await isPhoneRequest());
  const input = listQueryInput(business.id, state, listPageSize(desktop));
  const { queryClient, trpc } = await serverQueries();
  const businessId = business.id;
  // A segment that is not (or no longer) this business's: the list without it.
  if (panel.segmentId) {
    const segment = trpc.segments.get.queryOptions({ businessId, segmentId: panel.segmentId });
    if (
      !(await queryClient.fetchQuery(segment).then(
        () => true,
        () => false,
      ))
    ) {
      const rest = listSearchParams(
        { ...state, panel: { ...panel, segmentId: undefined } },
        query,
      ).toString();
      redirect(`/b/${business.slug}/customers${rest ? `?${rest}` : ""}`, RedirectType.replace);
    }
  }
  await Promise.all([
    queryClient.prefetchInfiniteQuery(
      state.trash
        ? trpc.customers.trash.infiniteQueryOptions(input, listPageOptions)
        : trpc.customers.list.infiniteQueryOptions(input, listPageOptions),
    ),
    queryClient.prefetchQuery(trpc.customFields.list.queryOptions({ businessId })),
    queryClient.prefetchQuery(trpc.members.list.queryOptions({ businessId })),
    queryClient.prefetchQuery(trpc.savedViews.list.queryOptions({ businessId })),
  ]);
  return (
    <Prefetched queryClient={queryClient} business={business}>
      <CustomersList desktopGuess={desktop} />
    </Prefetched>
  );
}
