import type { ReactNode } from "react";
import { AuthShell } from "@/components/auth/auth-shell";
import { TRPCReactProvider } from "@/components/providers/trpc-provider";

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <TRPCReactProvider>
      <AuthShell>{children}</AuthShell>
    </TRPCReactProvider>
  );
}
