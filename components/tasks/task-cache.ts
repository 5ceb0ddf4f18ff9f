"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc-provider";
import type { TaskPriority, TaskStatus } from "@/server/domain/task-values";

// Apart from the task form, so that lists of tasks (task-item.tsx) do not bring the form's code with them.

/** Invalidates every query that shows tasks (lists, My tasks, one task, the timeline, the customer's last activity). */
export function useInvalidateTasks() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.tasks.list.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.tasks.mine.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.tasks.get.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.customers.timeline.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.customers.get.pathKey() }),
    ]);
}

/** A task as the edit form starts from (`tasks.get`). */
export interface EditableTask {
  id: string;
  title: string;
  description: string | null;
  dueAt: Date | null;
  reminderAt: Date | null;
  priority: TaskPriority;
  status: TaskStatus;
  assigneeId: string | null;
  assigneeName: string | null;
  customerId: string | null;
  customerName: string | null;
}
