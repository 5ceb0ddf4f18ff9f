import type { Metadata } from "next";
import { MyTasks } from "@/components/tasks/my-tasks";
import { loadBusinessWith } from "../../../_lib/session";

export const metadata: Metadata = { title: "My tasks" };

export default async function MyTasksPage({ params }: { params: Promise<{ businessSlug: string }> }) {
  const { businessSlug } = await params;
  await loadBusinessWith(businessSlug, "tasks.read");
  return <MyTasks />;
}
