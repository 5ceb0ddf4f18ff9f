import { MyTasksSkeleton } from "@/components/tasks/my-tasks-skeleton";

export default function MyTasksLoading() {
  return <MyTasksSkeleton />;
}
