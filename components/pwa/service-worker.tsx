"use client";

import { useEffect } from "react";
import { whenIdle } from "@/components/ui/when-idle";

/** How long after the page's load event the worker is registered, ms (then at the browser's next idle moment). */
const SERVICE_WORKER_DELAY_MS = 3000;

/**
 * Registers the service worker (public/sw.js, built from app/sw.ts by `serwist build`) a few seconds after
 * the page has loaded, when the browser is idle, in production builds only: the development server has
 * no precache to serve. On a first visit the worker's install downloads the whole precache (about 150
 * files); started at once, it competes with the page's own first seconds (hydration) for a phone's CPU
 * and network. The worker takes over at once on an update (it holds no state of its own: queued writes
 * live in IndexedDB).
 */
export function ServiceWorkerRegistration() {
  useEffect(() => {
    if (process.env.NODE_ENV !== "production" || !("serviceWorker" in navigator)) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let cancelIdle: (() => void) | undefined;
    const register = () =>
      navigator.serviceWorker.register("/sw.js", { scope: "/", updateViaCache: "none" }).catch(() => {
        // Refused (private mode, an old browser): the app works online without it.
      });
    const later = () => {
      timer = setTimeout(() => {
        cancelIdle = whenIdle(register, 2000, 0);
      }, SERVICE_WORKER_DELAY_MS);
    };
    if (document.readyState === "complete") later();
    else window.addEventListener("load", later, { once: true });
    return () => {
      window.removeEventListener("load", later);
      if (timer) clearTimeout(timer);
      cancelIdle?.();
    };
  }, []);
  return null;
}
