import { SettingsCardSkeleton } from "@/components/settings/settings-skeleton";

export default function MessagingSettingsLoading() {
  return <SettingsCardSkeleton variant="form" rows={8} label="Loading messaging settings" />;
}
