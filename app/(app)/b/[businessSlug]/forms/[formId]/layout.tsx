import { ChevronLeftIcon } from "lucide-react";
import type { ReactNode } from "react";
import { FormStatusBadge } from "@/components/lead-forms/form-display";
import { FormNav } from "@/components/lead-forms/form-nav";
import { Link } from "@/components/ui/link";
import { can } from "@/server/auth/permissions";
import { loadBusinessWith } from "../../../../_lib/session";
import { loadForm } from "./load-form";

/**
 * A form's pages: its name and status, and links to its builder (roles that manage forms), its
 * submissions and its figures. The form is loaded through the tenancy gate (404 for another business's).
 */
export default async function FormLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ businessSlug: string; formId: string }>;
}) {
  const { businessSlug, formId } = await params;
  await loadBusinessWith(businessSlug, "forms.read");
  const { business, role, form } = await loadForm(businessSlug, formId, "forms.read");
  const base = `/b/${business.slug}/forms/${form.id}`;
  return (
    <div className="grid min-w-0 gap-4">
      <div className="grid min-w-0 gap-2">
        <Link
          href={`/b/${business.slug}/forms`}
          className="inline-flex w-fit items-center gap-1 text-sm text-muted-foreground underline-offset-4 hover:underline"
        >
          <ChevronLeftIcon aria-hidden="true" className="size-4" />
          Forms
        </Link>
        <div className="flex min-w-0 flex-wrap items-center gap-x-3 gap-y-1">
          <h1 className="min-w-0 text-2xl font-semibold tracking-tight break-words">{form.name}</h1>
          <FormStatusBadge
            status={form.status}
            changed={form.hasUnpublishedChanges}
            liveState={form.liveState}
          />
        </div>
      </div>
      <FormNav base={base} canManage={can(role, "forms.manage")} />
      {children}
    </div>
  );
}
