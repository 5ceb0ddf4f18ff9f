import type { Metadata } from "next";
import { OfflineApp } from "@/components/offline/offline-app";

export const metadata: Metadata = { title: "Offline", robots: { index: false } };

/**
 * The offline app: precached by the service worker (app/sw.ts), which answers with it any business page
 * the network cannot give. It renders in the browser from what IndexedDB keeps (components/offline),
 * reading the page asked for from the address bar. It holds no data of its own, so it needs no session.
 */
export default function OfflinePage() {
  return <OfflineApp />;
}
