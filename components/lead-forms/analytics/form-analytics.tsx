"use client";

import { useQuery } from "@tanstack/react-query";
import { format, parseISO } from "date-fns";
import dynamic from "next/dynamic";
import { useId, useState } from "react";
import { useBusiness } from "@/components/layout/business-context";
import { useTRPC } from "@/components/providers/trpc-provider";
import { NativeSelect } from "@/components/settings/native-select";
import { QueryError } from "@/components/settings/query-error";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Label } from "@/components/ui/label";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatCount } from "@/server/domain/format";
import type { FormAnalyticsOutput } from "@/server/domain/lead-form-contracts";
import { formatRate } from "../form-display";
import { analyticsInput, analyticsRanges } from "./queries";

const chartSkeleton = () => <Skeleton className="h-56 w-full" />;
const ByDayChart = dynamic(() => import("./analytics-charts").then((m) => m.ByDayChart), {
  ssr: false,
  loading: chartSkeleton,
});
const BySourceChart = dynamic(() => import("./analytics-charts").then((m) => m.BySourceChart), {
  ssr: false,
  loading: chartSkeleton,
});

const dayLabel = (day: string) => format(parseISO(day), "d MMM");

/**
 * A form's figures over the last 7, 30 or 90 days (UTC days): views, starts, submissions, conversion
 * and spam caught as cards; submissions, views and spam by day; submissions by source. Each chart has a
 * table of the same numbers.
 */
export function FormAnalytics({ formId, today }: { formId: string; today: string }) {
  const business = useBusiness();
  const trpc = useTRPC();
  const id = useId();
  const [days, setDays] = useState<number>(30);
  const q = useQuery(trpc.leadForms.analytics.queryOptions(analyticsInput(business.id, formId, days, today)));
  const a = q.data as FormAnalyticsOutput | undefined;

  return (
    <section aria-labelledby={`${id}-title`} className="grid min-w-0 gap-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h2 id={`${id}-title`} className="text-lg font-semibold">
          Analytics
        </h2>
        <div className="grid gap-1.5">
          <Label htmlFor={`${id}-range`}>Period</Label>
          <NativeSelect
            id={`${id}-range`}
            wrapperClassName="w-44"
            value={String(days)}
            onChange={(e) => setDays(Number(e.target.value))}
          >
            {analyticsRanges.map((d) => (
              <option key={d} value={d}>
                Last {d} days
              </option>
            ))}
          </NativeSelect>
        </div>
      </div>
      {q.isPending ? (
        <div aria-busy="true" className="grid gap-4">
          <span className="sr-only" role="status">
            Loading analytics
          </span>
          <div className="grid grid-cols-2 gap-3 sm:grid-cols-5">
            {Array.from({ length: 5 }, (_, i) => (
              <Skeleton key={i} className="h-20" />
            ))}
          </div>
          {chartSkeleton()}
        </div>
      ) : q.isError ? (
        <QueryError error={q.error} title="Analytics could not load" onRetry={() => q.refetch()} />
      ) : a ? (
        <Figures a={a} />
      ) : null}
    </section>
  );
}

function Figures({ a }: { a: FormAnalyticsOutput }) {
  const cards: [string, string, string][] = [
    ["Views", formatCount(a.totals.views), "Times the form was shown."],
    ["Starts", formatCount(a.totals.starts), "Visitors who began filling it in."],
    ["Submissions", formatCount(a.totals.submissions), "Accepted, spam left out."],
    ["Conversion", formatRate(a.totals.conversionRate), "Submissions per view."],
    ["Spam caught", formatCount(a.totals.spam), "Kept in the Spam tab."],
  ];
  const points = a.byDay.map((d) => ({ ...d, label: dayLabel(d.day) }));
  return (
    <>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5">
        {cards.map(([label, value, hint]) => (
          <div key={label} className="grid gap-1 rounded-lg border p-4">
            <dt className="text-sm text-muted-foreground">{label}</dt>
            <dd className="text-2xl font-semibold tabular-nums">{value}</dd>
            <dd className="text-xs text-muted-foreground">{hint}</dd>
          </div>
        ))}
      </dl>
      <Card>
        <CardHeader>
          <CardTitle as="h3">By day</CardTitle>
          <CardDescription>
            {dayLabel(a.from)} – {dayLabel(a.to)}, days in UTC.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid min-w-0 gap-4">
          <ByDayChart points={points} />
          <details className="min-w-0 text-sm">
            <summary className="cursor-pointer font-medium">Show as a table</summary>
            <Table aria-label="By day" containerClassName="mt-2">
              <TableHeader>
                <TableRow>
                  <TableHead>Day</TableHead>
                  <TableHead className="text-right">Views</TableHead>
                  <TableHead className="text-right">Starts</TableHead>
                  <TableHead className="text-right">Submissions</TableHead>
                  <TableHead className="text-right">Spam</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {a.byDay.map((d) => (
                  <TableRow key={d.day}>
                    <TableCell>{dayLabel(d.day)}</TableCell>
                    <TableCell className="text-right tabular-nums">{formatCount(d.views)}</TableCell>
                    <TableCell className="text-right tabular-nums">{formatCount(d.starts)}</TableCell>
                    <TableCell className="text-right tabular-nums">{formatCount(d.submissions)}</TableCell>
                    <TableCell className="text-right tabular-nums">{formatCount(d.spam)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </details>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle as="h3">By source</CardTitle>
          <CardDescription>
            From the link's <code>?source=</code> or <code>utm_source</code>, else the referring site.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid min-w-0 gap-4">
          {a.bySource.length === 0 ? (
            <p className="text-sm text-muted-foreground">No submissions in this period.</p>
          ) : (
            <>
              <BySourceChart sources={a.bySource} />
              <Table aria-label="By source">
                <TableHeader>
                  <TableRow>
                    <TableHead>Source</TableHead>
                    <TableHead className="text-right">Submissions</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {a.bySource.map((s) => (
                    <TableRow key={s.source}>
                      <TableCell className="max-w-48 truncate">{s.source}</TableCell>
                      <TableCell className="text-right tabular-nums">{formatCount(s.submissions)}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </>
          )}
        </CardContent>
      </Card>
    </>
  );
}
