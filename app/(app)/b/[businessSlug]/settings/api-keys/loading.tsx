import { SettingsCardSkeleton } from "@/components/settings/settings-skeleton";

export default function ApiKeysLoading() {
  return <SettingsCardSkeleton rows={2} label="Loading API keys" />;
}
