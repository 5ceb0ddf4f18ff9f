import type { ReactNode } from "react";
import { TRPCReactProvider } from "@/components/providers/trpc-provider";
import { loadBusiness } from "../../../_lib/session";

/** The templates page changes data from the browser through tRPC; the provider is added here. */
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
