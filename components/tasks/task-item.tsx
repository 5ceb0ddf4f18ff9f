"use client";

import { useMutation } from "@tanstack/react-query";
import { BellIcon, CalendarClockIcon, ContactIcon, Trash2Icon, UserIcon } from "lucide-react";
import { useId, useRef } from "react";
import { messageOf } from "@/components/auth/trpc-errors";
import { useBusiness, useBusinessHref, useCan } from "@/components/layout/business-context";
import { useFormatDate } from "@/components/layout/date-display";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { ConfirmOnDemand } from "@/components/ui/confirm-on-demand";
import { Link } from "@/components/ui/link";
import { toast } from "@/components/ui/toast";
import { cn } from "@/components/ui/utils";
import { type TaskPriority, taskPriorityLabels } from "@/server/domain/task-values";
import { EditTaskButton } from "./edit-task-button";
import { refocusTask } from "./refocus-task";
import { type EditableTask, useInvalidateTasks } from "./task-cache";

/** A task as `tasks.list` and `tasks.mine` return it. */
/** A task as lists show it: the fields the edit form takes, and when it was completed. */
export interface TaskRow extends Omit<EditableTask, "description"> {
  description?: string | null;
  completedAt: Date | null;
}

const priorityVariant: Record<TaskPriority, "outline" | "secondary" | "warning" | "destructive"> = {
  low: "outline",
  normal: "secondary",
  high: "warning",
  urgent: "destructive",
};

/**
 * One task: a checkbox to complete or reopen it, its title, due time (in the business's zone, red when
 * overdue), priority, assignee, the customer (a link, unless `showCustomer` is false), edit and delete.
 * The item's id is `task-<id>`, so a link ending in `#task-<id>` (reminder emails) scrolls to it.
 */
export function TaskItem({
  task,
  showCustomer = true,
  showAssignee = true,
}: {
  task: TaskRow;
  showCustomer?: boolean;
  /** Off on "My tasks", where every task is the viewer's. */
  showAssignee?: boolean;
}) {
  const { id: businessId } = useBusiness();
  const dates = useFormatDate();
  const href = useBusinessHref();
  const trpc = useTRPC();
  const canWrite = useCan("tasks.write");
  const invalidate = useInvalidateTasks();
  const labelId = useId();
  const deleteRef = useRef<HTMLButtonElement>(null);
  const done = task.status === "done" || task.status === "cancelled";
  const overdue = !done && task.dueAt !== null && new Date(task.dueAt).getTime() < Date.now();

  const onError = (error: unknown) => toast.error(messageOf(error));
  const complete = useMutation(
    trpc.tasks.complete.mutationOptions({
      onSuccess: () => {
        toast.success("Task completed.", {
          action: { label: "Undo", onClick: () => reopen.mutate({ businessId, taskId: task.id }) },
        });
        return invalidate();
      },
      onError,
    }),
  );
  const reopen = useMutation(trpc.tasks.reopen.mutationOptions({ onSuccess: () => invalidate(), onError }));
  const remove = useMutation(
    trpc.tasks.delete.mutationOptions({
      onSuccess: () => {
        toast.success("Task deleted.");
        return invalidate();
      },
      onError,
    }),
  );
  const busy = complete.isPending || reopen.isPending;

  return (
    <li
      id={`task-${task.id}`}
      className="flex min-w-0 scroll-mt-24 items-start gap-3 rounded-sm py-3 target:bg-accent/50"
    >
      <Checkbox
        className="mt-0.5"
        checked={done}
        disabled={!canWrite || busy}
        aria-labelledby={labelId}
        onCheckedChange={(checked) =>
          checked
            ? complete.mutate({ businessId, taskId: task.id })
            : reopen.mutate({ businessId, taskId: task.id })
        }
      />
      <div className="grid min-w-0 flex-1 gap-1">
        <span
          id={labelId}
          className={cn("font-medium break-words", done && "text-muted-foreground line-through")}
        >
          {task.title}
        </span>
        <div className="flex min-w-0 flex-wrap items-center gap-x-3 gap-y-1 text-xs text-muted-foreground">
          {task.dueAt ? (
            <span className={cn("inline-flex items-center gap-1", overdue && "font-medium text-destructive")}>
              <CalendarClockIcon className="size-3.5" aria-hidden="true" />
              {overdue ? "Overdue · " : "Due "}
              {dates.dateTime(task.dueAt)}
            </span>
          ) : (
            <span>No due date</span>
          )}
          {task.priority !== "normal" ? (
            <Badge variant={priorityVariant[task.priority]}>{taskPriorityLabels[task.priority]}</Badge>
          ) : null}
          {task.reminderAt && !done ? (
            <span className="inline-flex items-center gap-1">
              <BellIcon className="size-3.5" aria-hidden="true" />
              <span className="sr-only">Reminder </span>
              {dates.dateTime(task.reminderAt)}
            </span>
          ) : null}
          {showAssignee ? (
            <span className="inline-flex min-w-0 items-center gap-1">
              <UserIcon className="size-3.5" aria-hidden="true" />
              <span className="sr-only">Assignee </span>
              <span className="truncate">{task.assigneeName ?? "Unassigned"}</span>
            </span>
          ) : null}
          {showCustomer && task.customerId ? (
            <Link
              href={href(`/customers/${task.customerId}`)}
              className="inline-flex min-w-0 items-center gap-1 rounded-sm font-medium text-foreground underline-offset-4 hover:underline focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none"
            >
              <ContactIcon className="size-3.5 shrink-0" aria-hidden="true" />
              <span className="sr-only">Customer: </span>
              <span className="truncate">{task.customerName ?? "Customer"}</span>
            </Link>
          ) : null}
        </div>
      </div>
      {canWrite ? <EditTaskButton taskId={task.id} title={task.title} /> : null}
      {canWrite ? (
        <ConfirmOnDemand
          trigger={
            <Button
              ref={deleteRef}
              variant="ghost"
              size="icon-sm"
              aria-label={`Delete task “${task.title}”`}
              data-task-delete=""
            >
              <Trash2Icon aria-hidden="true" />
            </Button>
          }
          title="Delete this task?"
          description={`“${task.title}” will be deleted. Its entries on the timeline stay.`}
          onConfirm={() => remove.mutate({ businessId, taskId: task.id })}
          onCloseAutoFocus={(event) => refocusTask(event, deleteRef.current, task.id, "delete")}
        />
      ) : null}
    </li>
  );
}
