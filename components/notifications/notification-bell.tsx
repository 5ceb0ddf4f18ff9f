"use client";

import { useQuery } from "@tanstack/react-query";
import { BellIcon } from "lucide-react";
import { useBusiness } from "@/components/layout/business-context";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Link } from "@/components/ui/link";
import { cn } from "@/components/ui/utils";

/**
 * The bell: a link to the notifications page with the unread count as a badge. The count is asked once a
 * minute and when the window regains focus; it is announced in the link's name ("Notifications, 3 unread").
 */
export function NotificationBell({ className }: { className?: string }) {
  const business = useBusiness();
  const trpc = useTRPC();
  const count = useQuery({
    ...trpc.notifications.unreadCount.queryOptions({ businessId: business.id }),
    refetchInterval: 60_000,
    refetchOnWindowFocus: true,
  });
  const unread = count.data?.unread ?? 0;
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
          className="absolute top-1 right-1 min-w-4 rounded-full bg-destructive px-1 text-center text-[0.625rem] leading-4 font-semibold text-white"
        >
          {unread > 99 ? "99+" : unread}
        </span>
      ) : null}
    </Link>
  );
}
