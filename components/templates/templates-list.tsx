"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CopyIcon, LayoutTemplateIcon, PencilIcon, PlusIcon, Trash2Icon } from "lucide-react";
import { messageOf } from "@/components/auth/trpc-errors";
import { useBusiness, useCan } from "@/components/layout/business-context";
import { PageHeader } from "@/components/layout/page-header";
import { useTRPC } from "@/components/providers/trpc-provider";
import { QueryError } from "@/components/settings/query-error";
import { ListSkeleton } from "@/components/settings/settings-skeleton";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmOnDemand } from "@/components/ui/confirm-on-demand";
import { EmptyState } from "@/components/ui/empty-state";
import { Link } from "@/components/ui/link";
import { toast } from "@/components/ui/toast";
import type { TemplateOutput } from "@/server/domain/templates";

/** The templates section, which takes focus when the template whose button had it is deleted. */
const SECTION_ID = "templates";

/**
 * The business's message templates: email templates (written here) and WhatsApp templates (synced from
 * Meta, shown read-only with their review status). Per email template: edit, duplicate, delete (after a
 * confirmation). Roles that may not write campaigns see the list only.
 */
export function TemplatesList() {
  const business = useBusiness();
  const trpc = useTRPC();
  const canWrite = useCan("campaigns.write");
  const list = useQuery(trpc.templates.list.queryOptions({ businessId: business.id }));
  const templates = (list.data?.data ?? []) as TemplateOutput[];
  const newHref = `/b/${business.slug}/templates/new`;

  const newButton = canWrite ? (
    <Button asChild>
      <Link href={newHref}>
        <PlusIcon aria-hidden="true" />
        New email template
      </Link>
    </Button>
  ) : null;

  return (
    <div className="min-w-0">
      <PageHeader
        title="Templates"
        description="Emails you write once and send in campaigns, with each customer's name and details filled in."
        actions={newButton}
      />
      <section id={SECTION_ID} tabIndex={-1} aria-label="Your templates" className="outline-none">
        {list.isPending ? (
          <div aria-busy="true" className="rounded-lg border p-4">
            <span className="sr-only" role="status">
              Loading templates
            </span>
            <ListSkeleton rows={4} />
          </div>
        ) : list.isError ? (
          <QueryError error={list.error} title="Templates could not load" onRetry={() => list.refetch()} />
        ) : templates.length === 0 ? (
          <EmptyState
            icon={<LayoutTemplateIcon />}
            title="No templates yet"
            description="Build an email from headings, text, buttons and images, preview it as any customer and send yourself a test."
            action={newButton}
          />
        ) : (
          <ul className="grid divide-y rounded-lg border">
            {templates.map((t) => (
              <TemplateRow key={t.id} template={t} canWrite={canWrite} />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function TemplateRow({ template, canWrite }: { template: TemplateOutput; canWrite: boolean }) {
  const business = useBusiness();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const editHref = `/b/${business.slug}/templates/${template.id}`;
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.templates.list.pathKey() });
  const duplicate = useMutation(
    trpc.templates.duplicate.mutationOptions({
      onSuccess: (copy) => {
        toast.success(`Saved a copy as “${copy.name}”.`);
        void invalidate();
      },
      onError: (e) => toast.error(messageOf(e)),
    }),
  );
  const remove = useMutation(
    trpc.templates.delete.mutationOptions({
      onSuccess: () => {
        toast.success(`Deleted “${template.name}”.`);
        document.getElementById(SECTION_ID)?.focus();
        void invalidate();
      },
      onError: (e) => toast.error(messageOf(e)),
    }),
  );
  const isEmail = template.channel === "email";
  const editable = canWrite && isEmail;
  const deleteTrigger = (
    <Button variant="ghost" size="icon-sm" aria-label={`Delete ${template.name}`} disabled={remove.isPending}>
      <Trash2Icon aria-hidden="true" />
    </Button>
  );
  return (
    <li className="flex min-w-0 flex-wrap items-center gap-x-4 gap-y-2 p-4">
      <div className="grid min-w-0 flex-1 basis-56 gap-1">
        <p className="flex min-w-0 flex-wrap items-center gap-2">
          {editable ? (
            <Link
              href={editHref}
              className="truncate font-medium underline-offset-4 outline-none hover:underline focus-visible:ring-2 focus-visible:ring-ring"
            >
              {template.name}
            </Link>
          ) : (
            <span className="truncate font-medium">{template.name}</span>
          )}
          <Badge variant="outline">{isEmail ? "Email" : "WhatsApp"}</Badge>
          {!isEmail && template.status ? (
            <Badge variant="secondary">{template.status.toLowerCase()}</Badge>
          ) : null}
        </p>
        <p className="truncate text-sm text-muted-foreground">
          {isEmail
            ? template.subject
            : [template.language, template.category?.toLowerCase()].filter(Boolean).join(" · ")}
        </p>
      </div>
      {editable ? (
        <div className="flex shrink-0 items-center gap-1">
          <Button asChild variant="outline" size="sm">
            <Link href={editHref} aria-label={`Edit ${template.name}`}>
              <PencilIcon aria-hidden="true" />
              Edit
            </Link>
          </Button>
          <Button
            variant="ghost"
            size="icon-sm"
            aria-label={`Duplicate ${template.name}`}
            disabled={duplicate.isPending}
            onClick={() => duplicate.mutate({ businessId: business.id, templateId: template.id })}
          >
            <CopyIcon aria-hidden="true" />
          </Button>
          <ConfirmOnDemand
            trigger={deleteTrigger}
            title={`Delete “${template.name}”?`}
            description="Campaigns that used it keep their own copy of the email. This cannot be undone."
            onConfirm={() => remove.mutate({ businessId: business.id, templateId: template.id })}
          />
        </div>
      ) : null}
    </li>
  );
}
