import type { Metadata } from "next";
import type { ReactNode } from "react";
import { AppShell } from "@/components/layout/app-shell";
import { BusinessProvider } from "@/components/layout/business-context";
import { getDb } from "@/db/client";
import { unreadCount } from "@/server/services/notifications";
import { isPhoneRequest } from "../../_lib/device";
import { loadBusiness, loadBusinesses } from "../../_lib/session";

type Params = Promise<{ businessSlug: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { businessSlug } = await params;
  const { business } = await loadBusiness(businessSlug);
  return { title: { default: business.name, template: `%s · ${business.name} · Mini CRM` } };
}

/**
 * Every page of one business: loads it for the signed-in user (404 when they are not a member), puts it
 * in `BusinessProvider` for client components, and renders the app shell with the user's businesses.
 */
export default async function BusinessLayout({ children, params }: { children: ReactNode; params: Params }) {
  const { businessSlug } = await params;
  const { user, business, role } = await loadBusiness(businessSlug);
  const businesses = await loadBusinesses(user.id);
  const unread = await unreadCount(await getDb(), { businessId: business.id, userId: user.id });
  const menuUser = { name: user.name, email: user.email };

  return (
    <BusinessProvider
      business={{
        id: business.id,
        slug: business.slug,
        name: business.name,
        role,
        country: business.country,
        timeZone: business.timeZone,
        currency: business.currency,
      }}
      user={{ id: user.id, ...menuUser }}
    >
      <AppShell
        businesses={businesses.map((b) => ({ slug: b.slug, name: b.name, role: b.role }))}
        user={menuUser}
        unread={unread}
        desktopGuess={!(await isPhoneRequest())}
      >
        {children}
      </AppShell>
    </BusinessProvider>
  );
}
