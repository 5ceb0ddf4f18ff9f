"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { PlusIcon } from "lucide-react";
import { type FormEvent, useId, useState } from "react";
import { toast } from "sonner";
import { fieldErrorsOf, messageOf } from "@/components/auth/trpc-errors";
import { fromLocalInput } from "@/components/customers/detail/format";
import { useBusiness, useCan, useCurrentUser } from "@/components/layout/business-context";
import { useTRPC } from "@/components/providers/trpc-provider";
import { NativeSelect } from "@/components/settings/native-select";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { cn } from "@/components/ui/utils";
import { type TaskPriority, taskPriorityLabels, taskPrioritySchema } from "@/server/api/schemas/tasks";

/** Invalidates every query that shows tasks (lists, My tasks, the timeline, the customer's last activity). */
export function useInvalidateTasks() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.tasks.list.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.tasks.mine.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.customers.timeline.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.customers.get.pathKey() }),
    ]);
}

function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p id={id} className="text-sm text-destructive">
      {message}
    </p>
  );
}

/**
 * Adds a task: title, due date and time and reminder (typed in the business's time zone), priority and
 * assignee (members of the business; the signed-in user by default). With `customerId` the task is
 * linked to that customer and shows on their timeline.
 */
export function TaskForm({
  customerId,
  onCreated,
  className,
}: {
  customerId?: string;
  onCreated?: () => void;
  className?: string;
}) {
  const business = useBusiness();
  const me = useCurrentUser();
  const trpc = useTRPC();
  const canWrite = useCan("tasks.write");
  const canSeeMembers = useCan("members.read");
  const invalidate = useInvalidateTasks();
  const id = useId();
  const members = useQuery({
    ...trpc.members.list.queryOptions({ businessId: business.id }),
    enabled: canSeeMembers,
  });

  const [title, setTitle] = useState("");
  const [due, setDue] = useState("");
  const [reminder, setReminder] = useState("");
  const [priority, setPriority] = useState<TaskPriority>("normal");
  const [assigneeId, setAssigneeId] = useState(me.id);
  const [errors, setErrors] = useState<Record<string, string>>({});

  const create = useMutation(
    trpc.tasks.create.mutationOptions({
      onSuccess: async () => {
        toast.success("Task added.");
        setTitle("");
        setDue("");
        setReminder("");
        setPriority("normal");
        setErrors({});
        await invalidate();
        onCreated?.();
      },
      onError: (error) => {
        const fieldErrors = fieldErrorsOf(error);
        setErrors(fieldErrors);
        if (Object.keys(fieldErrors).length === 0) toast.error(messageOf(error));
      },
    }),
  );

  if (!canWrite) return null;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const next: Record<string, string> = {};
    if (!title.trim()) next.title = "Give the task a title.";
    const dueAt = due ? fromLocalInput(due, business.timeZone) : null;
    const reminderAt = reminder ? fromLocalInput(reminder, business.timeZone) : null;
    if (due && !dueAt) next.dueAt = "Enter a date and time.";
    if (reminder && !reminderAt) next.reminderAt = "Enter a date and time.";
    if (dueAt && reminderAt && reminderAt > dueAt) next.reminderAt = "Set the reminder before the due time.";
    setErrors(next);
    if (Object.keys(next).length) {
      document.getElementById(`${id}-${Object.keys(next)[0]}`)?.focus();
      return;
    }
    create.mutate({
      businessId: business.id,
      title: title.trim(),
      dueAt,
      reminderAt,
      priority,
      assigneeId: assigneeId || null,
      ...(customerId ? { customerId } : {}),
    });
  };

  const memberOptions = members.data?.data ?? [];

  return (
    <form noValidate onSubmit={onSubmit} className={cn("grid min-w-0 gap-3", className)}>
      <div className="grid gap-2">
        <Label htmlFor={`${id}-title`}>Title</Label>
        <Input
          id={`${id}-title`}
          value={title}
          maxLength={200}
          onChange={(e) => setTitle(e.target.value)}
          placeholder="Call back about the quote"
          aria-invalid={errors.title ? true : undefined}
          aria-describedby={errors.title ? `${id}-title-error` : undefined}
        />
        <FieldError id={`${id}-title-error`} message={errors.title} />
      </div>
      <div className="grid gap-3 sm:grid-cols-2">
        <div className="grid min-w-0 gap-2">
          <Label htmlFor={`${id}-dueAt`}>Due</Label>
          <Input
            id={`${id}-dueAt`}
            type="datetime-local"
            value={due}
            onChange={(e) => setDue(e.target.value)}
            aria-invalid={errors.dueAt ? true : undefined}
            aria-describedby={`${id}-tz${errors.dueAt ? ` ${id}-dueAt-error` : ""}`}
          />
          <FieldError id={`${id}-dueAt-error`} message={errors.dueAt} />
        </div>
        <div className="grid min-w-0 gap-2">
          <Label htmlFor={`${id}-reminderAt`}>Reminder</Label>
          <Input
            id={`${id}-reminderAt`}
            type="datetime-local"
            value={reminder}
            onChange={(e) => setReminder(e.target.value)}
            aria-invalid={errors.reminderAt ? true : undefined}
            aria-describedby={`${id}-tz${errors.reminderAt ? ` ${id}-reminderAt-error` : ""}`}
          />
          <FieldError id={`${id}-reminderAt-error`} message={errors.reminderAt} />
        </div>
        <p id={`${id}-tz`} className="text-xs text-muted-foreground sm:col-span-2">
          Times are in {business.timeZone}.
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
          >
            <option value={me.id}>Me ({me.name || me.email})</option>
            {memberOptions
              .filter((m) => m.userId !== me.id)
              .map((m) => (
                <option key={m.userId} value={m.userId}>
                  {m.name || m.email}
                </option>
              ))}
            <option value="">Unassigned</option>
          </NativeSelect>
          <FieldError id={`${id}-assigneeId-error`} message={errors.assigneeId} />
        </div>
      </div>
      <div>
        <Button type="submit" loading={create.isPending}>
          <PlusIcon aria-hidden="true" />
          Add task
        </Button>
      </div>
    </form>
  );
}
