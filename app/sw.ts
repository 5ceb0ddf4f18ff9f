/// <reference lib="webworker" />
/**
 * The service worker (Serwist), bundled by `serwist build` after `next build` (serwist.config.mjs) into
 * `public/sw.js`. What it does:
 * - precaches the app shell: Next.js's static chunks and CSS, the icons and the offline app (`/~offline`);
 * - business pages (`/b/...`) go to the network; without one, the offline app answers in their place
 *   and shows what IndexedDB keeps (components/offline): those pages carry one member's data, so they
 *   are never stored in the Cache Storage;
 * - the public pages (sign-in, sign-up, the home page) are network-first with a cached copy;
 * - API answers are never cached (the offline data layer keeps what the app needs offline);
 * - Web Push: shows the notification the server sent and opens its page on click;
 * - Background Sync (`sync` event, tag `outbox`): asks an open window to replay the queued writes, or
 *   replays them itself when none is open.
 */
import type { PrecacheEntry, SerwistGlobalConfig } from "serwist";
import {
  CacheableResponsePlugin,
  CacheFirst,
  ExpirationPlugin,
  NetworkFirst,
  NetworkOnly,
  Serwist,
  StaleWhileRevalidate,
} from "serwist";
import { replayOutboxFromWorker } from "@/components/offline/replay-worker";
import { OFFLINE_APP_PATH, OUTBOX_SYNC_TAG, parsePushPayload } from "@/components/pwa/sw-shared";

declare global {
  interface WorkerGlobalScope extends SerwistGlobalConfig {
    __SW_MANIFEST: (PrecacheEntry | string)[] | undefined;
  }
}

declare const self: ServiceWorkerGlobalScope;

/** Public pages a visitor may open offline (their last copy). */
const PUBLIC_PAGES = new Set(["/", "/sign-in", "/sign-up", "/forgot-password"]);

const serwist = new Serwist({
  precacheEntries: self.__SW_MANIFEST,
  precacheOptions: { cleanupOutdatedCaches: true, ignoreURLParametersMatching: [/.*/] },
  skipWaiting: true,
  clientsClaim: true,
  navigationPreload: true,
  runtimeCaching: [
    {
      matcher: ({ sameOrigin, url }) => sameOrigin && url.pathname.startsWith("/_next/static/"),
      handler: new CacheFirst({
        cacheName: "next-static",
        plugins: [new ExpirationPlugin({ maxEntries: 256, maxAgeSeconds: 30 * 24 * 60 * 60 })],
      }),
    },
    {
      matcher: ({ sameOrigin, url }) =>
        sameOrigin && (url.pathname.startsWith("/icons/") || url.pathname === "/icon.svg"),
      handler: new StaleWhileRevalidate({ cacheName: "icons" }),
    },
    {
      matcher: ({ request, sameOrigin, url }) =>
        sameOrigin && request.mode === "navigate" && PUBLIC_PAGES.has(url.pathname),
      handler: new NetworkFirst({
        cacheName: "public-pages",
        networkTimeoutSeconds: 5,
        plugins: [new CacheableResponsePlugin({ statuses: [200] })],
      }),
    },
    // Everything else of ours (business pages, their RSC payloads, the API): the network only. A page
    // navigation that fails gets the offline app (the fallback below).
    { matcher: ({ sameOrigin }) => sameOrigin, handler: new NetworkOnly() },
  ],
  fallbacks: {
    entries: [{ url: OFFLINE_APP_PATH, matcher: ({ request }) => request.destination === "document" }],
  },
});

self.addEventListener("push", (event) => {
  const message = parsePushPayload(event.data?.text());
  event.waitUntil(
    self.registration.showNotification(message.title, {
      body: message.body,
      tag: message.tag,
      data: { url: message.url },
      icon: "/icons/192",
      badge: "/icons/monochrome-512",
    }),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = new URL(String(event.notification.data?.url ?? "/b"), self.location.origin).href;
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
      const same = windows.find((w) => w.url === url);
      if (same) return void (await same.focus());
      const any = windows[0];
      if (any) {
        await any.focus();
        return void (await any.navigate(url));
      }
      await self.clients.openWindow(url);
    })(),
  );
});

interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
}

self.addEventListener("sync", ((event: SyncEvent) => {
  if (event.tag === OUTBOX_SYNC_TAG) event.waitUntil(replayOutboxFromWorker(self));
}) as EventListener);

serwist.addEventListeners();
