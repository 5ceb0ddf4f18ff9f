import { SettingsCardSkeleton } from "@/components/settings/settings-skeleton";

export default function ProfileLoading() {
  return (
    <div className="grid gap-6">
      <SettingsCardSkeleton variant="form" rows={2} label="Loading your profile" />
      <SettingsCardSkeleton variant="form" rows={2} label="" />
    </div>
  );
}
