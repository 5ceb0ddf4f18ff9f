"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CopyIcon, PauseIcon, PencilIcon, PlayIcon, SendIcon, Trash2Icon, XIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useMemo } from "react";
import { messageOf } from "@/components/auth/trpc-errors";
import { useBusiness, useCan } from "@/components/layout/business-context";
import { useFormatDate } from "@/components/layout/date-display";
import { PageHeader } from "@/components/layout/page-header";
import { useTRPC } from "@/components/providers/trpc-provider";
import { QueryError } from "@/components/settings/query-error";
import { SettingsCardSkeleton } from "@/components/settings/settings-skeleton";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Link } from "@/components/ui/link";
import { Progress } from "@/components/ui/progress";
import { Skeleton } from "@/components/ui/skeleton";
import { toast } from "@/components/ui/toast";
import type { CampaignChannel, CampaignStats, CampaignStatus } from "@/server/domain/campaigns";
import { formatCount } from "@/server/domain/format";
import { AbResultsCard } from "./ab-results-card";
import {
  audienceSummary,
  campaignStatusLabels,
  campaignStatusVariants,
  channelLabels,
  hasReport,
  sendProgress,
} from "./campaign-display";
import { CampaignReport } from "./campaign-report";
import { CampaignReview, type CampaignReviewData, reachableTotal } from "./campaign-review";
import { ConfirmButton } from "./confirm-button";

interface Campaign {
  id: string;
  name: string;
  channel: CampaignChannel;
  status: CampaignStatus;
  audience: unknown;
  scheduledAt: Date | null;
  startedAt: Date | null;
  completedAt: Date | null;
  error: string | null;
  /** The A/B test as stored (`StoredAbTest`), null without one. */
  abTest?: unknown;
  stats: CampaignStats;
}

const customers = (n: number) => `${formatCount(n)} customer${n === 1 ? "" : "s"}`;

/** A campaign's page: loads the campaign (prefetched by the page), then shows it. */
export function CampaignPage({ campaignId }: { campaignId: string }) {
  const business = useBusiness();
  const trpc = useTRPC();
  const campaign = useQuery(trpc.campaigns.get.queryOptions({ businessId: business.id, campaignId }));
  if (campaign.isPending) return <SettingsCardSkeleton rows={4} label="Loading the campaign" />;
  if (campaign.isError) {
    return (
      <QueryError
        error={campaign.error}
        title="The campaign could not load"
        onRetry={() => campaign.refetch()}
      />
    );
  }
  return <CampaignView campaign={campaign.data as Campaign} />;
}

/**
 * The campaign: its status, channel, audience and schedule in the business's time zone; before sending,
 * the review with Send now / Schedule (confirmed with how many will get it), Edit, Duplicate and Delete;
 * while sending, a progress bar refreshed every 2 s with Pause / Resume / Cancel; once sending started,
 * the report. Buttons a role may not use are not shown.
 */
