"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { PlusIcon, TriangleAlertIcon } from "lucide-react";
import dynamic from "next/dynamic";
import { type FormEvent, useId, useState } from "react";
import { appCodeOf, fieldErrorsOf, messageOf } from "@/components/auth/trpc-errors";
import { toLocalInput } from "@/components/customers/detail/format";
import { useBusiness, useCan, useCurrentUser } from "@/components/layout/business-context";
import { useTRPC } from "@/components/providers/trpc-provider";
import { NativeSelect } from "@/components/settings/native-select";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/components/ui/toast";
import { cn } from "@/components/ui/utils";
import {
  type TaskPriority,
  type TaskStatus,
  taskStatuses,
  taskStatusLabels,
} from "@/server/domain/task-values";
import type { UpdateTaskInput } from "@/server/domain/tasks";
import type { PickedCustomer } from "./customer-picker";
import { type EditableTask, useInvalidateTasks } from "./task-cache";
import {
  checkTaskInput,
  describedByFor,
  FieldError,
  TaskAssigneeSelect,
  TaskPrioritySelect,
  TaskTimeFields,
  TaskTitleField,
} from "./task-fields";

/** Loaded where the form asks for a customer (My tasks), not on a customer's page, where it is fixed. */
const CustomerPicker = dynamic(() => import("./customer-picker").then((m) => m.CustomerPicker), {
  loading: () => <div className="h-9 rounded-md border bg-muted/40" aria-hidden="true" />,
});

type Field =
  | "title"
  | "description"
  | "dueAt"
  | "reminderAt"
  | "priority"
  | "status"
  | "assigneeId"
  | "customerId";
const fieldOrder: Field[] = [
  "title",
  "description",
  "dueAt",
  "reminderAt",
  "priority",
  "status",
  "assigneeId",
  "customerId",
];

/**
 * Adds or edits a task: title, description, due date and time and reminder (typed in the business's
 * time zone), priority, status (when editing), assignee (members of the business; the signed-in user
 * by default) and the linked customer.
 * - Adding with `customerId`: the task is linked to that customer (the customer's page).
 * - Adding without it (My tasks): a customer can be picked with the search-as-you-type picker.
 * - Editing (`task`): every field can change, the customer too; only changed fields are sent, so an
 *   untouched reminder that already went out is not sent again.
 * Field errors show under their field (the first one is focused); other errors above the buttons.
 */
