import { BarChart3Icon, ClipboardListIcon, InboxIcon } from "lucide-react";
import { PageHeader } from "@/components/layout/page-header";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Link } from "@/components/ui/link";
import { formatCount, formatDate } from "@/server/domain/format";
import { embedSnippets, type LeadFormSummary } from "@/server/domain/lead-form-contracts";
import { CopyButton } from "./copy-button";
import { FormStatusBadge, formatRate } from "./form-display";
import { FormRowActions } from "./form-row-actions";
import { NewFormButton } from "./new-form-button";

/** The list, which takes focus when the form whose menu had it is deleted. */
const SECTION_ID = "forms";

/**
 * The business's lead forms, rendered on the server: name, status (Live, Draft, Closed, unpublished
 * changes), submissions, views and conversion, when it was published, and per form the embed code to
 * copy (live forms), its submissions and figures, and a menu (rename, duplicate, close or reopen,
 * delete) whose code loads when first reached for. Roles without `forms.manage` see no New button, no
 * builder link and no menu.
 */
export function FormsList({
  forms,
  slug,
  appUrl,
  timeZone,
  canManage,
}: {
  forms: LeadFormSummary[];
  slug: string;
  appUrl: string;
  timeZone: string;
  canManage: boolean;
}) {
  const newButton = canManage ? (
    <div className="flex flex-wrap gap-2">
      <Button asChild variant="outline">
        <Link href={`/b/${slug}/forms/spam-protection`}>Spam protection</Link>
      </Button>
      <NewFormButton />
    </div>
  ) : null;
  return (
    <div className="min-w-0">
      <PageHeader
        title="Forms"
        description="Forms on your website that turn visitors into customers, with their source and campaign. Paste one line into your site, or share the link."
        actions={newButton}
      />
      <section id={SECTION_ID} tabIndex={-1} aria-label="Your forms" className="outline-none">
        {forms.length === 0 ? (
          <EmptyState
            icon={<ClipboardListIcon />}
            title="No forms yet"
            description="Build a form (“Book a free consultation”), publish it, and paste one line into your website. Every submission becomes a customer."
            action={canManage ? <NewFormButton label="Create your first form" /> : null}
          />
        ) : (
          <ul className="grid divide-y rounded-lg border">
            {forms.map((form) => (
              <FormRow
                key={form.id}
                form={form}
                slug={slug}
                appUrl={appUrl}
                timeZone={timeZone}
                canManage={canManage}
              />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function FormRow({
  form,
  slug,
  appUrl,
  timeZone,
  canManage,
}: {
  form: LeadFormSummary;
  slug: string;
  appUrl: string;
  timeZone: string;
  canManage: boolean;
}) {
  const base = `/b/${slug}/forms/${form.id}`;
  const live = form.status === "published";
  return (
    <li className="flex min-w-0 flex-wrap items-center gap-x-4 gap-y-3 p-4" data-form-row={form.name}>
      <div className="grid min-w-0 flex-1 basis-56 gap-1">
        <p className="flex min-w-0 flex-wrap items-center gap-2">
          {canManage ? (
            <Link
              href={base}
              className="truncate font-medium underline-offset-4 outline-none hover:underline focus-visible:ring-2 focus-visible:ring-ring"
            >
              {form.name}
            </Link>
          ) : (
            <span className="truncate font-medium">{form.name}</span>
          )}
          <FormStatusBadge
            status={form.status}
            changed={form.hasUnpublishedChanges}
            liveState={form.liveState}
          />
        </p>
        <p className="text-sm text-muted-foreground">
          {form.publishedVersion
            ? `Version ${form.publishedVersion.version}, published ${formatDate(form.publishedVersion.publishedAt, timeZone)}`
            : `Created ${formatDate(form.createdAt, timeZone)}, not published yet`}
        </p>
      </div>
      <dl className="grid shrink-0 grid-cols-3 gap-x-4 text-sm tabular-nums">
        <div className="grid">
          <dt className="text-xs text-muted-foreground">Submissions</dt>
          <dd>{formatCount(form.submissionCount)}</dd>
        </div>
        <div className="grid">
          <dt className="text-xs text-muted-foreground">Views</dt>
          <dd>{formatCount(form.views)}</dd>
        </div>
        <div className="grid">
          <dt className="text-xs text-muted-foreground">Conversion</dt>
          <dd>{formatRate(form.conversionRate)}</dd>
        </div>
      </dl>
      <div className="flex min-w-0 flex-wrap items-center gap-1">
        {live ? (
          <CopyButton
            text={embedSnippets(appUrl, form.id).inline}
            label="Embed code"
            ariaLabel={`Copy the embed code of ${form.name}`}
          />
        ) : null}
        <Button asChild variant="outline" size="sm">
          <Link href={`${base}/submissions`} aria-label={`Submissions of ${form.name}`}>
            <InboxIcon aria-hidden="true" />
            Submissions
          </Link>
        </Button>
        <Button asChild variant="ghost" size="icon-sm">
          <Link href={`${base}/analytics`} aria-label={`Analytics of ${form.name}`}>
            <BarChart3Icon aria-hidden="true" />
          </Link>
        </Button>
        {canManage ? (
          <FormRowActions
            form={{
              id: form.id,
              name: form.name,
              status: form.status,
              submissionCount: form.submissionCount,
            }}
            afterDeleteFocusId={SECTION_ID}
          />
        ) : null}
      </div>
    </li>
  );
}