function CampaignView({ campaign }: { campaign: Campaign }) {
  const business = useBusiness();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const dates = useFormatDate();
  const canWrite = useCan("campaigns.write");
  const canSend = useCan("campaigns.send");
  const ids = { businessId: business.id, campaignId: campaign.id };
  const base = `/b/${business.slug}/campaigns`;

  const stats = useQuery({
    ...trpc.campaigns.stats.queryOptions(ids),
    placeholderData: campaign.stats,
    refetchInterval: (q) => {
      const status = q.state.data?.status ?? campaign.status;
      return status === "sending" ? 2_000 : status === "scheduled" ? 15_000 : false;
    },
  });
  const live = stats.data ?? campaign.stats;
  const status = live.status;
  const beforeSending = status === "draft" || status === "scheduled";
  const review = useQuery({ ...trpc.campaigns.review.queryOptions(ids), enabled: beforeSending });
  const segments = useQuery(trpc.segments.list.queryOptions({ businessId: business.id }));
  const segmentNames = useMemo(
    () => new Map((segments.data?.data ?? []).map((s) => [s.id, s.name])),
    [segments.data],
  );

  // When the status moves (sending → completed, scheduled → sending), everything shown is refreshed.
  useEffect(() => {
    if (status !== campaign.status) {
      void queryClient.invalidateQueries({ queryKey: trpc.campaigns.pathKey() });
    }
  }, [status, campaign.status, queryClient, trpc]);

  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.campaigns.pathKey() });
  const onError = (e: unknown) => {
    toast.error(messageOf(e));
    void refresh();
  };
  const send = useMutation(
    trpc.campaigns.send.mutationOptions({
      onSuccess: (c) => {
        toast.success(c.status === "scheduled" ? "Campaign scheduled" : "Sending started");
        void refresh();
      },
      onError,
    }),
  );
  const pause = useMutation(trpc.campaigns.pause.mutationOptions({ onSuccess: () => refresh(), onError }));
  const resume = useMutation(trpc.campaigns.resume.mutationOptions({ onSuccess: () => refresh(), onError }));
  const cancel = useMutation(
    trpc.campaigns.cancel.mutationOptions({
      onSuccess: () => {
        toast.success("Campaign cancelled");
        void refresh();
      },
      onError,
    }),
  );
  const duplicate = useMutation(
    trpc.campaigns.duplicate.mutationOptions({
      onSuccess: (copy) => {
        toast.success(`Copied as “${copy.name}”`);
        void refresh();
        router.push(`${base}/${copy.id}/edit`);
      },
      onError,
    }),
  );
  const remove = useMutation(
    trpc.campaigns.delete.mutationOptions({
      onSuccess: () => {
        toast.success(`“${campaign.name}” deleted`);
        void refresh();
        router.push(base);
      },
      onError,
    }),
  );

  const reviewData = review.data as CampaignReviewData | undefined;
  const reach = reviewData ? reachableTotal(reviewData) : 0;
  const blocked = !reviewData || Object.keys(reviewData.problems).length > 0 || reach === 0;
  const later =
    status === "draft" &&
    campaign.scheduledAt !== null &&
    new Date(campaign.scheduledAt).getTime() > Date.now();
  const howMany = reviewData
    ? [
        `${customers(reach)} will get it`,
        campaign.channel === "whatsapp_email_fallback"
          ? ` (${formatCount(reviewData.reachable.whatsapp)} by WhatsApp, ${formatCount(reviewData.reachable.email)} by email)`
          : "",
        ".",
      ].join("")
    : "";

  const actions = (
    <>
      {canSend && beforeSending ? (
        <ConfirmButton
          disabled={blocked}
          title={later ? "Schedule this campaign?" : "Send this campaign now?"}
          description={
            <>
              <span>
                {later && campaign.scheduledAt
                  ? `It goes out on ${dates.dateTime(campaign.scheduledAt)} (${business.timeZone}). `
                  : "It starts going out right away. "}
                {howMany}
              </span>
              <span>You can pause or cancel it while it sends; messages already sent stay sent.</span>
            </>
          }
          action={later ? "Schedule" : "Send now"}
          onConfirm={() => send.mutate(ids)}
          loading={send.isPending}
        >
          <SendIcon aria-hidden="true" />
          {later ? "Schedule" : "Send now"}
        </ConfirmButton>
      ) : null}
      {canSend && status === "sending" ? (
        <Button variant="outline" loading={pause.isPending} onClick={() => pause.mutate(ids)}>
          <PauseIcon aria-hidden="true" />
          Pause
        </Button>
      ) : null}
      {canSend && status === "paused" ? (
        <Button loading={resume.isPending} onClick={() => resume.mutate(ids)}>
          <PlayIcon aria-hidden="true" />
          Resume
        </Button>
      ) : null}
      {canSend && (status === "scheduled" || status === "sending" || status === "paused") ? (
        <ConfirmButton
          variant="outline"
          title="Cancel this campaign?"
          description={
            status === "scheduled"
              ? "It will not be sent. You can duplicate it to send it later."
              : `The ${customers(live.queued)} still waiting will not get it; messages already sent stay sent. This cannot be undone.`
          }
          action="Cancel campaign"
          actionVariant="destructive"
          onConfirm={() => cancel.mutate(ids)}
          loading={cancel.isPending}
        >
          <XIcon aria-hidden="true" />
          Cancel
        </ConfirmButton>
      ) : null}
      {canWrite && beforeSending ? (
        <Button asChild variant="outline">
          <Link href={`${base}/${campaign.id}/edit`}>
            <PencilIcon aria-hidden="true" />
            Edit
          </Link>
        </Button>
      ) : null}
      {canWrite ? (
        <Button variant="outline" loading={duplicate.isPending} onClick={() => duplicate.mutate(ids)}>
          <CopyIcon aria-hidden="true" />
          Duplicate
        </Button>
      ) : null}
      {canWrite && status !== "sending" && status !== "paused" ? (
        <ConfirmButton
          variant="outline"
          title={`Delete “${campaign.name}”?`}
          description="The campaign and its report are deleted. Messages already sent stay on customers' timelines."
          action="Delete"
          actionVariant="destructive"
          onConfirm={() => remove.mutate(ids)}
          loading={remove.isPending}
        >
          <Trash2Icon aria-hidden="true" />
          Delete
        </ConfirmButton>
      ) : null}
    </>
  );

  const when =
    status === "scheduled" && campaign.scheduledAt
      ? `Scheduled for ${dates.dateTime(campaign.scheduledAt)}`
      : campaign.completedAt
        ? `Finished ${dates.dateTime(campaign.completedAt)}`
        : campaign.startedAt
          ? `Started ${dates.dateTime(campaign.startedAt)}`
          : campaign.scheduledAt
            ? `To go out ${dates.dateTime(campaign.scheduledAt)} once you schedule it`
            : "Goes out when you send it";

  return (
    <div className="grid min-w-0 gap-6">
      <div className="min-w-0">
        <p className="mb-2 text-sm">
          <Link href={base} className="text-muted-foreground underline-offset-4 hover:underline">
            Campaigns
          </Link>
        </p>
        <PageHeader
          className="mb-0"
          title={campaign.name}
          description={`${channelLabels[campaign.channel]} · ${audienceSummary(campaign.audience, segmentNames)}`}
          actions={actions}
        />
        <p className="mt-3 flex flex-wrap items-center gap-2 text-sm text-muted-foreground">
          <Badge variant={campaignStatusVariants[status]} data-testid="campaign-status">
            {campaignStatusLabels[status]}
          </Badge>
          <span>
            {when} <span className="whitespace-nowrap">({business.timeZone})</span>
          </span>
        </p>
        {campaign.error ? <p className="mt-2 text-sm text-destructive">{campaign.error}</p> : null}
      </div>

      {status === "sending" || status === "paused" || status === "completed" ? (
        <SendingProgress stats={live} />
      ) : null}

      {beforeSending ? (
        review.isPending ? (
          <Card aria-busy="true">
            <CardHeader>
              <CardTitle as="h2">Review</CardTitle>
              <CardDescription>Counting who gets it…</CardDescription>
            </CardHeader>
            <CardContent>
              <Skeleton className="h-24 w-full" />
            </CardContent>
          </Card>
        ) : review.isError ? (
          <QueryError
            error={review.error}
            title="The review could not load"
            onRetry={() => review.refetch()}
          />
        ) : (
          <CampaignReview
            review={review.data as CampaignReviewData}
            channel={campaign.channel}
            editHref={canWrite ? `${base}/${campaign.id}/edit` : null}
            abTest={
              (
                campaign as {
                  abTest?: { variants: unknown[]; testPercent: number; waitHours: number } | null;
                }
              ).abTest
            }
          />
        )
      ) : null}

      {campaign.abTest && hasReport(status, campaign.startedAt) ? (
        <AbResultsCard campaignId={campaign.id} live={status === "sending"} />
      ) : null}

      {hasReport(status, campaign.startedAt) ? (
        <CampaignReport
          campaignId={campaign.id}
          channel={campaign.channel}
          stats={live}
          live={status === "sending"}
        />
      ) : null}
    </div>
  );
}

/**
 * The sending progress: recipients handed to the provider of those targeted, refreshed every 2 s while
 * sending; full once the campaign is sent.
 */
function SendingProgress({ stats }: { stats: CampaignStats }) {
  const p = sendProgress(stats);
  const title = stats.status === "paused" ? "Paused" : stats.status === "completed" ? "Sent" : "Sending";
  return (
    <Card>
      <CardHeader>
        <CardTitle as="h2" id="campaign-progress-title">
          {title}
        </CardTitle>
        <CardDescription>
          {stats.status === "paused"
            ? "Nothing more goes out until you resume."
            : stats.status === "completed"
              ? "Every message was handed over; the report below follows what happens next."
              : "This page follows along; you can leave it, sending goes on."}
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-2">
        <Progress
          aria-labelledby="campaign-progress-title"
          value={p.total === null ? null : p.done}
          max={p.total ?? 100}
        />
        <p className="text-sm tabular-nums" aria-live="polite">
          {p.total === null
            ? "Preparing the recipients…"
            : `${formatCount(p.done)} of ${formatCount(p.total)} sent (${p.percent}%)`}
        </p>
      </CardContent>
    </Card>
  );
}
