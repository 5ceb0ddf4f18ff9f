"use client";

import { CircleAlertIcon, TriangleAlertIcon } from "lucide-react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Link } from "@/components/ui/link";
import {
  type CampaignChannel,
  type ExclusionReason,
  exclusionReasonLabels,
  exclusionReasons,
} from "@/server/domain/campaigns";
import { formatCount } from "@/server/domain/format";
import { abTestSplit } from "./ab-test-state";
import { usesEmail, usesWhatsapp } from "./campaign-display";
import { formFieldOf } from "./campaign-form-state";
import { fieldId } from "./form-field";

/** The review of a campaign before sending (`campaigns.review`). */
export interface CampaignReviewData {
  audience: number;
  reachable: { email: number; whatsapp: number };
  excluded: Partial<Record<ExclusionReason, number>>;
  problems: Record<string, string>;
  whatsappDays: number;
  whatsappLimit: number | null;
}

const customers = (n: number) => `${formatCount(n)} customer${n === 1 ? "" : "s"}`;

/** How many customers a reviewed campaign would reach, over all its channels. */
export function reachableTotal(review: CampaignReviewData): number {
  return review.reachable.email + review.reachable.whatsapp;
}

/**
 * The review: the audience, who is reachable on each channel the campaign uses, who is left out and why
 * (each reason counted), the WhatsApp daily limit when the sends need more than one day, and what is
 * missing with a link to the field that fixes it (`editHref`, null for roles that may not edit).
 */
export function CampaignReview({
  review,
  channel,
  editHref,
  abTest,
}: {
  review: CampaignReviewData;
  channel: CampaignChannel;
  editHref: string | null;
  /** The campaign's A/B test, when one is set. */
  abTest?: { variants: unknown[]; testPercent: number; waitHours: number } | null;
}) {
  const excluded = exclusionReasons
    .map((reason) => ({ reason, count: review.excluded[reason] ?? 0 }))
    .filter((e) => e.count > 0);
  const excludedTotal = excluded.reduce((n, e) => n + e.count, 0);
  const problems = Object.entries(review.problems);
  return (
    <Card>
      <CardHeader>
        <CardTitle as="h2">Review</CardTitle>
        <CardDescription>
          Who gets this campaign if it is sent now. Counts follow your customers as they change.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid min-w-0 gap-4">
        <dl className="grid gap-3 sm:grid-cols-3" aria-label="Audience counts">
          <div className="rounded-lg border p-3" data-count="audience">
            <dt className="text-sm text-muted-foreground">In the audience</dt>
            <dd className="text-2xl font-semibold tabular-nums">{formatCount(review.audience)}</dd>
          </div>
          {usesWhatsapp(channel) ? (
            <div className="rounded-lg border p-3" data-count="whatsapp">
              <dt className="text-sm text-muted-foreground">Get it by WhatsApp</dt>
              <dd className="text-2xl font-semibold tabular-nums">
                {formatCount(review.reachable.whatsapp)}
              </dd>
            </div>
          ) : null}
          {usesEmail(channel) ? (
            <div className="rounded-lg border p-3" data-count="email">
              <dt className="text-sm text-muted-foreground">
                {channel === "email" ? "Get it by email" : "Get the email instead"}
              </dt>
              <dd className="text-2xl font-semibold tabular-nums">{formatCount(review.reachable.email)}</dd>
            </div>
          ) : null}
        </dl>

        {abTest ? <AbTestReviewLine abTest={abTest} reachable={reachableTotal(review)} /> : null}

        <section aria-labelledby="campaign-excluded" className="grid gap-2">
          <h3 id="campaign-excluded" className="text-sm font-medium">
            Left out: {customers(excludedTotal)}
          </h3>
          {excluded.length ? (
            <ul className="grid divide-y rounded-lg border text-sm" aria-label="Why customers are left out">
              {excluded.map((e) => (
                <li key={e.reason} className="flex items-center justify-between gap-4 px-3 py-2">
                  <span>{exclusionReasonLabels[e.reason]}</span>
                  <span className="font-medium tabular-nums">{formatCount(e.count)}</span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-sm text-muted-foreground">Nobody in the audience is left out.</p>
          )}
        </section>

        {review.whatsappDays > 1 ? (
          <Alert role="status" className="border-warning/60">
            <TriangleAlertIcon aria-hidden="true" />
            <AlertTitle>WhatsApp sends over {review.whatsappDays} days</AlertTitle>
            <AlertDescription>
              Meta lets this business message {customers(review.whatsappLimit ?? 0)} a day, so the{" "}
              {formatCount(review.reachable.whatsapp)} WhatsApp messages go out over {review.whatsappDays}{" "}
              days.
            </AlertDescription>
          </Alert>
        ) : null}

        {problems.length ? (
          <Alert variant="destructive" role="status">
            <CircleAlertIcon aria-hidden="true" />
            <AlertTitle>Before it can be sent</AlertTitle>
            <AlertDescription>
              <ul className="grid gap-1">
                {problems.map(([path, message]) => {
                  const field = formFieldOf(path);
                  return (
                    <li key={path}>
                      {message}{" "}
                      {editHref ? (
                        <Link
                          href={`${editHref}${field ? `#${fieldId(field)}` : ""}`}
                          className="font-medium text-foreground underline underline-offset-4"
                        >
                          Fix it
                        </Link>
                      ) : null}
                    </li>
                  );
                })}
              </ul>
            </AlertDescription>
          </Alert>
        ) : null}
      </CardContent>
    </Card>
  );
}

/** "A/B test: 200 customers get one of 2 variants; the other 800 wait 4 hours for the winner." */
function AbTestReviewLine({
  abTest,
  reachable,
}: {
  abTest: { variants: unknown[]; testPercent: number; waitHours: number };
  reachable: number;
}) {
  const { test, rest } = abTestSplit(reachable, abTest.testPercent, abTest.variants.length);
  const hours = abTest.waitHours === 1 ? "1 hour" : `${abTest.waitHours} hours`;
  return (
    <p className="rounded-lg border p-3 text-sm" data-testid="ab-test-review">
      <span className="font-medium">A/B test:</span> {customers(test)} get one of {abTest.variants.length}{" "}
      variants; the other {formatCount(rest)} wait {hours} for the winner.
    </p>
  );
}
