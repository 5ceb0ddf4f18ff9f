"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { TriangleAlertIcon } from "lucide-react";
import { type FormEvent, useId, useState } from "react";
import { fieldErrorsOf, messageOf } from "@/components/auth/trpc-errors";
import { useBusiness, useCurrentUser } from "@/components/layout/business-context";
import { useTRPC } from "@/components/providers/trpc-provider";
import { useInvalidateTasks } from "@/components/tasks/task-cache";
import {
  checkTaskInput,
  TaskAssigneeSelect,
  TaskPrioritySelect,
  TaskTimeFields,
  TaskTitleField,
} from "@/components/tasks/task-fields";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { toast } from "@/components/ui/toast";
import { BULK_TASK_MAX } from "@/server/domain/customer-values";
import { formatCount } from "@/server/domain/format";
import type { TaskPriority } from "@/server/domain/tasks";
import type { BulkTarget } from "./bulk-target";

type Field = "title" | "dueAt" | "reminderAt" | "assigneeId";
const fields: readonly Field[] = ["title", "dueAt", "reminderAt", "assigneeId"];

const plural = (n: number, word: string) => `${formatCount(n)} ${word}${n === 1 ? "" : "s"}`;

/**
 * "Create a task" for the selected customers (or all matching): title, due date and time and reminder
 * (typed in the business's time zone), priority and assignee (the signed-in user by default). One task
 * per customer, each on that customer's timeline; at most 10,000 customers at a time (the dialog says
 * so and refuses more). Field errors show under their field; other failures in the dialog.
 */
export function BulkTaskDialog({
  open,
  onOpenChange,
  target,
  count,
  members,
  onDone,
  onCloseAutoFocus,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  target: BulkTarget;
  count: number;
  members: { userId: string; name: string | null; email: string }[];
  onDone: () => void;
  /** Where focus goes when the dialog closes (by default, back to what had it before). */
  onCloseAutoFocus?: (event: Event) => void;
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent onCloseAutoFocus={onCloseAutoFocus}>
        {/* The content mounts on each opening (and stays through the closing animation), so every
            opening starts from an empty form. */}
        <BulkTaskForm
          target={target}
          count={count}
          members={members}
          onCancel={() => onOpenChange(false)}
          onDone={onDone}
        />
      </DialogContent>
    </Dialog>
  );
}

function BulkTaskForm({
  target,
  count,
  members,
  onCancel,
  onDone,
}: {
  target: BulkTarget;
  count: number;
  members: { userId: string; name: string | null; email: string }[];
  onCancel: () => void;
  onDone: () => void;
}) {
  const business = useBusiness();
  const me = useCurrentUser();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const invalidateTasks = useInvalidateTasks();
  const id = useId();
  const [title, setTitle] = useState("");
  const [due, setDue] = useState("");
  const [reminder, setReminder] = useState("");
  const [priority, setPriority] = useState<TaskPriority>("normal");
  const [assigneeId, setAssigneeId] = useState(me.id);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const tooMany = count > BULK_TASK_MAX;

  const focusFirst = (errs: Partial<Record<Field, string>>) => {
    const first = fields.find((f) => errs[f]);
    if (first) document.getElementById(`${id}-${first}`)?.focus();
  };

  const create = useMutation(
    trpc.customers.bulkCreateTask.mutationOptions({
      onSuccess: (r) => {
        if (r.affected === 0)
          toast.info("No task created: the selected customers are no longer in the list.");
        else toast.success(`Created ${plural(r.affected, "task")}`);
        void invalidateTasks();
        void queryClient.invalidateQueries({ queryKey: trpc.customers.list.pathKey() });
        onDone();
      },
      onError: (error) => {
        const fe = fieldErrorsOf(error);
        const known: Partial<Record<Field, string>> = {};
        for (const f of fields) if (fe[f]) known[f] = fe[f];
        setErrors(known);
        if (Object.keys(known).length) {
          setFormError(null);
          focusFirst(known);
        } else {
          setFormError(messageOf(error));
        }
      },
    }),
  );

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (tooMany) return;
    const { dueAt, reminderAt, errors: next } = checkTaskInput({ title, due, reminder }, business.timeZone);
    setErrors(next);
    setFormError(null);
    if (Object.keys(next).length) return focusFirst(next);
    create.mutate({
      businessId: business.id,
      ...target,
      title: title.trim(),
      dueAt,
      reminderAt,
      priority,
      assigneeId: assigneeId || null,
    });
  }

  return (
    <form noValidate onSubmit={onSubmit} className="grid min-w-0 gap-4">
      <DialogHeader>
        <DialogTitle>Create a task</DialogTitle>
        <DialogDescription>
          {count === 1
            ? "A task for the selected customer, on their timeline."
            : `One task for each of ${plural(count, "customer")}, on each customer's timeline. Up to ${formatCount(BULK_TASK_MAX)} customers at a time.`}
        </DialogDescription>
      </DialogHeader>

      {tooMany ? (
        <Alert>
          <TriangleAlertIcon aria-hidden="true" />
          <AlertDescription>
            That is more than {formatCount(BULK_TASK_MAX)} customers. Narrow the filter or select fewer
            customers.
          </AlertDescription>
        </Alert>
      ) : null}
      {formError ? (
        <Alert variant="destructive">
          <TriangleAlertIcon aria-hidden="true" />
          <AlertDescription>{formError}</AlertDescription>
        </Alert>
      ) : null}

      <TaskTitleField
        id={id}
        errors={errors}
        value={title}
        onChange={setTitle}
        placeholder="Call about the Diwali offer"
      />
      <div className="@container min-w-0">
        <div className="grid gap-4 @md:grid-cols-2">
          <TaskTimeFields
            id={id}
            errors={errors}
            due={due}
            reminder={reminder}
            onDue={setDue}
            onReminder={setReminder}
            note={`Times are in ${business.timeZone}. Leave them empty for a task without a due time or reminder.`}
          />
          <TaskPrioritySelect id={id} errors={errors} value={priority} onChange={setPriority} />
          <TaskAssigneeSelect
            id={id}
            errors={errors}
            value={assigneeId}
            onChange={setAssigneeId}
            me={me}
            members={members}
          />
        </div>
      </div>

      <DialogFooter>
        <Button type="button" variant="outline" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" loading={create.isPending} disabled={tooMany}>
          Create {plural(count, "task")}
        </Button>
      </DialogFooter>
    </form>
  );
}
