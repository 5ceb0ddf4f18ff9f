"use client";

import { DownloadIcon, XIcon } from "lucide-react";
import { usePathname } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { type InstallWay, iosInstallSteps, useInstallApp } from "./install-app";

const DISMISSED = "mini-crm:install-hint-dismissed";

/** Where this document was loaded, and whether the user has since moved to another page in it. */
const visit: { landing: string | null; moved: boolean; dismissed: boolean } = {
  landing: null,
  moved: false,
  dismissed: false,
};

/** Whether the user said "not now" for good (localStorage); false where storage is refused. */
function dismissedForGood(): boolean {
  try {
    return window.localStorage.getItem(DISMISSED) === "1";
  } catch {
    return false;
  }
}

/**
 * What the hint offers when `pathname` is first rendered: nothing on the page the document was loaded
 * with (web.dev's advice: never on landing; and a hint inserted once the browser reports it installable
 * would push that page down, a layout shift), then `way` from the first page reached inside the app, unless
 * dismissed for good. Meant to be called during the render of a new page, so the hint appears in the same
 * frame as the page it sits on and never moves anything already on screen.
 */
export function offerOnPage(pathname: string, way: InstallWay): InstallWay {
  visit.landing ??= pathname;
  if (pathname !== visit.landing) visit.moved = true;
  return visit.moved && !visit.dismissed && !dismissedForGood() ? way : null;
}

/** "Not now" for good: kept in localStorage, and for the rest of this visit where storage is refused. */
export function dismissHint(): void {
  visit.dismissed = true;
  try {
    window.localStorage.setItem(DISMISSED, "1");
  } catch {
    // Private mode: hidden for this visit only.
  }
}

/**
 * A one-time hint on phones (< md), at the top of the page, in the flow (it never covers a button), that
 * Mini CRM installs as an app: Chromium's install sheet behind Install, or Safari's steps on iOS. Shown
 * from the second page the user opens in the app, decided when that page renders (see `offerOnPage`).
 * Dismissed for good with ×, or by installing. Nothing shows where it is installed or cannot be. Mounted
 * with the app's frame, so the install event is caught early.
 */
export function InstallHint() {
  const { way, install } = useInstallApp();
  const pathname = usePathname();
  // Decided once per page, during its render (React's "adjust state while rendering" pattern): an install
  // event arriving later waits for the next page instead of shifting this one.
  const [offer, setOffer] = useState<{ path: string | null; way: InstallWay }>({ path: null, way: null });
  if (offer.path !== pathname && typeof window !== "undefined") {
    setOffer({ path: pathname, way: offerOnPage(pathname, way) });
  }
  // Gone at once when it no longer applies (installed from the user menu, the prompt used).
  if (!offer.way || !way) return null;
  const dismiss = () => {
    setOffer({ path: pathname, way: null });
    dismissHint();
  };
  return (
    <aside
      aria-label="Install the app"
      className="mb-4 flex items-center gap-2 rounded-lg border bg-muted/40 p-3 text-sm md:hidden"
    >
      <DownloadIcon className="size-5 shrink-0 text-primary" aria-hidden="true" />
      <p className="min-w-0 flex-1">
        {offer.way === "prompt" ? "Install Mini CRM on this phone: it opens like an app." : iosInstallSteps}
      </p>
      {offer.way === "prompt" ? (
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
  );
}
