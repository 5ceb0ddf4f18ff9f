import { redirect } from "next/navigation";
import { loadBusiness } from "../../../_lib/session";

/** `/b/<slug>/settings` opens the first section (404 first for a non-member). */
export default async function SettingsIndexPage({ params }: { params: Promise<{ businessSlug: string }> }) {
  const { businessSlug } = await params;
  await loadBusiness(businessSlug);
  redirect(`/b/${businessSlug}/settings/profile`);
}
