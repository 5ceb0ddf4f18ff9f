import type { Metadata } from "next";
import { ProfileSettings } from "@/components/settings/profile-settings";

export const metadata: Metadata = { title: "Profile" };

/** Your own profile and password (the user comes from the business layout's provider). */
export default function ProfileSettingsPage() {
  return <ProfileSettings />;
}
