import { dehydrate, HydrationBoundary, type QueryClient } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { PhoneDisplayProvider } from "@/components/customers/phone-display";
import { phoneDisplayMap } from "@/server/domain/phone";

/**
 * Hands what a page prefetched into `queryClient` (`serverQueries()`) to the client components below,
 * with every phone number in it already formatted for the business's `country` (`PhoneDisplayProvider`),
 * so they render with their data on the server and hydrate without fetching it again.
 */
export function Prefetched({
  queryClient,
  country,
  children,
}: {
  queryClient: QueryClient;
  country: string;
  children: ReactNode;
}) {
  const state = dehydrate(queryClient);
  const phones = phoneDisplayMap(
    state.queries.map((q) => q.state.data),
    country,
  );
  return (
    <HydrationBoundary state={state}>
      <PhoneDisplayProvider known={phones}>{children}</PhoneDisplayProvider>
    </HydrationBoundary>
  );
}
