import type { Metadata } from "next";
import { FormsList } from "@/components/lead-forms/forms-list";
import { serverApi } from "@/server/api/server";
import { can } from "@/server/auth/permissions";
import { env } from "@/server/env";
import { loadBusinessWith } from "../../../_lib/session";

export const metadata: Metadata = { title: "Forms" };

/**
 * The business's lead forms, rendered on the server (the page ships only the small islands: copy, the
 * new-form button and each row's menu, whose code loads when reached for).
 */
export default async function FormsPage({ params }: { params: Promise<{ businessSlug: string }> }) {
  const { businessSlug } = await params;
  const { business, role } = await loadBusinessWith(businessSlug, "forms.read");
  const api = await serverApi();
  const { data } = await api.leadForms.list({ businessId: business.id });
  return (
    <FormsList
      forms={data}
      slug={business.slug}
      appUrl={env.APP_URL.replace(/\/+$/, "")}
      timeZone={business.timeZone}
      canManage={can(role, "forms.manage")}
    />
  );
}
