"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ExternalLinkIcon, RotateCwIcon, ShieldCheckIcon } from "lucide-react";
import type { ReactNode } from "react";
import { messageOf } from "@/components/auth/trpc-errors";
import { useFormatPhone } from "@/components/customers/phone-display";
import { useBusiness, useCan } from "@/components/layout/business-context";
import { useFormatDate } from "@/components/layout/date-display";
import { useTRPC } from "@/components/providers/trpc-provider";
import { QueryError } from "@/components/settings/query-error";
import { ListSkeleton } from "@/components/settings/settings-skeleton";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Link } from "@/components/ui/link";
import { Sheet, SheetContent, SheetDescription, SheetHeader, SheetTitle } from "@/components/ui/sheet";
import { toast } from "@/components/ui/toast";
import type { SubmissionDetailOutput } from "@/server/domain/lead-form-contracts";
import {
  answerText,
  spamReasonText,
  submissionStatusLabels,
  submissionStatusVariant,
} from "./submission-display";

/** Label/value rows of a description list. */
function Rows({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <dl className="grid gap-3 text-sm">
      {rows.map(([label, value]) => (
        <div key={label} className="grid min-w-0 gap-0.5">
          <dt className="text-muted-foreground">{label}</dt>
          <dd className="min-w-0 break-words whitespace-pre-wrap">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * One submission in a side sheet: its status (and why it is spam or failed), every answer under its
 * field's label (from the version the visitor filled in), where the visitor came from (source, UTM,
 * referrer, landing page), the customer it made, and "Not spam" / "Retry" for roles that manage forms.
 */
export function SubmissionSheet({
  submissionId,
  onOpenChange,
}: {
  submissionId: string | null;
  onOpenChange: (open: boolean) => void;
}) {
  const business = useBusiness();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canManage = useCan("forms.manage");
  const dates = useFormatDate();
  const formatPhone = useFormatPhone();
  const detail = useQuery({
    ...trpc.leadForms.submission.queryOptions({ businessId: business.id, submissionId: submissionId ?? "" }),
    enabled: submissionId !== null,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.leadForms.pathKey() });
  const notSpam = useMutation(
    trpc.leadForms.markNotSpam.mutationOptions({
      onSuccess: () => {
        toast.success("Moved to the inbox; the customer is being added.");
        void refresh();
      },
      onError: (e) => toast.error(messageOf(e)),
    }),
  );
  const retry = useMutation(
    trpc.leadForms.retrySubmission.mutationOptions({
      onSuccess: () => {
        toast.success("Sent for processing again.");
        void refresh();
      },
      onError: (e) => toast.error(messageOf(e)),
    }),
  );
  const s = detail.data as SubmissionDetailOutput | undefined;
  const title = s ? (s.contact.name ?? s.contact.email ?? s.contact.phone ?? "Submission") : "Submission";

  return (
    <Sheet open={submissionId !== null} onOpenChange={onOpenChange}>
      <SheetContent className="w-full sm:max-w-md">
        <SheetHeader>
          <SheetTitle>{title}</SheetTitle>
          <SheetDescription>
            {s ? `Sent ${dates.dateTime(s.createdAt)} through version ${s.version} of the form.` : "Loading…"}
          </SheetDescription>
        </SheetHeader>
        <div className="grid gap-6 px-4 pb-6">
          {detail.isPending ? (
            <div aria-busy="true">
              <span className="sr-only" role="status">
                Loading the submission
              </span>
              <ListSkeleton rows={4} />
            </div>
          ) : detail.isError ? (
            <QueryError
              error={detail.error}
              title="The submission could not load"
              onRetry={() => detail.refetch()}
            />
          ) : s ? (
            <>
              <section aria-label="Status" className="grid gap-3">
                <div className="flex flex-wrap items-center gap-2">
                  <Badge variant={submissionStatusVariant[s.status]}>
                    {submissionStatusLabels[s.status]}
                  </Badge>
                  {s.customer ? (
                    <Link
                      href={`/b/${business.slug}/customers/${s.customer.id}`}
                      className="inline-flex items-center gap-1 text-sm font-medium underline-offset-4 hover:underline"
                    >
                      Open {s.customer.name}
                      <ExternalLinkIcon aria-hidden="true" className="size-3.5" />
                    </Link>
                  ) : null}
                </div>
                {s.status === "spam" ? (
                  <p className="text-sm text-muted-foreground">{spamReasonText(s.spamReason)}</p>
                ) : null}
                {s.status === "failed" && s.error ? (
                  <p className="text-sm text-destructive">{s.error}</p>
                ) : null}
                {canManage && s.status === "spam" ? (
                  <Button
                    className="w-fit"
                    loading={notSpam.isPending}
                    onClick={() => notSpam.mutate({ businessId: business.id, submissionId: s.id })}
                  >
                    <ShieldCheckIcon aria-hidden="true" />
                    Not spam
                  </Button>
                ) : null}
                {canManage && s.status === "failed" ? (
                  <Button
                    className="w-fit"
                    loading={retry.isPending}
                    onClick={() => retry.mutate({ businessId: business.id, submissionId: s.id })}
                  >
                    <RotateCwIcon aria-hidden="true" />
                    Retry
                  </Button>
                ) : null}
              </section>
              <section aria-labelledby="submission-answers" className="grid gap-3">
                <h3 id="submission-answers" className="font-medium">
                  Answers
                </h3>
                <Rows
                  rows={[
                    ...s.fields.map((f): [string, ReactNode] => {
                      const v = s.answers[f.key];
                      const phoneLike =
                        (f.type === "phone" || f.type === "whatsapp") && typeof v === "string";
                      return [f.label, phoneLike ? formatPhone(v) : answerText(v)];
                    }),
                    ...Object.keys(s.answers)
                      .filter((k) => !s.fields.some((f) => f.key === k))
                      .map((k): [string, ReactNode] => [k, answerText(s.answers[k])]),
                  ]}
                />
              </section>
              <section aria-labelledby="submission-context" className="grid gap-3">
                <h3 id="submission-context" className="font-medium">
                  Where they came from
                </h3>
                <Rows
                  rows={[
                    ["Source", s.source],
                    ...Object.entries(s.context.utm).map(([k, v]): [string, ReactNode] => [k, v]),
                    ...(s.context.referrer ? [["Referrer", s.context.referrer] as [string, ReactNode]] : []),
                    ...(s.context.landingPage
                      ? [["Landing page", s.context.landingPage] as [string, ReactNode]]
                      : []),
                  ]}
                />
              </section>
            </>
          ) : null}
        </div>
      </SheetContent>
    </Sheet>
  );
}
