"use client";

import { useQuery } from "@tanstack/react-query";
import { type ReactElement, useRef, useState } from "react";
import { useBusiness } from "@/components/layout/business-context";
import { useTRPC } from "@/components/providers/trpc-provider";
import { QueryError } from "@/components/settings/query-error";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { Skeleton } from "@/components/ui/skeleton";
import { keepDialogOpenForPicker } from "./picker-escape";
import { refocusTask } from "./refocus-task";
import { TaskForm } from "./task-form";

// Apart from its button (`EditTaskButton` in edit-task-button.tsx): the dialog's code loads when the user
// first reaches for a task's Edit button, not with every list of tasks.

function TaskFormSkeleton() {
  return (
    <div aria-busy="true" className="grid gap-4">
      <span className="sr-only" role="status">
        Loading the task
      </span>
      {[0, 1, 2, 3].map((i) => (
        <div key={i} className="grid gap-2">
          <Skeleton className="h-4 w-24" />
          <Skeleton className="h-9 w-full" />
        </div>
      ))}
    </div>
  );
}

/** The dialog's body: loads the task fresh (`tasks.get`), then the edit form. */
function EditTaskBody({ taskId, onDone }: { taskId: string; onDone: () => void }) {
  const business = useBusiness();
  const trpc = useTRPC();
  const task = useQuery(trpc.tasks.get.queryOptions({ businessId: business.id, taskId }));
  if (task.isPending) return <TaskFormSkeleton />;
  if (task.isError) {
    return <QueryError error={task.error} title="Could not load the task" onRetry={() => task.refetch()} />;
  }
  return <TaskForm task={task.data} onSaved={onDone} onCancel={onDone} />;
}

/**
 * The task's edit dialog, open from the start around its `trigger` (the "Edit" icon button, see
 * `EditTaskButton`), to change any of the task's fields. Focus moves into the dialog and back to the
 * button when it closes (or to the task where it shows after the change); Escape closes it (unless the
 * customer picker's list is open, which Escape closes first).
 */
export default function EditTaskDialog({ taskId, trigger }: { taskId: string; trigger: ReactElement }) {
  const [open, setOpen] = useState(true);
  const triggerRef = useRef<HTMLButtonElement>(null);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild ref={triggerRef}>
        {trigger}
      </DialogTrigger>
      <DialogContent
        onEscapeKeyDown={keepDialogOpenForPicker}
        onCloseAutoFocus={(event) => refocusTask(event, triggerRef.current, taskId, "edit")}
      >
        <DialogHeader>
          <DialogTitle>Edit task</DialogTitle>
          <DialogDescription>Times are in the business's time zone.</DialogDescription>
        </DialogHeader>
        {/* Mounted with the content on each opening (and kept through the closing animation), so the
            form starts again from the task every time. */}
        <EditTaskBody taskId={taskId} onDone={() => setOpen(false)} />
      </DialogContent>
    </Dialog>
  );
}
