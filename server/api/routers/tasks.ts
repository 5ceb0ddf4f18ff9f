import { createTRPCRouter, requirePermission } from "@/server/api/trpc";
import {
  createTaskInput,
  listTasksInput,
  myTasksInput,
  taskIdInput,
  updateTaskInput,
} from "@/server/domain/tasks";
import { AppError } from "@/server/errors";
import * as tasks from "@/server/services/tasks";

export const tasksRouter = createTRPCRouter({
  /** Tasks of the business with filters (status, assignee, customer, due range); keyset pages. */
  list: requirePermission("tasks.read")
    .input(listTasksInput)
    .query(({ ctx, input }) => {
      const { businessId: _, ...filters } = input;
      return tasks.listTasks(ctx.db, ctx.businessId, filters);
    }),
  /** "My tasks": the caller's open tasks as overdue / today / upcoming in the business's time zone. */
  mine: requirePermission("tasks.read")
    .input(myTasksInput)
    .query(({ ctx, input }) => {
      if (!ctx.actor.userId) throw new AppError("FORBIDDEN", "An API key has no tasks of its own.");
      return tasks.listMyTasks(ctx.db, {
        businessId: ctx.businessId,
        userId: ctx.actor.userId,
        timeZone: ctx.business.timeZone,
        limit: input.limit,
      });
    }),
  /** One task. */
  get: requirePermission("tasks.read")
    .input(taskIdInput)
    .query(({ ctx, input }) => tasks.getTask(ctx.db, ctx.businessId, input.taskId)),
  /** Creates a task (assigned to the caller unless `assigneeId` says otherwise). */
  create: requirePermission("tasks.write")
    .input(createTaskInput)
    .mutation(({ ctx, input }) => {
      const { businessId: _, ...fields } = input;
      return tasks.createTask(ctx.db, { businessId: ctx.businessId, userId: ctx.actor.userId }, fields);
    }),
  /** Updates a task; moving it to `done` records `task_completed`. */
  update: requirePermission("tasks.write")
    .input(updateTaskInput)
    .mutation(({ ctx, input }) => {
      const { businessId: _, ...fields } = input;
      return tasks.updateTask(ctx.db, { businessId: ctx.businessId, userId: ctx.actor.userId }, fields);
    }),
  /** Marks a task done. */
  complete: requirePermission("tasks.write")
    .input(taskIdInput)
    .mutation(({ ctx, input }) =>
      tasks.completeTask(ctx.db, { businessId: ctx.businessId, userId: ctx.actor.userId }, input.taskId),
    ),
  /** Reopens a done or cancelled task. */
  reopen: requirePermission("tasks.write")
    .input(taskIdInput)
    .mutation(({ ctx, input }) =>
      tasks.reopenTask(ctx.db, { businessId: ctx.businessId, userId: ctx.actor.userId }, input.taskId),
    ),
  /** Deletes a task. */
  delete: requirePermission("tasks.write")
    .input(taskIdInput)
    .mutation(({ ctx, input }) =>
      tasks.deleteTask(ctx.db, { businessId: ctx.businessId, userId: ctx.actor.userId }, input.taskId),
    ),
});
