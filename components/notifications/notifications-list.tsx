"use client";

import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { BellIcon, CheckCheckIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { messageOf } from "@/components/auth/trpc-errors";
import { useBusiness } from "@/components/layout/business-context";
import { useFormatDate } from "@/components/layout/date-display";
import { PageHeader } from "@/components/layout/page-header";
import { useTRPC } from "@/components/providers/trpc-provider";
import { QueryError } from "@/components/settings/query-error";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { toast } from "@/components/ui/toast";
import { cn } from "@/components/ui/utils";
import { NOTIFICATIONS_CHANGED } from "./notification-bell";

/**
 * The member's notifications in this business, newest first, 20 at a time ("Show more"). Unread ones are
 * marked with a dot and bold; opening one marks it read and goes to its page; "Mark all as read" clears
 * the bell.
 */
export function NotificationsList() {
  const business = useBusiness();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const format = useFormatDate();
  const list = useInfiniteQuery(
    trpc.notifications.list.infiniteQueryOptions(
      { businessId: business.id, limit: 20 },
      { getNextPageParam: (last) => last.nextCursor },
    ),
  );
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.notifications.list.pathKey() });
    window.dispatchEvent(new Event(NOTIFICATIONS_CHANGED));
  };
  const markRead = useMutation(
    trpc.notifications.markRead.mutationOptions({
      onSuccess: () => refresh(),
      onError: (e) => toast.error(messageOf(e)),
    }),
  );

  const unread = list.data?.pages[0]?.unread ?? 0;
  const header = (
    <PageHeader
      title="Notifications"
      description="New leads and other news of this business, for you."
      actions={
        unread > 0 ? (
          <Button
            variant="outline"
            disabled={markRead.isPending}
            onClick={() => markRead.mutate({ businessId: business.id, all: true })}
          >
            <CheckCheckIcon aria-hidden="true" />
            Mark all as read
          </Button>
        ) : null
      }
    />
  );

  if (list.isPending)
    return (
      <div className="min-w-0">
        {header}
        <div className="grid gap-2" role="status" aria-busy="true" aria-label="Loading notifications">
          {Array.from({ length: 4 }, (_, i) => (
            <Skeleton key={i} className="h-16 w-full" />
          ))}
        </div>
      </div>
    );
  if (list.isError)
    return (
      <div className="min-w-0">
        {header}
        <QueryError error={list.error} title="Could not load notifications" onRetry={() => list.refetch()} />
      </div>
    );

  const items = list.data.pages.flatMap((p) => p.data);
  return (
    <div className="min-w-0">
      {header}
      {items.length === 0 ? (
        <EmptyState
          icon={<BellIcon />}
          title="No notifications yet"
          description="When a lead form you are notified of gets a submission, it shows here."
        />
      ) : (
        <Card className="py-0">
          <CardContent className="px-0">
            <ul className="divide-y">
              {items.map((n) => {
                const isUnread = !n.readAt;
                const open = () => {
                  if (isUnread) markRead.mutate({ businessId: business.id, ids: [n.id] });
                  if (n.url) router.push(n.url);
                };
                return (
                  <li key={n.id}>
                    <button
                      type="button"
                      onClick={open}
                      className="flex w-full min-w-0 items-start gap-3 px-4 py-3 text-left outline-none hover:bg-accent focus-visible:bg-accent focus-visible:ring-2 focus-visible:ring-ring focus-visible:ring-inset"
                    >
                      <span
                        aria-hidden="true"
                        className={cn(
                          "mt-2 size-2 shrink-0 rounded-full",
                          isUnread ? "bg-primary" : "bg-transparent",
                        )}
                      />
                      <span className="min-w-0 flex-1">
                        <span className={cn("block break-words text-sm", isUnread && "font-semibold")}>
                          {isUnread ? <span className="sr-only">Unread: </span> : null}
                          {n.title}
                        </span>
                        {n.body ? (
                          <span className="block break-words text-sm text-muted-foreground">{n.body}</span>
                        ) : null}
                        <span className="block text-xs text-muted-foreground">
                          {format.dateTime(n.createdAt)}
                        </span>
                      </span>
                    </button>
                  </li>
                );
              })}
            </ul>
          </CardContent>
        </Card>
      )}
      {list.hasNextPage ? (
        <div className="mt-4 flex justify-center">
          <Button variant="outline" disabled={list.isFetchingNextPage} onClick={() => list.fetchNextPage()}>
            {list.isFetchingNextPage ? "Loading…" : "Show more"}
          </Button>
        </div>
      ) : null}
    </div>
  );
}
