"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { DownloadIcon } from "lucide-react";
import { useId, useState } from "react";
import { useBusiness } from "@/components/layout/business-context";
import { useFormatDate } from "@/components/layout/date-display";
import { useTRPC } from "@/components/providers/trpc-provider";
import { NativeSelect } from "@/components/settings/native-select";
import { QueryError } from "@/components/settings/query-error";
import { ListSkeleton } from "@/components/settings/settings-skeleton";
import { Badge, type BadgeProps } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Label } from "@/components/ui/label";
import { Link } from "@/components/ui/link";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { type ExclusionReason, exclusionReasonLabels } from "@/server/domain/campaigns";
import { type RecipientStatus, recipientStatuses } from "@/server/domain/recipient-status";
import { recipientStatusLabels } from "./campaign-display";
import { nextRecipientsPage, recipientsInput } from "./queries";

interface Recipient {
  id: number;
  customerId: string;
  customerName: string | null;
  channel: "email" | "whatsapp";
  address: string | null;
  status: RecipientStatus;
  exclusionReason: ExclusionReason | null;
  errorCode: string | null;
  error: string | null;
  sentAt: Date | null;
  deliveredAt: Date | null;
  openedAt: Date | null;
  readAt: Date | null;
  clickedAt: Date | null;
}

const statusVariant = (s: RecipientStatus): NonNullable<BadgeProps["variant"]> =>
  s === "failed" || s === "bounced" || s === "complained"
    ? "destructive"
    : s === "excluded" || s === "cancelled"
      ? "outline"
      : s === "queued" || s === "sending"
        ? "secondary"
        : "success";

/** The latest time something happened to a recipient. */
function lastEvent(r: Recipient): Date | null {
  return r.clickedAt ?? r.readAt ?? r.openedAt ?? r.deliveredAt ?? r.sentAt;
}

/**
 * The campaign's recipients (`campaigns.recipients`), 100 at a time with "Load more", optionally of one
 * status: the customer (linking to their page), channel and address, status, when it last changed, and
 * for a failure the provider's code with its sentence (for an exclusion, the reason).
 */
export function RecipientsTable({ campaignId }: { campaignId: string }) {
  const business = useBusiness();
  const trpc = useTRPC();
  const dates = useFormatDate();
  const filterId = useId();
  const [status, setStatus] = useState<RecipientStatus | "">("");
  const list = useInfiniteQuery(
    trpc.campaigns.recipients.infiniteQueryOptions(
      recipientsInput(business.id, campaignId, status || undefined),
      nextRecipientsPage,
    ),
  );
  const rows = (list.data?.pages.flatMap((p) => p.items) ?? []) as Recipient[];

  return (
    <Card>
      <CardHeader>
        <CardTitle as="h2">Recipients</CardTitle>
        <CardDescription>Everyone the campaign was for, with what happened to their message.</CardDescription>
      </CardHeader>
      <CardContent className="grid min-w-0 gap-4">
        <div className="flex flex-wrap items-center gap-2">
          <Label htmlFor={filterId}>Status</Label>
          <NativeSelect
            id={filterId}
            wrapperClassName="w-44"
            value={status}
            onChange={(e) => setStatus(e.target.value as RecipientStatus | "")}
          >
            <option value="">All recipients</option>
            {recipientStatuses.map((s) => (
              <option key={s} value={s}>
                {recipientStatusLabels[s]}
              </option>
            ))}
          </NativeSelect>
          <Button asChild variant="outline" size="sm" className="ml-auto">
            <a href={`/api/campaigns/${campaignId}/recipients`} download>
              <DownloadIcon aria-hidden="true" />
              Export CSV
            </a>
          </Button>
        </div>
        {list.isPending ? (
          <div aria-busy="true">
            <span className="sr-only" role="status">
              Loading recipients
            </span>
            <ListSkeleton rows={3} />
          </div>
        ) : list.isError ? (
          <QueryError error={list.error} title="Recipients could not load" onRetry={() => list.refetch()} />
        ) : rows.length === 0 ? (
          <p className="text-sm text-muted-foreground">
            {status
              ? `No recipients are ${recipientStatusLabels[status].toLowerCase()}.`
              : "No recipients yet."}
          </p>
        ) : (
          <>
            <Table aria-label="Recipients">
              <TableHeader>
                <TableRow>
                  <TableHead>Customer</TableHead>
                  <TableHead>Channel</TableHead>
                  <TableHead>Status</TableHead>
                  <TableHead>Last update</TableHead>
                  <TableHead>Details</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {rows.map((r) => {
                  const at = lastEvent(r);
                  return (
                    <TableRow key={r.id}>
                      <TableCell className="max-w-48">
                        <Link
                          href={`/b/${business.slug}/customers/${r.customerId}`}
                          className="font-medium underline-offset-4 hover:underline"
                        >
                          {r.customerName || "Unnamed customer"}
                        </Link>
                        {r.address ? (
                          <span className="block truncate text-xs text-muted-foreground">{r.address}</span>
                        ) : null}
                      </TableCell>
                      <TableCell>{r.channel === "email" ? "Email" : "WhatsApp"}</TableCell>
                      <TableCell>
                        <Badge variant={statusVariant(r.status)}>{recipientStatusLabels[r.status]}</Badge>
                      </TableCell>
                      <TableCell className="whitespace-nowrap">{at ? dates.dateTime(at) : "—"}</TableCell>
                      <TableCell className="min-w-48 text-sm">
                        {r.exclusionReason ? (
                          exclusionReasonLabels[r.exclusionReason]
                        ) : r.error || r.errorCode ? (
                          <span className="text-destructive">
                            {r.errorCode ? <code className="mr-1 text-xs">{r.errorCode}</code> : null}
                            {r.error}
                          </span>
                        ) : (
                          <span className="text-muted-foreground">—</span>
                        )}
                      </TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
            {list.hasNextPage ? (
              <div className="flex justify-center">
                <Button
                  variant="outline"
                  loading={list.isFetchingNextPage}
                  onClick={() => list.fetchNextPage()}
                >
                  Load more
                </Button>
              </div>
            ) : null}
          </>
        )}
      </CardContent>
    </Card>
  );
}
