import { MyTasksSkeleton } from "@/components/tasks/my-tasks";

export default function MyTasksLoading() {
  return <MyTasksSkeleton />;
}
