import "server-only";
import { QueryClient } from "@tanstack/react-query";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { headers } from "next/headers";
import { cache } from "react";
import { getDb } from "@/db/client";
import { getSessionUser } from "@/server/auth";
import { clientIp } from "@/server/auth/client-ip";
import { appRouter, createCaller } from "./root";

/** The signed-in user for this request (memoized per request). */
export const currentUser = cache(getSessionUser);

/**
 * A tRPC caller for server components and server actions, with the request's session.
 * Usage: `const api = await serverApi(); await api.business.list()`.
 */
export const serverApi = cache(async () => createCaller(await requestContext()));

/** The tRPC context of this request: the database, the session's user, its client address. */
const requestContext = cache(async () => ({
  db: await getDb(),
  user: await currentUser(),
  apiKey: null,
  ip: clientIp(await headers()),
}));

/**
 * A query client and the tRPC options proxy over it, with the request's session, for server components
 * that prefetch what a client component will ask for first. Prefetch with the same inputs the client
 * uses (the query keys must match), then render `<HydrationBoundary state={dehydrate(queryClient)}>`:
 * the page arrives with its data in the HTML and the client does not fetch it again while it is fresh.
 * Outputs cross to the client as React Server Component props (Dates included), not through superjson.
 */
export async function serverQueries() {
  const ctx = await requestContext();
  const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: 30_000 } } });
  const trpc = createTRPCOptionsProxy({ ctx, router: appRouter, queryClient });
  return { queryClient, trpc };
}
