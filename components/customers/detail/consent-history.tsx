"use client";

import { useQuery } from "@tanstack/react-query";
import { CheckIcon, ShieldCheckIcon, XIcon } from "lucide-react";
import { useBusiness } from "@/components/layout/business-context";
import { useFormatDate } from "@/components/layout/date-display";
import { useTRPC } from "@/components/providers/trpc-provider";
import { QueryError } from "@/components/settings/query-error";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { cn } from "@/components/ui/utils";
import { channelNames, consentSourceText } from "./consent-words";

const channelOrder = ["email", "whatsapp", "sms"] as const;

/**
 * The customer's consent ledger by channel, newest first: subscribed or unsubscribed, how, when, and
 * the campaign it came from (`consent.history`). The latest entry of a channel is its current state.
 */
export function ConsentHistory({ customerId }: { customerId: string }) {
  const business = useBusiness();
  const trpc = useTRPC();
  const dates = useFormatDate();
  const history = useQuery(trpc.consent.history.queryOptions({ businessId: business.id, customerId }));
  const entries = history.data?.data ?? [];
  const channels = channelOrder
    .map((channel) => ({ channel, items: entries.filter((e) => e.channel === channel) }))
    .filter((g) => g.items.length > 0);

  return (
    <Card className="gap-4">
      <CardHeader>
        <CardTitle as="h2" className="flex items-center gap-2 text-base">
          <ShieldCheckIcon className="size-4" aria-hidden="true" />
          Consent history
        </CardTitle>
      </CardHeader>
      <CardContent className="grid min-w-0 gap-4" aria-busy={history.isPending || undefined}>
        {history.isPending ? (
          <div aria-hidden="true" className="grid gap-3">
            <Skeleton className="h-4 w-24" />
            <Skeleton className="h-4 w-56 max-w-full" />
            <Skeleton className="h-4 w-48 max-w-full" />
          </div>
        ) : history.isError ? (
          <QueryError
            error={history.error}
            title="Could not load the consent history"
            onRetry={() => history.refetch()}
          />
        ) : channels.length === 0 ? (
          <p className="text-sm text-muted-foreground">No consent changes recorded yet.</p>
        ) : (
          channels.map(({ channel, items }) => (
            <section key={channel} className="grid min-w-0 gap-2" aria-label={channelNames[channel]}>
              <h3 className="text-sm font-medium">{channelNames[channel]}</h3>
              <ol className="grid min-w-0 gap-2">
                {items.map((e, i) => (
                  <li key={e.id} className="flex min-w-0 gap-2 text-sm">
                    <span
                      aria-hidden="true"
                      className={cn(
                        "mt-0.5 grid size-5 shrink-0 place-items-center rounded-full",
                        e.granted ? "bg-success/10 text-success" : "bg-destructive/10 text-destructive",
                      )}
                    >
                      {e.granted ? <CheckIcon className="size-3" /> : <XIcon className="size-3" />}
                    </span>
                    <div className="grid min-w-0 flex-1 gap-0.5">
                      <p className="break-words">
                        <span className="font-medium">{e.granted ? "Subscribed" : "Unsubscribed"}</span>{" "}
                        {consentSourceText(e.source)}
                        {i === 0 ? <span className="sr-only"> (current)</span> : null}
                      </p>
                      <p className="text-xs break-words text-muted-foreground">
                        <time dateTime={new Date(e.occurredAt).toISOString()}>
                          {dates.dateTime(e.occurredAt)}
                        </time>
                        {e.campaignName
                          ? ` · ${e.campaignName}`
                          : e.campaignId
                            ? " · a deleted campaign"
                            : null}
                      </p>
                    </div>
                  </li>
                ))}
              </ol>
            </section>
          ))
        )}
      </CardContent>
    </Card>
  );
}
