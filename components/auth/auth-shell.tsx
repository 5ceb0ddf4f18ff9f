import type { ReactNode } from "react";
import { Logo } from "@/components/layout/logo";
import { ThemeToggle } from "@/components/layout/theme-toggle";

/** The frame of the sign-in, sign-up and invitation pages: logo, theme toggle, a centered column. */
export function AuthShell({ children }: { children: ReactNode }) {
  return (
    <div className="flex min-h-dvh flex-col bg-muted/40 dark:bg-background">
      <header className="flex items-center justify-between gap-4 px-4 py-3 sm:px-6">
        <Logo />
        <ThemeToggle />
      </header>
      <main id="main" className="flex flex-1 justify-center px-4 pt-4 pb-12 sm:items-center sm:pt-8">
        <div className="w-full max-w-md min-w-0">{children}</div>
      </main>
      <footer className="px-4 pb-6 text-center text-xs text-muted-foreground">
        Mini CRM · open source, self-hostable
      </footer>
    </div>
  );
}
