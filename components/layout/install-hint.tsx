"use client";

import { DownloadIcon, XIcon } from "lucide-react";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { iosInstallSteps, useInstallApp } from "./install-app";

const DISMISSED = "mini-crm:install-hint-dismissed";

/**
 * A one-time hint on phones (< md), at the top of the page (in the flow: it never covers a button), that
 * Mini CRM installs as an app: Chromium's install sheet behind Install, or Safari's steps on iOS.
 * Dismissed for good with ×, or by installing. Nothing shows where it is installed or cannot be. Mounted
 * with the app's frame, so the install event is caught early.
 */
export function InstallHint() {
  const { way, install } = useInstallApp();
  const [dismissed, setDismissed] = useState(true);
  useEffect(() => {
    try {
      setDismissed(window.localStorage.getItem(DISMISSED) === "1");
    } catch {
      setDismissed(false);
    }
  }, []);
  if (!way || dismissed) return null;
  const dismiss = () => {
    setDismissed(true);
    try {
      window.localStorage.setItem(DISMISSED, "1");
    } catch {
      // Private mode: hidden for this visit only.
    }
  };
  return (
    <aside
      aria-label="Install the app"
      className="mb-4 flex items-center gap-2 rounded-lg border bg-muted/40 p-3 text-sm md:hidden"
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
  );
}
