import { sql } from "drizzle-orm";
import { type Db, execRows } from "@/db/client";
import { BULK_TASK_MAX, type BulkSelection, type BulkTaskFields } from "@/server/domain/customers";
import { AppError } from "@/server/errors";
import { assertAssignee } from "@/server/services/tasks";
import { type BulkResult, selectionWhere } from "./bulk";

/** Who acts: the business, and the user (null for an API key or a job). */
interface Actor {
  businessId: string;
  userId: string | null;
}

/**
 * Creates one open task per selected (or all matching) live customer, linked to that customer, with a
 * `task_created` `{ taskId, title, dueAt }` activity on each timeline and the customer's
 * `last_activity_at` moved to now. Set-based: one statement (`INSERT INTO tasks SELECT … FROM` the
 * selection, the activities inserted from its RETURNING), never a round trip per customer. Customers in
 * the Trash get no task. The assignee defaults to the acting user (`assigneeId` left out; null =
 * unassigned); `dueAt` / `reminderAt` are instants stored in UTC.
 * At most `BULK_TASK_MAX` (10,000) customers at a time: a larger selection is refused whole.
 * Output: `{ affected }`, the number of tasks created (one per customer).
 * Errors: NOT_FOUND when a selected id is not this business's customer; VALIDATION on `assigneeId` (not
 * a member of the business), on `reminderAt` (after the due time), or when the selection holds more than
 * `BULK_TASK_MAX` customers.
 */
export async function bulkCreateTasks(
  db: Db,
  actor: Actor,
  selection: BulkSelection,
  task: BulkTaskFields,
): Promise<BulkResult> {
  // The selection first: another business's ids answer NOT_FOUND whatever else is wrong.
  const where = await selectionWhere(db, actor.businessId, selection, "live");
  const assigneeId = task.assigneeId === undefined ? actor.userId : task.assigneeId;
  if (assigneeId) await assertAssignee(db, actor.businessId, assigneeId);
  if (task.dueAt && task.reminderAt && task.reminderAt.getTime() > task.dueAt.getTime()) {
    throw new AppError("VALIDATION", "The reminder must be before the due time.", {
      reminderAt: "Set the reminder before the due time.",
    });
  }
  const dueAt = task.dueAt ? task.dueAt.toISOString() : null;
  const reminderAt = task.reminderAt ? task.reminderAt.toISOString() : null;

  // `target` reads one customer more than the cap: when it is over, nothing is inserted (the INSERT's
  // WHERE sees the same snapshot), so the whole action is refused rather than cut short.
  const rows = await execRows<{ matched: number; created: number }>(
    db,
    sql`with target as (
        select id from customers where ${where} limit ${BULK_TASK_MAX + 1}
      ), ins as (
        insert into tasks (business_id, customer_id, title, description, due_at, reminder_at, priority,
          status, assignee_id, created_by_id)
        select ${actor.businessId}::uuid, target.id, ${task.title}::text, ${task.description ?? null}::text,
          ${dueAt}::timestamptz, ${reminderAt}::timestamptz, ${task.priority ?? "normal"}::task_priority,
          'open'::task_status, ${assigneeId ?? null}::text, ${actor.userId}::text
        from target
        where (select count(*) from target) <= ${BULK_TASK_MAX}
        returning id, customer_id
      ), act as (
        insert into activities (business_id, customer_id, type, actor_user_id, data)
        select ${actor.businessId}::uuid, ins.customer_id, 'task_created'::activity_type, ${actor.userId}::text,
          jsonb_build_object('taskId', ins.id, 'title', ${task.title}::text, 'dueAt', ${dueAt}::text)
        from ins
      ), touched as (
        update customers c set last_activity_at = now()
        from ins where c.business_id = ${actor.businessId}::uuid and c.id = ins.customer_id
      )
      select (select count(*) from target)::int as matched, (select count(*) from ins)::int as created`,
  );
  const matched = Number(rows[0]?.matched ?? 0);
  if (matched > BULK_TASK_MAX) {
    throw new AppError(
      "VALIDATION",
      `Create tasks for at most ${BULK_TASK_MAX.toLocaleString("en")} customers at a time. Narrow the filter or select fewer customers.`,
    );
  }
  return { affected: Number(rows[0]?.created ?? 0) };
}
