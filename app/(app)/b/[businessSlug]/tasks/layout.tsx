import type { ReactNode } from "react";
import { TRPCReactProvider } from "@/components/providers/trpc-provider";

/**
 * The pages of this section fetch and change data from the browser through tRPC; the provider (TanStack
 * Query, the tRPC client and superjson) is added here rather than in the root layout, so pages that only
 * render on the server (the dashboard, the landing page) do not download it.
 */
export default function Layout({ children }: { children: ReactNode }) {
  return <TRPCReactProvider>{children}</TRPCReactProvider>;
}
