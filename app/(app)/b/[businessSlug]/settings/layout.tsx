import type { ReactNode } from "react";
import { PageHeader } from "@/components/layout/page-header";
import { TRPCReactProvider } from "@/components/providers/trpc-provider";
import { SettingsNav, type SettingsTab } from "@/components/settings/settings-nav";
import { can } from "@/server/auth/permissions";
import { loadBusiness } from "../../../_lib/session";

/** Settings of a business: the sections the user's role may see, then the section. */
export default async function SettingsLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ businessSlug: string }>;
}) {
  const { businessSlug } = await params;
  const { business, role } = await loadBusiness(businessSlug);
  const base = `/b/${business.slug}/settings`;
  const tabs: SettingsTab[] = [
    { href: `${base}/profile`, label: "Profile" },
    // Everyone may read the business profile; editing it needs business.update.
    ...(can(role, "business.read") ? [{ href: `${base}/business`, label: "Business" }] : []),
    ...(can(role, "members.read") ? [{ href: `${base}/members`, label: "Members" }] : []),
    ...(can(role, "apiKeys.read") ? [{ href: `${base}/api-keys`, label: "API keys" }] : []),
    ...(can(role, "messaging.manage") ? [{ href: `${base}/messaging`, label: "Messaging" }] : []),
    ...(can(role, "invoices.manage") ? [{ href: `${base}/billing`, label: "Billing" }] : []),
    ...(can(role, "audit.read") ? [{ href: `${base}/audit`, label: "Audit log" }] : []),
  ];

  return (
    <div className="min-w-0">
      <PageHeader
        title="Settings"
        description={`Your profile and how ${business.name} is set up.`}
        className="mb-4"
      />
      <SettingsNav tabs={tabs} />
      <TRPCReactProvider>{children}</TRPCReactProvider>
    </div>
  );
}
