"use client";

import { useSyncExternalStore } from "react";

/** Chromium's `beforeinstallprompt` event (not in the DOM typings): `prompt()` shows the install sheet. */
interface BeforeInstallPromptEvent extends Event {
  prompt: () => Promise<void>;
  userChoice: Promise<{ outcome: "accepted" | "dismissed" }>;
}

let deferred: BeforeInstallPromptEvent | null = null;
let installed = false;
const listeners = new Set<() => void>();
const notify = () => {
  for (const l of listeners) l();
};

if (typeof window !== "undefined") {
  // Captured as early as this module loads: Chromium fires it once, soon after the page is found installable.
  window.addEventListener("beforeinstallprompt", (e) => {
    e.preventDefault();
    deferred = e as BeforeInstallPromptEvent;
    notify();
  });
  window.addEventListener("appinstalled", () => {
    deferred = null;
    installed = true;
    notify();
  });
}

/** How the app can be installed here: Chromium's prompt, iOS Safari's Add to Home Screen, or not (already). */
export type InstallWay = "prompt" | "ios" | null;

function way(): InstallWay {
  if (installed || window.matchMedia?.("(display-mode: standalone)").matches) return null;
  if (deferred) return "prompt";
  const ios =
    /iphone|ipad|ipod/i.test(navigator.userAgent) && !(navigator as { standalone?: boolean }).standalone;
  return ios ? "ios" : null;
}

/**
 * Whether and how Mini CRM can be installed on this device, and `install()` to show Chromium's install
 * sheet (resolves true when accepted). Null on the server and where it is installed or cannot be.
 */
export function useInstallApp(): { way: InstallWay; install: () => Promise<boolean> } {
  const current = useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    way,
    () => null,
  );
  return {
    way: current,
    install: async () => {
      if (!deferred) return false;
      const e = deferred;
      deferred = null;
      await e.prompt();
      const { outcome } = await e.userChoice;
      notify();
      return outcome === "accepted";
    },
  };
}

/** What to do on iOS, where Safari has no install prompt. */
export const iosInstallSteps = "In Safari, tap Share, then Add to Home Screen.";
