/**
 * Task priorities and statuses with their labels, without zod or the database schema, so the browser
 * can use them cheaply. `tasks.ts` builds the zod contracts from them and re-exports them.
 */
import { taskPriorities, taskStatuses } from "@/db/schema/enum-values";

export { taskPriorities, taskStatuses };
export type TaskPriority = (typeof taskPriorities)[number];
export type TaskStatus = (typeof taskStatuses)[number];

/** Statuses of a task still to do (what "My tasks" shows). */
export const openTaskStatuses = ["open", "in_progress"] as const satisfies readonly TaskStatus[];

export const taskPriorityLabels: Record<TaskPriority, string> = {
  low: "Low",
  normal: "Normal",
  high: "High",
  urgent: "Urgent",
};
export const taskStatusLabels: Record<TaskStatus, string> = {
  open: "Open",
  in_progress: "In progress",
  done: "Done",
  cancelled: "Cancelled",
};
