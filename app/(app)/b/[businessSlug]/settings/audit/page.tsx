import type { Metadata } from "next";
import { AuditLog } from "@/components/settings/audit-log";
import { loadBusinessWith } from "../../../../_lib/session";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditSettingsPage({ params }: { params: Promise<{ businessSlug: string }> }) {
  const { businessSlug } = await params;
  await loadBusinessWith(businessSlug, "audit.read");
  return <AuditLog />;
}
