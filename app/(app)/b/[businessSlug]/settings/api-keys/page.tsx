import type { Metadata } from "next";
import { ApiKeysSettings } from "@/components/api-keys/api-keys-settings";
import { env } from "@/server/env";
import { loadBusinessWith } from "../../../../_lib/session";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysSettingsPage({ params }: { params: Promise<{ businessSlug: string }> }) {
  const { businessSlug } = await params;
  await loadBusinessWith(businessSlug, "apiKeys.read");
  return <ApiKeysSettings appUrl={env.APP_URL.replace(/\/+$/, "")} />;
}
