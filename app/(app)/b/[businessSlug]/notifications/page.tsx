import type { Metadata } from "next";
import { NotificationsList } from "@/components/notifications/notifications-list";
import { loadBusinessWith } from "../../../_lib/session";

export const metadata: Metadata = { title: "Notifications" };

export default async function NotificationsPage({ params }: { params: Promise<{ businessSlug: string }> }) {
  const { businessSlug } = await params;
  await loadBusinessWith(businessSlug, "business.read");
  return <NotificationsList />;
}
