"use client";

import { useEffect } from "react";

/**
 * Registers the service worker (public/sw.js, built from app/sw.ts by `serwist build`) once the page
 * has loaded, in production builds only: the development server has no precache to serve. The worker
 * takes over at once on an update (it holds no state of its own: queued writes live in IndexedDB).
 */
export function ServiceWorkerRegistration() {
  useEffect(() => {
    if (process.env.NODE_ENV !== "production" || !("serviceWorker" in navigator)) return;
    const register = () =>
      navigator.serviceWorker.register("/sw.js", { scope: "/", updateViaCache: "none" }).catch(() => {
        // Refused (private mode, an old browser): the app works online without it.
      });
    if (document.readyState === "complete") register();
    else window.addEventListener("load", register, { once: true });
  }, []);
  return null;
}
