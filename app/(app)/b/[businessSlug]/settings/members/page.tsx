import type { Metadata } from "next";
import { MembersSettings } from "@/components/members/members-settings";
import { loadBusinessWith } from "../../../../_lib/session";

export const metadata: Metadata = { title: "Members" };

export default async function MembersSettingsPage({ params }: { params: Promise<{ businessSlug: string }> }) {
  const { businessSlug } = await params;
  await loadBusinessWith(businessSlug, "members.read");
  return <MembersSettings />;
}
