"use client";

import { useQuery } from "@tanstack/react-query";
import { TrophyIcon } from "lucide-react";
import { useBusiness } from "@/components/layout/business-context";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

const metricWords = { open: "opened", read: "read", click: "clicked" } as const;

/**
 * The report's A/B test card (`campaigns.abResults`): each variant's sent, opened or read, clicked and
 * the rate of the test's metric as a percent and a bar, the winner once picked. Nothing when the
 * campaign has no test. Refreshed with the report while the campaign sends.
 */
export function AbResultsCard({ campaignId, live }: { campaignId: string; live: boolean }) {
  const business = useBusiness();
  const trpc = useTRPC();
  const results = useQuery({
    ...trpc.campaigns.abResults.queryOptions({ businessId: business.id, campaignId }),
    refetchInterval: live ? 10_000 : false,
  });
  const data = results.data;
  if (!data) return null;
  const pct = (rate: number) => `${Math.round(rate * 1000) / 10}%`;
  const winner = data.winner === null ? null : data.variants[data.winner];
  return (
    <Card>
      <CardHeader>
        <CardTitle>A/B test</CardTitle>
        <CardDescription>
          {winner ? (
            <span className="inline-flex flex-wrap items-center gap-2">
              Winner: <Badge variant="secondary">{winner.label}</Badge> — sent to the rest of the audience.
            </span>
          ) : data.phase === "testing" ? (
            `Testing: the variant ${metricWords[data.metric]} most goes to the rest when the wait is over.`
          ) : (
            `Not started: the variants go out when the campaign is sent.`
          )}
        </CardDescription>
      </CardHeader>
      <CardContent className="overflow-x-auto">
        <table className="w-full min-w-[20rem] text-sm" aria-label="A/B test results">
          <thead>
            <tr className="text-left text-muted-foreground">
              <th className="py-2 pr-3 font-medium">Variant</th>
              <th className="py-2 pr-3 text-right font-medium">Sent</th>
              <th className="py-2 pr-3 text-right font-medium">
                {data.metric === "click" ? "Clicked" : "Opened"}
              </th>
              <th className="py-2 font-medium">Rate</th>
            </tr>
          </thead>
          <tbody>
            {data.variants.map((v) => (
              <tr key={v.variant} className="border-t align-middle">
                <th scope="row" className="py-2 pr-3 text-left font-normal">
                  <span className="inline-flex items-center gap-1">
                    {data.winner === v.variant ? <TrophyIcon className="size-4" aria-label="Winner" /> : null}
                    <span className="break-words">
                      {String.fromCharCode(65 + v.variant)}: {v.label}
                    </span>
                  </span>
                </th>
                <td className="py-2 pr-3 text-right tabular-nums">{v.sent}</td>
                <td className="py-2 pr-3 text-right tabular-nums">
                  {data.metric === "click" ? v.clicked : v.opened}
                </td>
                <td className="py-2">
                  <div className="flex items-center gap-2">
                    <span className="w-12 tabular-nums">{pct(v.rate)}</span>
                    <span className="h-2 flex-1 rounded bg-muted" aria-hidden="true">
                      <span className="block h-2 rounded bg-primary" style={{ width: pct(v.rate) }} />
                    </span>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </CardContent>
    </Card>
  );
}
