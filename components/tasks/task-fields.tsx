"use client";

import { fromLocalInput } from "@/components/customers/detail/format";
import { NativeSelect } from "@/components/settings/native-select";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { type TaskPriority, taskPriorities, taskPriorityLabels } from "@/server/domain/task-values";

/** The fields the task forms (one task, and one per selected customer) share. */
export type TaskFieldErrors = Partial<Record<"title" | "dueAt" | "reminderAt" | "assigneeId", string>>;

/** A field's error under it; `id` is what the field's `aria-describedby` names. */
export function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p id={id} className="text-sm font-medium text-destructive">
      {message}
    </p>
  );
}

/** `aria-describedby` for the field `${id}-${field}`: `extra` and its error, when it has one. */
export function describedByFor(id: string, errors: Partial<Record<string, string>>) {
  return (field: string, extra?: string) =>
    [extra, errors[field] ? `${id}-${field}-error` : undefined].filter(Boolean).join(" ") || undefined;
}

/**
 * Checks a task's title and its due and reminder times as typed (`datetime-local` text in the business's
 * IANA time zone `timeZone`). Output: the instants (null when empty) and the errors by field.
 */
export function checkTaskInput(
  input: { title: string; due: string; reminder: string },
  timeZone: string,
): { dueAt: Date | null; reminderAt: Date | null; errors: TaskFieldErrors } {
  const errors: TaskFieldErrors = {};
  if (!input.title.trim()) errors.title = "Give the task a title.";
  const dueAt = input.due ? fromLocalInput(input.due, timeZone) : null;
  const reminderAt = input.reminder ? fromLocalInput(input.reminder, timeZone) : null;
  if (input.due && !dueAt) errors.dueAt = "Enter a date and time.";
  if (input.reminder && !reminderAt) errors.reminderAt = "Enter a date and time.";
  if (dueAt && reminderAt && reminderAt > dueAt) errors.reminderAt = "Set the reminder before the due time.";
  return { dueAt, reminderAt, errors };
}

/** A date-and-time input: its value starts at the left edge (iOS Safari centres it otherwise). */
const dateTimeClassName = "[&::-webkit-date-and-time-value]:text-left";

interface FieldProps {
  /** Prefix of the fields' ids (`${id}-title`, `${id}-dueAt`, …). */
  id: string;
  errors: Partial<Record<string, string>>;
}

export function TaskTitleField({
  id,
  errors,
  value,
  onChange,
  placeholder,
}: FieldProps & { value: string; onChange: (v: string) => void; placeholder: string }) {
  const describedBy = describedByFor(id, errors);
  return (
    <div className="grid gap-2">
      <Label htmlFor={`${id}-title`}>Title</Label>
      <Input
        id={`${id}-title`}
        value={value}
        maxLength={200}
        onChange={(e) => onChange(e.target.value)}
        placeholder={placeholder}
        aria-invalid={errors.title ? true : undefined}
        aria-describedby={describedBy("title")}
      />
      <FieldError id={`${id}-title-error`} message={errors.title} />
    </div>
  );
}

/**
 * Due and reminder (`datetime-local`), then `note` on the time zone. Inside a task form's grid (an
 * `@container`), they take a whole row and sit side by side only when the form is at least 31rem wide,
 * so each input has room for a full date and time (a 360 px phone, a dialog and the customer page's
 * side column stack them).
 */
export function TaskTimeFields({
  id,
  errors,
  due,
  reminder,
  onDue,
  onReminder,
  note,
}: FieldProps & {
  due: string;
  reminder: string;
  onDue: (v: string) => void;
  onReminder: (v: string) => void;
  note: string;
}) {
  const describedBy = describedByFor(id, errors);
  return (
    <div className="col-span-full grid min-w-0 gap-3 @min-[31rem]:grid-cols-2">
      <div className="grid min-w-0 gap-2">
        <Label htmlFor={`${id}-dueAt`}>Due</Label>
        <Input
          id={`${id}-dueAt`}
          type="datetime-local"
          className={dateTimeClassName}
          value={due}
          onChange={(e) => onDue(e.target.value)}
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
          className={dateTimeClassName}
          value={reminder}
          max={due || undefined}
          onChange={(e) => onReminder(e.target.value)}
          aria-invalid={errors.reminderAt ? true : undefined}
          aria-describedby={describedBy("reminderAt", `${id}-tz`)}
        />
        <FieldError id={`${id}-reminderAt-error`} message={errors.reminderAt} />
      </div>
      <p id={`${id}-tz`} className="col-span-full text-xs text-muted-foreground">
        {note}
      </p>
    </div>
  );
}

export function TaskPrioritySelect({
  id,
  errors,
  value,
  onChange,
}: FieldProps & { value: TaskPriority; onChange: (v: TaskPriority) => void }) {
  const describedBy = describedByFor(id, errors);
  return (
    <div className="grid min-w-0 gap-2">
      <Label htmlFor={`${id}-priority`}>Priority</Label>
      <NativeSelect
        id={`${id}-priority`}
        value={value}
        onChange={(e) => onChange(e.target.value as TaskPriority)}
        aria-invalid={errors.priority ? true : undefined}
        aria-describedby={describedBy("priority")}
      >
        {taskPriorities.map((p) => (
          <option key={p} value={p}>
            {taskPriorityLabels[p]}
          </option>
        ))}
      </NativeSelect>
      <FieldError id={`${id}-priority-error`} message={errors.priority} />
    </div>
  );
}

/**
 * Assignee: "Me" first, the other members, `current` (an assignee no longer listed, kept selectable),
 * then "Unassigned" (value "").
 */
export function TaskAssigneeSelect({
  id,
  errors,
  value,
  onChange,
  me,
  members,
  current,
}: FieldProps & {
  value: string;
  onChange: (v: string) => void;
  me: { id: string; name: string | null; email: string };
  members: { userId: string; name: string | null; email: string }[];
  current?: { id: string; name: string } | null;
}) {
  const describedBy = describedByFor(id, errors);
  return (
    <div className="grid min-w-0 gap-2">
      <Label htmlFor={`${id}-assigneeId`}>Assignee</Label>
      <NativeSelect
        id={`${id}-assigneeId`}
        value={value}
        onChange={(e) => onChange(e.target.value)}
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
        {current ? <option value={current.id}>{current.name}</option> : null}
        <option value="">Unassigned</option>
      </NativeSelect>
      <FieldError id={`${id}-assigneeId-error`} message={errors.assigneeId} />
    </div>
  );
}
