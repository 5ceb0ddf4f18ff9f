"use client";

import { BellIcon } from "lucide-react";
import { useEffect, useState } from "react";
import { useBusiness } from "@/components/layout/business-context";
import { Link } from "@/components/ui/link";
import { cn } from "@/components/ui/utils";

/** Fired on `window` by pages that change notifications (marked read), so the bell asks again at once. */
export const NOTIFICATIONS_CHANGED = "minicrm:notifications-changed";

/**
 * The unread count from `notifications.unreadCount` with a plain GET of the tRPC endpoint (superjson
 * input), so the shell needs no query client. Null when it cannot be had (signed out, offline).
 */
async function fetchUnread(businessId: string): Promise<number | null> {
  const input = encodeURIComponent(JSON.stringify({ json: { businessId } }));
  try {
    const res = await fetch(`/api/trpc/notifications.unreadCount?input=${input}`, {
      headers: { accept: "application/json" },
    });
    if (!res.ok) return null;
    const body = (await res.json()) as { result?: { data?: { json?: { unread?: unknown } } } };
    const unread = body.result?.data?.json?.unread;
    return typeof unread === "number" ? unread : null;
  } catch {
    return null;
  }
}

/**
 * The bell: a link to the notifications page with the unread count as a badge, announced in the link's
 * name ("Notifications, 3 unread"). Starts from the count the page was rendered with, then asks again
 * once a minute, when the tab is shown again and when a page says notifications changed.
 */
export function NotificationBell({
  initialUnread = 0,
  className,
}: {
  initialUnread?: number;
  className?: string;
}) {
  const business = useBusiness();
  const [unread, setUnread] = useState(initialUnread);
  useEffect(() => setUnread(initialUnread), [initialUnread]);
  useEffect(() => {
    let alive = true;
    const refresh = async () => {
      if (document.visibilityState === "hidden") return;
      const n = await fetchUnread(business.id);
      if (alive && n !== null) setUnread(n);
    };
    const timer = window.setInterval(refresh, 60_000);
    document.addEventListener("visibilitychange", refresh);
    window.addEventListener(NOTIFICATIONS_CHANGED, refresh);
    return () => {
      alive = false;
      window.clearInterval(timer);
      document.removeEventListener("visibilitychange", refresh);
      window.removeEventListener(NOTIFICATIONS_CHANGED, refresh);
    };
  }, [business.id]);
  const label = unread > 0 ? `Notifications, ${unread} unread` : "Notifications";
  return (
    <Link
      href={`/b/${business.slug}/notifications`}
      aria-label={label}
      title={label}
      className={cn(
        "relative inline-flex size-10 shrink-0 items-center justify-center rounded-md text-muted-foreground outline-none hover:bg-accent hover:text-accent-foreground focus-visible:ring-2 focus-visible:ring-ring",
        className,
      )}
    >
      <BellIcon className="size-5" aria-hidden="true" />
      {unread > 0 ? (
        <span
          aria-hidden="true"
          data-testid="unread-badge"
          className="absolute top-1 right-1 min-w-4 rounded-full bg-destructive px-1 text-center text-[0.625rem] leading-4 font-semibold text-white"
        >
          {unread > 99 ? "99+" : unread}
        </span>
      ) : null}
    </Link>
  );
}
