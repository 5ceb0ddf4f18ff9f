"use client";

import { useQuery } from "@tanstack/react-query";
import { PencilIcon } from "lucide-react";
import { useRef, useState } from "react";
import { useBusiness } from "@/components/layout/business-context";
import { useTRPC } from "@/components/providers/trpc-provider";
import { QueryError } from "@/components/settings/query-error";
import { Button } from "@/components/ui/button";
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
 * An "Edit" icon button that opens the task in a dialog to change any of its fields. Focus moves into
 * the dialog and back to the button when it closes (or to the task where it shows after the change);
 * Escape closes it (unless the customer picker's list is open, which Escape closes first).
 */
export function EditTaskDialog({ taskId, title }: { taskId: string; title: string }) {
  const [open, setOpen] = useState(false);
  const triggerRef = useRef<HTMLButtonElement>(null);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button
          ref={triggerRef}
          variant="ghost"
          size="icon-sm"
          aria-label={`Edit task “${title}”`}
          data-task-edit=""
        >
          <PencilIcon aria-hidden="true" />
        </Button>
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
