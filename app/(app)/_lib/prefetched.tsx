import { dehydrate, HydrationBoundary, type QueryClient } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { PhoneDisplayProvider } from "@/components/customers/phone-display";
import { DateDisplayProvider } from "@/components/layout/date-display";
import { dateDisplayMap } from "@/server/domain/format";
import { phoneDisplayMap } from "@/server/domain/phone";

/**
 * Hands what a page prefetched into `queryClient` (`serverQueries()`) to the client components below,
 * with every phone number in it already formatted for the business's `country` (`PhoneDisplayProvider`)
 * and every date for its `timeZone` (`DateDisplayProvider`), so they render with their data on the server
 * and hydrate without fetching it again or loading the phone library and the browser's date data.
 */
export function Prefetched({
  queryClient,
  business,
  children,
}: {
  queryClient: QueryClient;
  business: { country: string; timeZone: string };
  children: ReactNode;
}) {
  const state = dehydrate(queryClient);
  const data = state.queries.map((q) => q.state.data);
  return (
    <HydrationBoundary state={state}>
      <PhoneDisplayProvider known={phoneDisplayMap(data, business.country)}>
        <DateDisplayProvider known={dateDisplayMap(data, business.timeZone)}>{children}</DateDisplayProvider>
      </PhoneDisplayProvider>
    </HydrationBoundary>
  );
}
