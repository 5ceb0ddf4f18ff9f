"use client";

import { isServer, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, loggerLink } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { type ReactNode, useState } from "react";
import superjson from "superjson";
import type { AppRouter } from "@/server/api/root";

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: 30_000, retry: (count, err) => count < 2 && !isClientError(err) },
    },
  });
}

function isClientError(err: unknown): boolean {
  const code = (err as { data?: { httpStatus?: number } })?.data?.httpStatus;
  return typeof code === "number" && code >= 400 && code < 500;
}

let browserQueryClient: QueryClient | undefined;
function getQueryClient() {
  if (isServer) return makeQueryClient();
  browserQueryClient ??= makeQueryClient();
  return browserQueryClient;
}

function makeTrpcClient() {
  return createTRPCClient<AppRouter>({
    links: [
      loggerLink({
        enabled: (op) =>
          process.env.NODE_ENV === "development" && op.direction === "down" && op.result instanceof Error,
      }),
      httpBatchLink({ url: "/api/trpc", transformer: superjson }),
    ],
  });
}

let browserTrpcClient: ReturnType<typeof makeTrpcClient> | undefined;
function getTrpcClient() {
  if (isServer) return makeTrpcClient();
  browserTrpcClient ??= makeTrpcClient();
  return browserTrpcClient;
}

/**
 * Provides TanStack Query and the typed tRPC client to client components (`useTRPC()`). It wraps the
 * sections whose pages use them (their layouts), not the root layout. In the browser the query cache and
 * the client are one per tab, so moving between sections keeps what was fetched.
 */
export function TRPCReactProvider({ children }: { children: ReactNode }) {
  const queryClient = getQueryClient();
  const [trpcClient] = useState(getTrpcClient);
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
