"use client";

import { useQuery } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { useBusiness } from "@/components/layout/business-context";
import { useTRPC } from "@/components/providers/trpc-provider";
import { QueryError } from "@/components/settings/query-error";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { CampaignChannel, CampaignStats } from "@/server/domain/campaigns";
import { formatCount } from "@/server/domain/format";
import { funnelSteps, hourLabel } from "./campaign-display";
import { RecipientsTable } from "./recipients-table";

const chartSkeleton = () => <Skeleton className="h-56 w-full" />;
const FunnelChart = dynamic(() => import("./campaign-charts").then((m) => m.FunnelChart), {
  ssr: false,
  loading: chartSkeleton,
});
const TimelineChart = dynamic(() => import("./campaign-charts").then((m) => m.TimelineChart), {
  ssr: false,
  loading: chartSkeleton,
});

/**
 * A campaign's report: the funnel (chart and table of the same numbers), delivery per hour in the
 * business's time zone, and the recipients. `live` refreshes the timeline while the campaign sends.
 */
export function CampaignReport({
  campaignId,
  channel,
  stats,
  live,
}: {
  campaignId: string;
  channel: CampaignChannel;
  stats: CampaignStats;
  live: boolean;
}) {
  const steps = funnelSteps(stats, channel);
  return (
    <div className="grid min-w-0 gap-6">
      <Card>
        <CardHeader>
          <CardTitle as="h2">Report</CardTitle>
          <CardDescription>
            How many got the message and what they did with it. Percentages are of the targeted recipients.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid min-w-0 gap-6 lg:grid-cols-[minmax(0,1fr)_18rem]">
          <FunnelChart steps={steps} />
          <Table aria-label="Report numbers">
            <TableHeader>
              <TableRow>
                <TableHead>Step</TableHead>
                <TableHead className="text-right">Recipients</TableHead>
                <TableHead className="text-right">Share</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {steps.map((s) => (
                <TableRow key={s.key} data-step={s.key}>
                  <TableCell className={s.problem ? "text-destructive" : undefined}>{s.label}</TableCell>
                  <TableCell className="text-right tabular-nums">{formatCount(s.value)}</TableCell>
                  <TableCell className="text-right tabular-nums text-muted-foreground">
                    {s.percent === null ? "—" : `${s.percent}%`}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </CardContent>
      </Card>
      <DeliveryTimeline campaignId={campaignId} live={live} />
      <RecipientsTable campaignId={campaignId} />
    </div>
  );
}

/** Delivery per hour (`campaigns.timeline`), as a chart with a table of the same numbers to open. */
function DeliveryTimeline({ campaignId, live }: { campaignId: string; live: boolean }) {
  const business = useBusiness();
  const trpc = useTRPC();
  const timeline = useQuery({
    ...trpc.campaigns.timeline.queryOptions({ businessId: business.id, campaignId }),
    refetchInterval: live ? 10_000 : false,
  });
  const points = (timeline.data ?? []).map((p) => ({ ...p, label: hourLabel(p.at, business.timeZone) }));
  return (
    <Card>
      <CardHeader>
        <CardTitle as="h2">Delivery over time</CardTitle>
        <CardDescription>Per hour, in {business.timeZone}.</CardDescription>
      </CardHeader>
      <CardContent className="grid min-w-0 gap-4">
        {timeline.isPending ? (
          chartSkeleton()
        ) : timeline.isError ? (
          <QueryError
            error={timeline.error}
            title="The timeline could not load"
            onRetry={() => timeline.refetch()}
          />
        ) : points.length === 0 ? (
          <p className="text-sm text-muted-foreground">Nothing has been sent yet.</p>
        ) : (
          <>
            <TimelineChart points={points} />
            <details className="min-w-0 text-sm">
              <summary className="cursor-pointer font-medium">Show as a table</summary>
              <Table aria-label="Delivery per hour" containerClassName="mt-2">
                <TableHeader>
                  <TableRow>
                    <TableHead>Hour</TableHead>
                    <TableHead className="text-right">Sent</TableHead>
                    <TableHead className="text-right">Delivered</TableHead>
                    <TableHead className="text-right">Opened or read</TableHead>
                    <TableHead className="text-right">Clicked</TableHead>
                    <TableHead className="text-right">Failed</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {points.map((p) => (
                    <TableRow key={p.label}>
                      <TableCell>{p.label}</TableCell>
                      <TableCell className="text-right tabular-nums">{formatCount(p.sent)}</TableCell>
                      <TableCell className="text-right tabular-nums">{formatCount(p.delivered)}</TableCell>
                      <TableCell className="text-right tabular-nums">{formatCount(p.opened)}</TableCell>
                      <TableCell className="text-right tabular-nums">{formatCount(p.clicked)}</TableCell>
                      <TableCell className="text-right tabular-nums">{formatCount(p.failed)}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </details>
          </>
        )}
      </CardContent>
    </Card>
  );
}
