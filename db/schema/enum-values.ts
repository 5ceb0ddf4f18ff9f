/**
 * The values of the database's enum types, as plain arrays. The schema builds its `pgEnum`s from them and
 * server/domain builds its zod enums from them; code that runs in the browser reads them here without
 * loading the database schema or its ORM.
 */

export const lifecycleStages = ["lead", "prospect", "customer", "churned"] as const;

export const customFieldTypes = [
  "text",
  "long_text",
  "number",
  "currency",
  "date",
  "boolean",
  "single_select",
  "multi_select",
  "url",
  "email",
  "phone",
] as const;

export const activityTypes = [
  "created",
  "field_changed",
  "tags_added",
  "tags_removed",
  "note_added",
  "task_created",
  "task_completed",
  "task_reopened",
  "imported",
  "merged",
  "deleted",
  "restored",
] as const;

export const taskPriorities = ["low", "normal", "high", "urgent"] as const;
export const taskStatuses = ["open", "in_progress", "done", "cancelled"] as const;
export const memberRoles = ["owner", "admin", "member"] as const;