export function TaskForm({
  customerId,
  task,
  onSaved,
  onCancel,
  className,
}: {
  customerId?: string;
  task?: EditableTask;
  onSaved?: () => void;
  /** Shows a Cancel button (in dialogs). */
  onCancel?: () => void;
  className?: string;
}) {
  const business = useBusiness();
  const me = useCurrentUser();
  const trpc = useTRPC();
  const canWrite = useCan("tasks.write");
  const canSeeMembers = useCan("members.read");
  const canSeeCustomers = useCan("customers.read");
  const invalidate = useInvalidateTasks();
  const id = useId();
  const members = useQuery({
    ...trpc.members.list.queryOptions({ businessId: business.id }),
    enabled: canSeeMembers,
  });

  const tz = business.timeZone;
  const [title, setTitle] = useState(task?.title ?? "");
  const [description, setDescription] = useState(task?.description ?? "");
  const [due, setDue] = useState(toLocalInput(task?.dueAt, tz));
  const [reminder, setReminder] = useState(toLocalInput(task?.reminderAt, tz));
  const [priority, setPriority] = useState<TaskPriority>(task?.priority ?? "normal");
  const [status, setStatus] = useState<TaskStatus>(task?.status ?? "open");
  const [assigneeId, setAssigneeId] = useState(task ? (task.assigneeId ?? "") : me.id);
  const [customer, setCustomer] = useState<PickedCustomer | null>(
    task?.customerId ? { id: task.customerId, name: task.customerName ?? "Customer" } : null,
  );
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const showPicker = Boolean(task) || (!customerId && canSeeCustomers);

  const focusField = (field: Field) => document.getElementById(`${id}-${field}`)?.focus();

  const onError = (error: unknown, sentCustomer: boolean) => {
    const fieldErrors = fieldErrorsOf(error) as Partial<Record<Field, string>>;
    const notFound = appCodeOf(error) === "NOT_FOUND";
    if (notFound && sentCustomer && showPicker) {
      fieldErrors.customerId = "This customer is no longer available. Choose another one.";
    }
    const first = fieldOrder.find((f) => fieldErrors[f]);
    setErrors(fieldErrors);
    let message = messageOf(error);
    if (notFound) {
      message = sentCustomer
        ? "This customer is no longer available."
        : "This task no longer exists. It may have been deleted.";
    }
    setFormError(first ? null : message);
    if (first) focusField(first);
  };

  const create = useMutation(trpc.tasks.create.mutationOptions());
  const update = useMutation(trpc.tasks.update.mutationOptions());
  const pending = create.isPending || update.isPending;

  if (!canWrite) return null;

  const reset = () => {
    setTitle("");
    setDescription("");
    setDue("");
    setReminder("");
    setPriority("normal");
    setAssigneeId(me.id);
    setCustomer(null);
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const checked = checkTaskInput({ title, due, reminder }, tz);
    const { dueAt, reminderAt } = checked;
    const next: Partial<Record<Field, string>> = checked.errors;
    setErrors(next);
    setFormError(null);
    const first = fieldOrder.find((f) => next[f]);
    if (first) {
      focusField(first);
      return;
    }

    if (!task) {
      const linked = customerId ?? customer?.id;
      create.mutate(
        {
          businessId: business.id,
          title: title.trim(),
          description: description.trim() || null,
          dueAt,
          reminderAt,
          priority,
          assigneeId: assigneeId || null,
          ...(linked ? { customerId: linked } : {}),
        },
        {
          onSuccess: async () => {
            toast.success("Task added.");
            reset();
            await invalidate();
            onSaved?.();
          },
          onError: (error) => onError(error, Boolean(linked)),
        },
      );
      return;
    }

    // Only what changed, so an untouched reminder keeps its "sent" state.
    const patch: Omit<UpdateTaskInput, "businessId" | "taskId"> = {};
    if (title.trim() !== task.title) patch.title = title.trim();
    if ((description.trim() || null) !== (task.description ?? null))
      patch.description = description.trim() || null;
    if (due !== toLocalInput(task.dueAt, tz)) patch.dueAt = dueAt;
    if (reminder !== toLocalInput(task.reminderAt, tz)) patch.reminderAt = reminderAt;
    if (priority !== task.priority) patch.priority = priority;
    if (status !== task.status) patch.status = status;
    if ((assigneeId || null) !== task.assigneeId) patch.assigneeId = assigneeId || null;
    if ((customer?.id ?? null) !== task.customerId) patch.customerId = customer?.id ?? null;
    if (Object.keys(patch).length === 0) {
      onSaved?.();
      return;
    }
    update.mutate(
      { businessId: business.id, taskId: task.id, ...patch },
      {
        onSuccess: async () => {
          toast.success("Task saved.");
          await invalidate();
          onSaved?.();
        },
        onError: (error) => onError(error, Boolean(patch.customerId)),
      },
    );
  };

  const memberOptions = members.data?.data ?? [];
  const assigneeUnlisted =
    task?.assigneeId && task.assigneeId !== me.id && !memberOptions.some((m) => m.userId === task.assigneeId);
  const describedBy = describedByFor(id, errors);

  return (
    <form noValidate onSubmit={onSubmit} className={cn("grid min-w-0 gap-3", className)}>
      <TaskTitleField
        id={id}
        errors={errors}
        value={title}
        onChange={setTitle}
        placeholder="Call back about the quote"
      />
      <div className="grid gap-2">
        <Label htmlFor={`${id}-description`}>
          Description <span className="font-normal text-muted-foreground">(optional)</span>
        </Label>
        <Textarea
          id={`${id}-description`}
          value={description}
          maxLength={5000}
          rows={2}
          onChange={(e) => setDescription(e.target.value)}
          aria-invalid={errors.description ? true : undefined}
          aria-describedby={describedBy("description")}
        />
        <FieldError id={`${id}-description-error`} message={errors.description} />
      </div>
      <div className="@container min-w-0">
        <div className="grid gap-3 @md:grid-cols-2">
          <TaskTimeFields
            id={id}
            errors={errors}
            due={due}
            reminder={reminder}
            onDue={setDue}
            onReminder={setReminder}
            note={`Times are in ${tz}. The reminder is emailed to the assignee.`}
          />
          <TaskPrioritySelect id={id} errors={errors} value={priority} onChange={setPriority} />
          {task ? (
            <div className="grid min-w-0 gap-2">
              <Label htmlFor={`${id}-status`}>Status</Label>
              <NativeSelect
                id={`${id}-status`}
                value={status}
                onChange={(e) => setStatus(e.target.value as TaskStatus)}
                aria-invalid={errors.status ? true : undefined}
                aria-describedby={describedBy("status")}
              >
                {taskStatuses.map((s) => (
                  <option key={s} value={s}>
                    {taskStatusLabels[s]}
                  </option>
                ))}
              </NativeSelect>
              <FieldError id={`${id}-status-error`} message={errors.status} />
            </div>
          ) : null}
          <TaskAssigneeSelect
            id={id}
            errors={errors}
            value={assigneeId}
            onChange={setAssigneeId}
            me={me}
            members={memberOptions}
            current={
              assigneeUnlisted && task?.assigneeId
                ? { id: task.assigneeId, name: task.assigneeName ?? "Current assignee" }
                : null
            }
          />
        </div>
      </div>
      {showPicker ? (
        <div className="grid min-w-0 gap-2">
          <Label htmlFor={`${id}-customerId`}>
            Customer <span className="font-normal text-muted-foreground">(optional)</span>
          </Label>
          <CustomerPicker
            id={`${id}-customerId`}
            value={customer}
            onChange={(c) => {
              setCustomer(c);
              if (errors.customerId) setErrors((prev) => ({ ...prev, customerId: undefined }));
            }}
            invalid={Boolean(errors.customerId)}
            describedBy={errors.customerId ? `${id}-customerId-error` : undefined}
          />
          <FieldError id={`${id}-customerId-error`} message={errors.customerId} />
        </div>
      ) : null}
      {formError ? (
        <Alert variant="destructive">
          <TriangleAlertIcon aria-hidden="true" />
          <AlertDescription>
            <p>{formError}</p>
          </AlertDescription>
        </Alert>
      ) : null}
      <div
        className={cn(
          "flex flex-col-reverse gap-2 sm:flex-row",
          onCancel ? "sm:justify-end" : "sm:justify-start",
        )}
      >
        {onCancel ? (
          <Button type="button" variant="outline" onClick={onCancel} disabled={pending}>
            Cancel
          </Button>
        ) : null}
        <Button type="submit" loading={pending}>
          {task ? null : <PlusIcon aria-hidden="true" />}
          {task ? "Save changes" : "Add task"}
        </Button>
      </div>
    </form>
  );
}
