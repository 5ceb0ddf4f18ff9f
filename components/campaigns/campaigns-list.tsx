"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { LayoutTemplateIcon, MegaphoneIcon, PlusIcon } from "lucide-react";
import { useId, useMemo, useState } from "react";
import { useBusiness, useCan } from "@/components/layout/business-context";
import { useFormatDate } from "@/components/layout/date-display";
import { PageHeader } from "@/components/layout/page-header";
import { useTRPC } from "@/components/providers/trpc-provider";
import { NativeSelect } from "@/components/settings/native-select";
import { QueryError } from "@/components/settings/query-error";
import { ListSkeleton } from "@/components/settings/settings-skeleton";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Label } from "@/components/ui/label";
import { Link } from "@/components/ui/link";
import { type CampaignStatus, campaignStatuses } from "@/server/domain/campaigns";
import { formatCount } from "@/server/domain/format";
import {
  audienceSummary,
  campaignStatusLabels,
  campaignStatusVariants,
  channelLabels,
} from "./campaign-display";
import { campaignListInput, nextCampaignPage } from "./queries";

type ListItem = {
  id: string;
  name: string;
  status: CampaignStatus;
  channel: keyof typeof channelLabels;
  audience: unknown;
  scheduledAt: Date | null;
  startedAt: Date | null;
  completedAt: Date | null;
  createdAt: Date;
  sent: number;
  opened: number;
};

/**
 * The business's campaigns, newest first: name, status, channel, audience, how many were sent and opened,
 * and when it was (or will be) sent, in the business's time zone. Filter by status; "Load more" fetches
 * the next 50. Roles that may not draft see no New button.
 */
export function CampaignsList() {
  const business = useBusiness();
  const trpc = useTRPC();
  const canWrite = useCan("campaigns.write");
  const filterId = useId();
  const [status, setStatus] = useState<CampaignStatus | "">("");
  const list = useInfiniteQuery(
    trpc.campaigns.list.infiniteQueryOptions(
      campaignListInput(business.id, status || undefined),
      nextCampaignPage,
    ),
  );
  const segments = useQuery(trpc.segments.list.queryOptions({ businessId: business.id }));
  const segmentNames = useMemo(
    () => new Map((segments.data?.data ?? []).map((s) => [s.id, s.name])),
    [segments.data],
  );
  const items = (list.data?.pages.flatMap((p) => p.items) ?? []) as ListItem[];
  const newHref = `/b/${business.slug}/campaigns/new`;

  const newButton = canWrite ? (
    <Button asChild>
      <Link href={newHref}>
        <PlusIcon aria-hidden="true" />
        New campaign
      </Link>
    </Button>
  ) : null;
  // The phone's bottom bar has no room for Templates: it is reached from here.
  const templatesLink = (
    <Button asChild variant="outline" className="md:hidden">
      <Link href={`/b/${business.slug}/templates`}>
        <LayoutTemplateIcon aria-hidden="true" />
        Templates
      </Link>
    </Button>
  );

  return (
    <div className="min-w-0">
      <PageHeader
        title="Campaigns"
        description="Email and WhatsApp messages to a group of customers, sent now or at a time you pick, with a report of what happened."
        actions={
          <>
            {templatesLink}
            {newButton}
          </>
        }
      />
      <div className="mb-4 flex flex-wrap items-center gap-2">
        <Label htmlFor={filterId}>Status</Label>
        <NativeSelect
          id={filterId}
          wrapperClassName="w-44"
          value={status}
          onChange={(e) => setStatus(e.target.value as CampaignStatus | "")}
        >
          <option value="">All statuses</option>
          {campaignStatuses.map((s) => (
            <option key={s} value={s}>
              {campaignStatusLabels[s]}
            </option>
          ))}
        </NativeSelect>
      </div>
      <section aria-label="Your campaigns" className="min-w-0">
        {list.isPending ? (
          <div aria-busy="true" className="rounded-lg border p-4">
            <span className="sr-only" role="status">
              Loading campaigns
            </span>
            <ListSkeleton rows={4} />
          </div>
        ) : list.isError ? (
          <QueryError error={list.error} title="Campaigns could not load" onRetry={() => list.refetch()} />
        ) : items.length === 0 ? (
          status ? (
            <EmptyState
              icon={<MegaphoneIcon />}
              title={`No ${campaignStatusLabels[status].toLowerCase()} campaigns`}
              description="Pick another status to see the others."
              action={
                <Button variant="outline" onClick={() => setStatus("")}>
                  Show all campaigns
                </Button>
              }
            />
          ) : (
            <EmptyState
              icon={<MegaphoneIcon />}
              title="No campaigns yet"
              description="Greet your VIPs on their birthday, announce a sale, or remind everyone of an offer, by email or WhatsApp."
              action={newButton}
            />
          )
        ) : (
          <>
            <ul className="grid divide-y rounded-lg border">
              {items.map((c) => (
                <CampaignRow key={c.id} campaign={c} segmentNames={segmentNames} />
              ))}
            </ul>
            {list.hasNextPage ? (
              <div className="mt-4 flex justify-center">
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
      </section>
    </div>
  );
}

/** One campaign of the list. */
function CampaignRow({
  campaign: c,
  segmentNames,
}: {
  campaign: ListItem;
  segmentNames: ReadonlyMap<string, string>;
}) {
  const business = useBusiness();
  const dates = useFormatDate();
  const when =
    c.status === "scheduled" && c.scheduledAt
      ? `Scheduled for ${dates.dateTime(c.scheduledAt)}`
      : c.startedAt
        ? `${c.status === "completed" ? "Sent" : "Started"} ${dates.dateTime(c.startedAt)}`
        : c.scheduledAt
          ? `To send ${dates.dateTime(c.scheduledAt)}`
          : `Created ${dates.dateTime(c.createdAt)}`;
  return (
    <li className="flex min-w-0 flex-wrap items-center gap-x-4 gap-y-2 p-4">
      <div className="grid min-w-0 flex-1 basis-56 gap-1">
        <p className="flex min-w-0 flex-wrap items-center gap-2">
          <Link
            href={`/b/${business.slug}/campaigns/${c.id}`}
            className="truncate font-medium underline-offset-4 outline-none hover:underline focus-visible:ring-2 focus-visible:ring-ring"
          >
            {c.name}
          </Link>
          <Badge variant={campaignStatusVariants[c.status]}>{campaignStatusLabels[c.status]}</Badge>
        </p>
        <p className="text-sm text-muted-foreground">
          {channelLabels[c.channel]} · {audienceSummary(c.audience, segmentNames)}
        </p>
        <p className="text-sm text-muted-foreground">{when}</p>
      </div>
      <dl className="grid shrink-0 grid-cols-2 gap-x-6 text-sm tabular-nums">
        <div>
          <dt className="text-muted-foreground">Sent</dt>
          <dd className="font-medium">{formatCount(c.sent)}</dd>
        </div>
        <div>
          <dt className="text-muted-foreground">Opened</dt>
          <dd className="font-medium">{formatCount(c.opened)}</dd>
        </div>
      </dl>
    </li>
  );
}
