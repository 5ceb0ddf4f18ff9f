"use client";

import { usePathname } from "next/navigation";
import { useEffect } from "react";
import { useBusiness, useCurrentUser } from "@/components/layout/business-context";
import { toast } from "@/components/ui/toast";
import { whenIdle } from "@/components/ui/when-idle";

/** The tab's sync runs, one after another. */
let chain: Promise<void> = Promise.resolve();

const CUSTOMER_PAGE = /\/customers\/([0-9a-f-]{36})(?:\/|$)/;

/**
 * Keeps this device ready to work offline, in the background of every business page: says who is
 * signed in, keeps the customers list's first page and My tasks (every 5 minutes at most), keeps each
 * customer the member opens, and sends writes queued offline when the page loads, the connection returns,
 * the tab comes back, or the service worker asks (Background Sync). The data layer is loaded when the
 * browser is idle, so pages do not wait for it. Renders nothing.
 */
export function OfflineSync() {
  const business = useBusiness();
  const user = useCurrentUser();
  const pathname = usePathname();
  const customerId = CUSTOMER_PAGE.exec(pathname)?.[1] ?? null;

  useEffect(() => {
    let stopped = false;
    const run = (opts: { replay: boolean }) => {
      // One run at a time in this tab: the next waits for the one before.
      chain = chain.then(() => runOnce(opts));
      return chain;
    };
    const runOnce = async (opts: { replay: boolean }) => {
      try {
        const [store, outbox] = await Promise.all([import("./store"), import("./outbox")]);
        if (stopped) return;
        await store.setCurrentUser({ id: user.id, name: user.name });
        const db = await store.openOfflineDb(user.id);
        try {
          if (opts.replay) {
            const summary = await outbox.replayOutbox(db, user.id);
            if (summary.sent > 0)
              toast.success(`${summary.sent} change${summary.sent === 1 ? "" : "s"} made offline saved.`);
            if (summary.needsAttention > 0)
              toast.error("Some changes made offline need your attention.", {
                action: { label: "Review", onClick: () => window.location.assign("/~offline") },
              });
          }
          await outbox.syncBusiness(db, business.slug, business.id);
          if (customerId) await outbox.keepCustomer(db, business.slug, business.id, customerId);
        } finally {
          db.close();
        }
      } catch {
        // Offline, storage denied or full: the app works online as before; nothing to tell.
      }
    };
    const cancel = whenIdle(() => void run({ replay: true }), 4000, 1500);
    const again = () => void run({ replay: true });
    const onVisible = () => document.visibilityState === "visible" && again();
    const onMessage = (e: MessageEvent) => e.data?.type === "replay-outbox" && again();
    window.addEventListener("online", again);
    document.addEventListener("visibilitychange", onVisible);
    navigator.serviceWorker?.addEventListener("message", onMessage);
    return () => {
      stopped = true;
      cancel();
      window.removeEventListener("online", again);
      document.removeEventListener("visibilitychange", onVisible);
      navigator.serviceWorker?.removeEventListener("message", onMessage);
    };
  }, [business.id, business.slug, user.id, user.name, customerId]);

  return null;
}
