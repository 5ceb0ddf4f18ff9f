import type { ReactNode } from "react";
import { TRPCReactProvider } from "@/components/providers/trpc-provider";
import { loadBusiness } from "../../../_lib/session";

/** Invoices fetch and change data from the browser through tRPC (see the tasks layout for why here). */
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
