"use client";

import type { ReactNode } from "react";
import { OfflineSync } from "@/components/offline/offline-sync";
import type { SwitcherBusiness } from "./business-switcher";
import { InstallHint } from "./install-hint";
import { MobileHeader, MobileNav } from "./mobile-nav";
import { Sidebar } from "./sidebar";
import type { UserMenuUser } from "./user-menu";
import { useIsDesktop } from "./viewport";

/**
 * The signed-in frame of every business page: sidebar on desktop; header and bottom navigation on
 * phones. The content column never grows wider than the viewport (`min-w-0`), and on phones keeps room
 * for the bottom bar and the home indicator. Only the chrome of the viewport's side is rendered (the page
 * guesses it from the user agent as `desktopGuess`; CSS still hides the other if a guess is wrong until
 * hydration corrects it), so a phone does not hydrate a hidden sidebar. Needs a `BusinessProvider` above it.
 */
export function AppShell({
  businesses,
  user,
  unread = 0,
  desktopGuess = true,
  children,
}: {
  businesses: SwitcherBusiness[];
  user: UserMenuUser;
  /** The member's unread notifications when the page was rendered (the bell's badge). */
  unread?: number;
  desktopGuess?: boolean;
  children: ReactNode;
}) {
  const desktop = useIsDesktop(desktopGuess);
  return (
    <div className="flex min-h-dvh w-full">
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-background px-3 py-2 text-sm font-medium shadow focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
      >
        Skip to content
      </a>
      {desktop ? <Sidebar businesses={businesses} user={user} unread={unread} /> : null}
      <div className="flex min-w-0 flex-1 flex-col">
        {desktop ? null : <MobileHeader businesses={businesses} user={user} unread={unread} />}
        <main
          id="main"
          tabIndex={-1}
          className="min-w-0 flex-1 pt-5 pr-[max(1rem,env(safe-area-inset-right))] pb-[calc(6rem+env(safe-area-inset-bottom))] pl-[max(1rem,env(safe-area-inset-left))] outline-none sm:px-6 md:px-8 md:pt-8 md:pb-12"
        >
          <div className="mx-auto w-full max-w-5xl min-w-0">
            {desktop ? null : <InstallHint />}
            {children}
          </div>
        </main>
      </div>
      {desktop ? null : <MobileNav />}
      <OfflineSync />
    </div>
  );
}
