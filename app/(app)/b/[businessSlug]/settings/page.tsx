import { redirect } from "next/navigation";

/** `/b/<slug>/settings` opens the first section. */
export default async function SettingsIndexPage({ params }: { params: Promise<{ businessSlug: string }> }) {
  const { businessSlug } = await params;
  redirect(`/b/${businessSlug}/settings/profile`);
}
