import { SettingsCardSkeleton } from "@/components/settings/settings-skeleton";

export default function AuditLoading() {
  return <SettingsCardSkeleton rows={5} label="Loading the audit log" />;
}
