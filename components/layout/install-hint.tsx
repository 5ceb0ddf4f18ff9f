"use client";

import { DownloadIcon, XIcon } from "lucide-react";
import { usePathname } from "next/navigation";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { iosInstallSteps, useInstallApp } from "./install-app";

const DISMISSED = "mini-crm:install-hint-dismissed";
const PAGES_SEEN = "mini-crm:pages-seen";

/**
 * Records that this tab has shown `pathname`; true once it has shown two different pages (the user is
 * using the app, not just landing on it). Kept in sessionStorage (this tab only); true where that is
 * refused.
 */
export function seenSecondPage(pathname: string): boolean {
  try {
    const seen = new Set<string>(JSON.parse(window.sessionStorage.getItem(PAGES_SEEN) ?? "[]"));
    if (!seen.has(pathname)) {
      seen.add(pathname);
      window.sessionStorage.setItem(PAGES_SEEN, JSON.stringify([...seen].slice(-2)));
    }
    return seen.size >= 2;
  } catch {
    return true;
  }
}

/**
 * A one-time hint on phones (< md) that Mini CRM installs as an app: Chromium's install sheet behind
 * Install, or Safari's steps on iOS. Shown only from the second page the user opens (web.dev's advice:
 * never on landing), as a card above the bottom bar that slides in over the page, never pushing what
 * is already laid out (no layout shift); a spacer at the end of the page keeps the last rows reachable
 * above it. Dismissed for good with ×, or by installing. Nothing shows where it is installed or cannot
 * be. Mounted with the app's frame, so the install event is caught early.
 */
export function InstallHint() {
  const { way, install } = useInstallApp();
  const pathname = usePathname();
  const [dismissed, setDismissed] = useState(true);
  const [engaged, setEngaged] = useState(false);
  useEffect(() => {
    try {
      setDismissed(window.localStorage.getItem(DISMISSED) === "1");
    } catch {
      setDismissed(false);
    }
  }, []);
  useEffect(() => {
    if (seenSecondPage(pathname)) setEngaged(true);
  }, [pathname]);
  if (!way || dismissed || !engaged) return null;
  const dismiss = () => {
    setDismissed(true);
    try {
      window.localStorage.setItem(DISMISSED, "1");
    } catch {
      // Private mode: hidden for this visit only.
    }
  };
  return (
    <>
      <div aria-hidden="true" className="h-20 md:hidden" />
      <aside
        aria-label="Install the app"
        className="fixed inset-x-3 bottom-[calc(4.75rem+env(safe-area-inset-bottom))] z-30 flex animate-in items-center gap-2 rounded-lg border bg-background p-3 text-sm shadow-lg fade-in slide-in-from-bottom-4 md:hidden"
      >
        <DownloadIcon className="size-5 shrink-0 text-primary" aria-hidden="true" />
        <p className="min-w-0 flex-1">
          {way === "prompt" ? "Install Mini CRM on this phone: it opens like an app." : iosInstallSteps}
        </p>
        {way === "prompt" ? (
          <Button
            size="sm"
            onClick={async () => {
              await install();
              dismiss();
            }}
          >
            Install
          </Button>
        ) : null}
        <Button size="icon" variant="ghost" aria-label="Dismiss" onClick={dismiss}>
          <XIcon aria-hidden="true" />
        </Button>
      </aside>
    </>
  );
}
