import { SettingsCardSkeleton } from "@/components/settings/settings-skeleton";

export default function BusinessSettingsLoading() {
  return <SettingsCardSkeleton variant="form" rows={6} label="Loading business details" />;
}
