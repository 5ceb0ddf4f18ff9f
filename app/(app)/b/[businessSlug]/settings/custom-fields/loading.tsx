import { SettingsCardSkeleton } from "@/components/settings/settings-skeleton";

export default function CustomFieldsLoading() {
  return <SettingsCardSkeleton rows={3} label="Loading custom fields" />;
}
