import { z } from "zod";
import { taskPriorities, taskStatuses } from "./task-values";

export const taskPrioritySchema = z.enum(taskPriorities);
export const taskStatusSchema = z.enum(taskStatuses);
export {
  openTaskStatuses,
  type TaskPriority,
  type TaskStatus,
  taskPriorities,
  taskPriorityLabels,
  taskStatuses,
  taskStatusLabels,
} from "./task-values";

/**
 * An instant: a Date (tRPC with superjson) or an ISO 8601 date-time with `Z` or an offset (JSON, REST).
 * Stored as UTC (`timestamptz`).
 */
export const instantSchema = z.union([
  z.date(),
  z.iso.datetime({ offset: true, message: "Use an ISO 8601 date and time." }).transform((s) => new Date(s)),
]);

const title = z.string().trim().min(1, "Give the task a title.").max(200, "Use at most 200 characters.");
const description = z
  .string()
  .trim()
  .max(5_000, "Use at most 5,000 characters.")
  .nullish()
  .transform((v) => (v ? v : null));

export const createTaskInput = z.object({
  title,
  description,
  dueAt: instantSchema.nullish(),
  reminderAt: instantSchema.nullish(),
  priority: taskPrioritySchema.optional(),
  status: taskStatusSchema.optional(),
  /** A member's user id; left out = the creator, null = unassigned. */
  assigneeId: z.string().min(1).max(100).nullish(),
  /** A customer of the same business. */
  customerId: z.uuid().nullish(),
});
export type CreateTaskInput = z.output<typeof createTaskInput>;

/** Partial update; `null` clears description, dates, assignee and customer. */
export const updateTaskInput = z.object({
  taskId: z.uuid(),
  title: title.optional(),
  description: description.optional(),
  dueAt: instantSchema.nullish(),
  reminderAt: instantSchema.nullish(),
  priority: taskPrioritySchema.optional(),
  status: taskStatusSchema.optional(),
  assigneeId: z.string().min(1).max(100).nullish(),
  customerId: z.uuid().nullish(),
});
export type UpdateTaskInput = z.output<typeof updateTaskInput>;

export const taskIdInput = z.object({ taskId: z.uuid() });

/** Filters of the task list; keyset pages ordered by due time (no due time last), then id. */
export const listTasksInput = z.object({
  status: z.array(taskStatusSchema).max(4).optional(),
  /** A member's user id; null = unassigned tasks. */
  assigneeId: z.string().min(1).max(100).nullish(),
  customerId: z.uuid().optional(),
  dueFrom: instantSchema.optional(),
  dueTo: instantSchema.optional(),
  cursor: z.string().max(500).nullish(),
  limit: z.number().int().min(1).max(200).optional(),
});
export type ListTasksInput = z.output<typeof listTasksInput>;

export const myTasksInput = z.object({
  /** Most tasks returned per bucket (default 100). */
  limit: z.number().int().min(1).max(500).optional(),
});
