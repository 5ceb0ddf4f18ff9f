import type { Metadata } from "next";
import { OnboardingChecklist, StatCard, statIcons } from "@/components/business/dashboard";
import { checklistFor } from "@/components/business/onboarding";
import { PageHeader } from "@/components/layout/page-header";
import { serverApi } from "@/server/api/server";
import { can } from "@/server/auth/permissions";
import { hourIn } from "@/server/domain/format";
import { loadBusiness } from "../../../_lib/session";

export const metadata: Metadata = { title: "Dashboard" };

function greeting(hour: number): string {
  if (hour >= 5 && hour < 12) return "Good morning";
  if (hour >= 12 && hour < 17) return "Good afternoon";
  return "Good evening";
}

/** The business dashboard: counts and the onboarding checklist. */
export default async function DashboardPage({ params }: { params: Promise<{ businessSlug: string }> }) {
  const { businessSlug } = await params;
  const { user, business, role } = await loadBusiness(businessSlug);
  const api = await serverApi();
  const { counts, checklist } = await api.business.dashboard({ businessId: business.id });

  const base = `/b/${business.slug}`;
  const firstName = user.name?.trim().split(/\s+/)[0];
  const hello = `${greeting(hourIn(new Date(), business.timeZone))}${firstName ? `, ${firstName}` : ""}`;

  const items = checklistFor(checklist, role, base);

  return (
    <div className="grid gap-6">
      <PageHeader
        title={hello}
        description={`Here is where ${business.name} stands today.`}
        className="mb-0"
      />
      <section aria-label="Overview" className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
        <StatCard
          label="Customers"
          value={counts.customers}
          icon={statIcons.customers}
          href={can(role, "customers.read") ? `${base}/customers` : undefined}
        />
        <StatCard
          label="My open tasks"
          value={counts.myOpenTasks}
          icon={statIcons.tasks}
          href={can(role, "tasks.read") ? `${base}/tasks` : undefined}
        />
        <StatCard
          label="Unpaid invoices"
          value={counts.unpaidInvoices}
          icon={statIcons.invoices}
          href={can(role, "invoices.read") ? `${base}/invoices` : undefined}
        />
        <StatCard
          label="Members"
          value={counts.members}
          icon={statIcons.members}
          href={can(role, "members.read") ? `${base}/settings/members` : undefined}
        />
        <StatCard
          label="Pending invitations"
          value={counts.pendingInvitations}
          icon={statIcons.invitations}
          href={can(role, "members.invite") ? `${base}/settings/members` : undefined}
        />
        <StatCard
          label="API keys"
          value={counts.apiKeys}
          icon={statIcons.apiKeys}
          href={can(role, "apiKeys.read") ? `${base}/settings/api-keys` : undefined}
        />
      </section>
      <OnboardingChecklist items={items} />
    </div>
  );
}
