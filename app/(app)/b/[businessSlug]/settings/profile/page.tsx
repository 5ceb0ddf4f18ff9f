import type { Metadata } from "next";
import { ProfileSettings } from "@/components/settings/profile-settings";
import { loadBusiness } from "../../../../_lib/session";

export const metadata: Metadata = { title: "Profile" };

/**
 * Your own profile, password and devices (the user comes from the business layout's provider). Any
 * member may open it; the business is still loaded so a non-member gets 404 here too.
 */
export default async function ProfileSettingsPage({ params }: { params: Promise<{ businessSlug: string }> }) {
  const { businessSlug } = await params;
  await loadBusiness(businessSlug);
  return <ProfileSettings />;
}
