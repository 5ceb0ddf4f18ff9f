"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { TriangleAlertIcon } from "lucide-react";
import { type FormEvent, useId, useState } from "react";
import { toast } from "sonner";
import { fieldErrorsOf, messageOf } from "@/components/auth/trpc-errors";
import { fromLocalInput } from "@/components/customers/detail/format";
import { useBusiness, useCurrentUser } from "@/components/layout/business-context";
import { useTRPC } from "@/components/providers/trpc-provider";
import { NativeSelect } from "@/components/settings/native-select";
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
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { BULK_TASK_MAX } from "@/server/api/schemas/customers";
import { type TaskPriority, taskPriorityLabels, taskPrioritySchema } from "@/server/api/schemas/tasks";
import type { BulkTarget } from "./bulk-actions";

type Field = "title" | "dueAt" | "reminderAt" | "assigneeId";
const fields: readonly Field[] = ["title", "dueAt", "reminderAt", "assigneeId"];

const plural = (n: number, word: string) => `${n.toLocaleString("en")} ${word}${n === 1 ? "" : "s"}`;

function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p id={id} className="text-sm font-medium text-destructive">
      {message}
    </p>
  );
}

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
        void queryClient.invalidateQueries({ queryKey: trpc.tasks.list.pathKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.tasks.mine.pathKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.customers.timeline.pathKey() });
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
    const next: Partial<Record<Field, string>> = {};
    if (!title.trim()) next.title = "Give the task a title.";
    const dueAt = due ? fromLocalInput(due, business.timeZone) : null;
    const reminderAt = reminder ? fromLocalInput(reminder, business.timeZone) : null;
    if (due && !dueAt) next.dueAt = "Enter a date and time.";
    if (reminder && !reminderAt) next.reminderAt = "Enter a date and time.";
    if (dueAt && reminderAt && reminderAt > dueAt) next.reminderAt = "Set the reminder before the due time.";
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

  const describedBy = (field: Field, extra?: string) =>
    [extra, errors[field] ? `${id}-${field}-error` : undefined].filter(Boolean).join(" ") || undefined;

  return (
    <form noValidate onSubmit={onSubmit} className="grid min-w-0 gap-4">
      <DialogHeader>
        <DialogTitle>Create a task</DialogTitle>
        <DialogDescription>
          {count === 1
            ? "A task for the selected customer, on their timeline."
            : `One task for each of ${plural(count, "customer")}, on each customer's timeline. Up to ${BULK_TASK_MAX.toLocaleString("en")} customers at a time.`}
        </DialogDescription>
      </DialogHeader>

      {tooMany ? (
        <Alert>
          <TriangleAlertIcon aria-hidden="true" />
          <AlertDescription>
            That is more than {BULK_TASK_MAX.toLocaleString("en")} customers. Narrow the filter or select
            fewer customers.
          </AlertDescription>
        </Alert>
      ) : null}
      {formError ? (
        <Alert variant="destructive">
          <TriangleAlertIcon aria-hidden="true" />
          <AlertDescription>{formError}</AlertDescription>
        </Alert>
      ) : null}

      <div className="grid gap-2">
        <Label htmlFor={`${id}-title`}>Title</Label>
        <Input
          id={`${id}-title`}
          value={title}
          maxLength={200}
          onChange={(e) => setTitle(e.target.value)}
          placeholder="Call about the Diwali offer"
          aria-invalid={errors.title ? true : undefined}
          aria-describedby={describedBy("title")}
        />
        <FieldError id={`${id}-title-error`} message={errors.title} />
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <div className="grid min-w-0 gap-2">
          <Label htmlFor={`${id}-dueAt`}>Due</Label>
          <Input
            id={`${id}-dueAt`}
            type="datetime-local"
            value={due}
            onChange={(e) => setDue(e.target.value)}
            aria-invalid={errors.dueAt ? true : undefined}
            aria-describedby={describedBy("dueAt", `${id}-tz`)}
          />
          <FieldError id={`${id}-dueAt-error`} message={errors.dueAt} />
        </div>
        <div className="grid min-w-0 gap-2">
          <Label htmlFor={`${id}-reminderAt`}>Reminder</Label>
          <Input
            id={`${id}-reminderAt`}
            type="datetime-local"
            value={reminder}
            max={due || undefined}
            onChange={(e) => setReminder(e.target.value)}
            aria-invalid={errors.reminderAt ? true : undefined}
            aria-describedby={describedBy("reminderAt", `${id}-tz`)}
          />
          <FieldError id={`${id}-reminderAt-error`} message={errors.reminderAt} />
        </div>
        <p id={`${id}-tz`} className="text-xs text-muted-foreground sm:col-span-2">
          Times are in {business.timeZone}. Leave them empty for a task without a due time or reminder.
        </p>
        <div className="grid min-w-0 gap-2">
          <Label htmlFor={`${id}-priority`}>Priority</Label>
          <NativeSelect
            id={`${id}-priority`}
            value={priority}
            onChange={(e) => setPriority(e.target.value as TaskPriority)}
          >
            {taskPrioritySchema.options.map((p) => (
              <option key={p} value={p}>
                {taskPriorityLabels[p]}
              </option>
            ))}
          </NativeSelect>
        </div>
        <div className="grid min-w-0 gap-2">
          <Label htmlFor={`${id}-assigneeId`}>Assignee</Label>
          <NativeSelect
            id={`${id}-assigneeId`}
            value={assigneeId}
            onChange={(e) => setAssigneeId(e.target.value)}
            aria-invalid={errors.assigneeId ? true : undefined}
            aria-describedby={describedBy("assigneeId")}
          >
            <option value={me.id}>Me ({me.name || me.email})</option>
            {members
              .filter((m) => m.userId !== me.id)
              .map((m) => (
                <option key={m.userId} value={m.userId}>
                  {m.name?.trim() || m.email}
                </option>
              ))}
            <option value="">Unassigned</option>
          </NativeSelect>
          <FieldError id={`${id}-assigneeId-error`} message={errors.assigneeId} />
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
