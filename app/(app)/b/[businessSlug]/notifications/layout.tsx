import type { ReactNode } from "react";
import { TRPCReactProvider } from "@/components/providers/trpc-provider";
import { loadBusiness } from "../../../_lib/session";

/**
 * The pages of this section fetch and change data from the browser through tRPC; the provider (TanStack
 * Query, the tRPC client and superjson) is added here rather than in the root layout, so pages that only
 * render on the server (the dashboard, the landing page) do not download it. The business is loaded
 * through the tenancy gate like every page of a business (cached for the request).
 */
export default async function Layout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ businessSlug: string }>;
}) {
  await loadBusiness((await params).businessSlug);
  return <TRPCReactProvider>{children}</TRPCReactProvider>;
}
