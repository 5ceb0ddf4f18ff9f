"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { LaptopIcon } from "lucide-react";
import { messageOf } from "@/components/auth/trpc-errors";
import { useBusiness } from "@/components/layout/business-context";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { toast } from "@/components/ui/toast";
import { deviceLabel } from "@/server/domain/device-label";
import { formatDateTime } from "@/server/domain/format";
import { QueryError } from "./query-error";

/** Where you are signed in: each device with when it was last seen, sign one out, or all but this one. */
export function SessionsCard() {
  const trpc = useTRPC();
  const business = useBusiness();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.auth.sessions.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.auth.sessions.queryKey() });
  const revoke = useMutation(
    trpc.auth.revokeSession.mutationOptions({
      onSuccess: () => {
        toast.success("Signed out of that device");
        void refresh();
      },
      onError: (e) => toast.error(messageOf(e)),
    }),
  );
  const others = useMutation(
    trpc.auth.signOutOtherDevices.mutationOptions({
      onSuccess: ({ ended }) => {
        toast.success(ended === 1 ? "Signed out of 1 other device" : `Signed out of ${ended} other devices`);
        void refresh();
      },
      onError: (e) => toast.error(messageOf(e)),
    }),
  );
  const rows = list.data ?? [];
  return (
    <Card>
      <CardHeader>
        <CardTitle as="h2">Where you are signed in</CardTitle>
        <CardDescription>
          Changing or resetting your password signs out every other device as well.
        </CardDescription>
      </CardHeader>
      <CardContent>
        {list.isPending ? (
          <div className="grid gap-2" role="status" aria-label="Loading devices">
            <Skeleton className="h-10" />
            <Skeleton className="h-10" />
          </div>
        ) : list.isError ? (
          <QueryError
            error={list.error}
            title="Could not load your devices"
            onRetry={() => void list.refetch()}
          />
        ) : rows.length === 0 ? (
          <p className="text-sm text-muted-foreground">No other device is signed in.</p>
        ) : (
          <ul className="grid gap-3">
            {rows.map((s) => (
              <li key={s.id} className="flex min-w-0 flex-wrap items-center gap-3">
                <LaptopIcon className="size-5 shrink-0 text-muted-foreground" aria-hidden="true" />
                <div className="grid min-w-0 flex-1 gap-0.5">
                  <span className="flex flex-wrap items-center gap-2 text-sm font-medium">
                    {s.userAgent ? deviceLabel(s.userAgent) : "Unknown device"}
                    {s.current ? <Badge variant="secondary">This device</Badge> : null}
                  </span>
                  <span className="text-xs text-muted-foreground">
                    {s.ip ? `${s.ip} · ` : ""}last seen {formatDateTime(s.lastSeenAt, business.timeZone)}
                  </span>
                </div>
                {s.current ? null : (
                  <Button
                    variant="outline"
                    size="sm"
                    disabled={revoke.isPending}
                    onClick={() => revoke.mutate({ sessionId: s.id })}
                  >
                    Sign out
                  </Button>
                )}
              </li>
            ))}
          </ul>
        )}
      </CardContent>
      <CardFooter>
        <Button
          variant="outline"
          disabled={others.isPending || rows.filter((r) => !r.current).length === 0}
          onClick={() => others.mutate()}
        >
          Sign out of all other devices
        </Button>
      </CardFooter>
    </Card>
  );
}
