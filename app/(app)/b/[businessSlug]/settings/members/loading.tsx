import { SettingsCardSkeleton } from "@/components/settings/settings-skeleton";

export default function MembersLoading() {
  return <SettingsCardSkeleton rows={3} label="Loading members" />;
}
