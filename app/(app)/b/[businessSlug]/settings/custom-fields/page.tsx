import type { Metadata } from "next";
import { CustomFieldsSettings } from "@/components/settings/custom-fields-settings";
import { loadBusinessWith } from "../../../../_lib/session";

export const metadata: Metadata = { title: "Custom fields" };

export default async function CustomFieldsSettingsPage({
  params,
}: {
  params: Promise<{ businessSlug: string }>;
}) {
  const { businessSlug } = await params;
  await loadBusinessWith(businessSlug, "customFields.manage");
  return <CustomFieldsSettings />;
}
