import { TZDate } from "@date-fns/tz";
import { addDays, startOfDay } from "date-fns";
import { and, asc, eq, gte, inArray, isNull, lt, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db, DbOrTx } from "@/db/client";
import { businessMembers, customers, tasks, users } from "@/db/schema";
import {
  type CreateTaskInput,
  type ListTasksInput,
  openTaskStatuses,
  type TaskStatus,
  type UpdateTaskInput,
} from "@/server/domain/tasks";
import { AppError } from "@/server/errors";
import { type ActivityInput, recordActivities } from "@/server/services/activities";
import { assertCustomer } from "@/server/services/customers/assert";

interface Actor {
  businessId: string;
  userId: string | null;
}

export type Task = typeof tasks.$inferSelect;

/** Checks that `userId` is a member of the business. Errors: VALIDATION on `assigneeId`. */
export async function assertAssignee(db: DbOrTx, businessId: string, userId: string): Promise<void> {
  const [row] = await db
    .select({ id: businessMembers.id })
    .from(businessMembers)
    .where(and(eq(businessMembers.businessId, businessId), eq(businessMembers.userId, userId)))
    .limit(1);
  if (!row) {
    throw new AppError("VALIDATION", "Assign the task to a member of this business.", {
      assigneeId: "Choose a member of this business.",
    });
  }
}

function assertReminder(dueAt: Date | null | undefined, reminderAt: Date | null | undefined): void {
  if (dueAt && reminderAt && reminderAt.getTime() > dueAt.getTime()) {
    throw new AppError("VALIDATION", "The reminder must be before the due time.", {
      reminderAt: "Set the reminder before the due time.",
    });
  }
}

const isDone = (s: TaskStatus) => s === "done";
const isClosed = (s: TaskStatus) => s === "done" || s === "cancelled";

function taskActivity(
  actor: Actor,
  type: "task_created" | "task_completed" | "task_reopened",
  task: Pick<Task, "id" | "title" | "dueAt" | "customerId">,
): ActivityInput[] {
  if (!task.customerId) return [];
  return [
    {
      businessId: actor.businessId,
      customerId: task.customerId,
      type,
      actorUserId: actor.userId,
      data: { taskId: task.id, title: task.title, dueAt: task.dueAt?.toISOString() ?? null },
    },
  ];
}

/**
 * Creates a task. The assignee defaults to the creator (`assigneeId` left out; null = unassigned) and
 * must be a member of the business; a linked customer must be a live customer of the business. A task
 * linked to a customer adds `task_created` `{ taskId, title, dueAt }` to its timeline (and
 * `task_completed` when created as done). Times are instants (stored UTC).
 * Errors: NOT_FOUND for another business's customer; VALIDATION on `assigneeId` (not a member) or
 * `reminderAt` (after the due time).
 */
export async function createTask(db: DbOrTx, actor: Actor, input: CreateTaskInput): Promise<Task> {
  return db.transaction(async (tx) => {
    if (input.customerId) await assertCustomer(tx, actor.businessId, input.customerId);
    const assigneeId = input.assigneeId === undefined ? actor.userId : input.assigneeId;
    if (assigneeId) await assertAssignee(tx, actor.businessId, assigneeId);
    assertReminder(input.dueAt, input.reminderAt);
    const status = input.status ?? "open";
    const [task] = await tx
      .insert(tasks)
      .values({
        businessId: actor.businessId,
        customerId: input.customerId ?? null,
        title: input.title,
        description: input.description ?? null,
        dueAt: input.dueAt ?? null,
        reminderAt: input.reminderAt ?? null,
        priority: input.priority ?? "normal",
        status,
        assigneeId: assigneeId ?? null,
        createdById: actor.userId,
        completedAt: isDone(status) ? new Date() : null,
      })
      .returning();
    await recordActivities(tx, [
      ...taskActivity(actor, "task_created", task!),
      ...(isDone(status) ? taskActivity(actor, "task_completed", task!) : []),
    ]);
    return task!;
  });
}

const assignee = alias(users, "assignee");

const taskColumns = {
  id: tasks.id,
  title: tasks.title,
  description: tasks.description,
  dueAt: tasks.dueAt,
  reminderAt: tasks.reminderAt,
  priority: tasks.priority,
  status: tasks.status,
  assigneeId: tasks.assigneeId,
  assigneeName: assignee.name,
  customerId: tasks.customerId,
  customerName: customers.name,
  createdById: tasks.createdById,
  completedAt: tasks.completedAt,
  createdAt: tasks.createdAt,
  updatedAt: tasks.updatedAt,
};

/** One task with its assignee's and customer's names. Errors: NOT_FOUND. */
export async function getTask(db: DbOrTx, businessId: string, taskId: string) {
  const [row] = await db
    .select(taskColumns)
    .from(tasks)
    .leftJoin(assignee, eq(assignee.id, tasks.assigneeId))
    .leftJoin(customers, and(eq(customers.id, tasks.customerId), eq(customers.businessId, businessId)))
    .where(and(eq(tasks.businessId, businessId), eq(tasks.id, taskId)))
    .limit(1);
  if (!row) throw new AppError("NOT_FOUND");
  return row;
}

/**
 * Updates a task (partial; null clears a nullable field). Moving to `done` sets `completedAt` and adds
 * `task_completed` to the linked customer's timeline; moving away from `done` clears `completedAt`;
 * moving a done or cancelled task back to open or in progress adds `task_reopened`. A changed
 * `reminderAt` clears `reminderSentAt`, so the moved reminder goes out again (done and cancelled tasks
 * get no reminder).
 * Errors: NOT_FOUND for another business's task or customer; VALIDATION on `assigneeId` or `reminderAt`.
 */
export async function updateTask(
  db: Db,
  actor: Actor,
  input: Omit<UpdateTaskInput, "businessId">,
): Promise<Task> {
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(tasks)
      .where(and(eq(tasks.businessId, actor.businessId), eq(tasks.id, input.taskId)))
      .limit(1)
      .for("update");
    if (!current) throw new AppError("NOT_FOUND");
    if (input.customerId) await assertCustomer(tx, actor.businessId, input.customerId);
    if (input.assigneeId) await assertAssignee(tx, actor.businessId, input.assigneeId);
    const dueAt = input.dueAt === undefined ? current.dueAt : input.dueAt;
    const reminderAt = input.reminderAt === undefined ? current.reminderAt : input.reminderAt;
    assertReminder(dueAt, reminderAt);
    const set: Partial<typeof tasks.$inferInsert> = { updatedAt: new Date() };
    if (input.title !== undefined) set.title = input.title;
    if (input.description !== undefined) set.description = input.description;
    if (input.dueAt !== undefined) set.dueAt = input.dueAt;
    if (input.reminderAt !== undefined) {
      set.reminderAt = input.reminderAt;
      if (input.reminderAt?.getTime() !== current.reminderAt?.getTime()) set.reminderSentAt = null;
    }
    if (input.priority !== undefined) set.priority = input.priority;
    if (input.assigneeId !== undefined) set.assigneeId = input.assigneeId;
    if (input.customerId !== undefined) set.customerId = input.customerId;
    const completing = input.status !== undefined && isDone(input.status) && !isDone(current.status);
    const reopening = input.status !== undefined && !isClosed(input.status) && isClosed(current.status);
    if (input.status !== undefined) {
      set.status = input.status;
      if (completing) set.completedAt = new Date();
      else if (!isDone(input.status)) set.completedAt = null;
    }
    const [task] = await tx
      .update(tasks)
      .set(set)
      .where(and(eq(tasks.businessId, actor.businessId), eq(tasks.id, input.taskId)))
      .returning();
    if (!task) throw new AppError("NOT_FOUND");
    if (completing) await recordActivities(tx, taskActivity(actor, "task_completed", task));
    if (reopening) await recordActivities(tx, taskActivity(actor, "task_reopened", task));
    return task;
  });
}

/** The task as it is, after a status change that did not apply. Errors: NOT_FOUND. */
async function unchangedTask(db: DbOrTx, businessId: string, taskId: string): Promise<Task> {
  const [existing] = await db
    .select()
    .from(tasks)
    .where(and(eq(tasks.businessId, businessId), eq(tasks.id, taskId)))
    .limit(1);
  if (!existing) throw new AppError("NOT_FOUND");
  return existing;
}

/**
 * Marks a task done (`completedAt` = now) and adds `task_completed` to the linked customer's timeline.
 * Completing a done task changes nothing and records nothing. Errors: NOT_FOUND.
 */
export async function completeTask(db: Db, actor: Actor, taskId: string): Promise<Task> {
  return db.transaction(async (tx) => {
    const [task] = await tx
      .update(tasks)
      .set({ status: "done", completedAt: new Date(), updatedAt: new Date() })
      .where(
        and(eq(tasks.businessId, actor.businessId), eq(tasks.id, taskId), sql`${tasks.status} <> 'done'`),
      )
      .returning();
    if (!task) return unchangedTask(tx, actor.businessId, taskId);
    await recordActivities(tx, taskActivity(actor, "task_completed", task));
    return task;
  });
}

/**
 * Reopens a done or cancelled task (status `open`, `completedAt` cleared) and adds `task_reopened`
 * `{ taskId, title, dueAt }` to the linked customer's timeline. Reopening an open or in-progress task
 * changes nothing and records nothing. Errors: NOT_FOUND.
 */
export async function reopenTask(db: DbOrTx, actor: Actor, taskId: string): Promise<Task> {
  return db.transaction(async (tx) => {
    const [task] = await tx
      .update(tasks)
      .set({ status: "open", completedAt: null, updatedAt: new Date() })
      .where(
        and(
          eq(tasks.businessId, actor.businessId),
          eq(tasks.id, taskId),
          inArray(tasks.status, ["done", "cancelled"]),
        ),
      )
      .returning();
    if (!task) return unchangedTask(tx, actor.businessId, taskId);
    await recordActivities(tx, taskActivity(actor, "task_reopened", task));
    return task;
  });
}

/** Deletes a task (its timeline entries stay). Errors: NOT_FOUND. */
export async function deleteTask(db: DbOrTx, actor: Actor, taskId: string) {
  const [row] = await db
    .delete(tasks)
    .where(and(eq(tasks.businessId, actor.businessId), eq(tasks.id, taskId)))
    .returning({ id: tasks.id });
  if (!row) throw new AppError("NOT_FOUND");
  return { ok: true as const };
}

interface TasksCursor {
  /** `due_at` as exact UTC text with microseconds, or null for tasks without a due time. */
  t: string | null;
  id: string;
}

function encodeCursor(c: TasksCursor): string {
  return Buffer.from(JSON.stringify([c.t, c.id])).toString("base64url");
}

function decodeCursor(cursor: string): TasksCursor {
  try {
    const [t, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown[];
    if ((t === null || typeof t === "string") && typeof id === "string" && /^[0-9a-f-]{36}$/i.test(id)) {
      return { t, id };
    }
  } catch {}
  throw new AppError("VALIDATION", "The page cursor is not valid.", { cursor: "Invalid cursor." });
}

const utcMicros = (col: unknown) =>
  sql<string | null>`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * The business's tasks, filtered by status (any of), assignee (a user id, or null for unassigned),
 * customer and due range (`dueFrom` ≤ due < `dueTo`, instants). Ordered by due time ascending with
 * tasks without one last, then id; keyset pages of `limit` (1–200, default 50).
 * Output: `{ data, nextCursor }`. Errors: NOT_FOUND for a customer that is not this business's;
 * VALIDATION for a malformed cursor.
 */
export async function listTasks(db: DbOrTx, businessId: string, input: Omit<ListTasksInput, "businessId">) {
  const limit = input.limit ?? 50;
  if (input.customerId) await assertCustomer(db, businessId, input.customerId, { includeTrashed: true });
  const conditions: (SQL | undefined)[] = [eq(tasks.businessId, businessId)];
  if (input.status?.length) conditions.push(inArray(tasks.status, input.status));
  if (input.assigneeId === null) conditions.push(isNull(tasks.assigneeId));
  else if (input.assigneeId) conditions.push(eq(tasks.assigneeId, input.assigneeId));
  if (input.customerId) conditions.push(eq(tasks.customerId, input.customerId));
  if (input.dueFrom) conditions.push(gte(tasks.dueAt, input.dueFrom));
  if (input.dueTo) conditions.push(lt(tasks.dueAt, input.dueTo));
  if (input.cursor) {
    const c = decodeCursor(input.cursor);
    conditions.push(
      c.t === null
        ? sql`(${tasks.dueAt} is null and ${tasks.id} > ${c.id}::uuid)`
        : sql`(${tasks.dueAt} > ${c.t}::timestamptz or (${tasks.dueAt} = ${c.t}::timestamptz and ${tasks.id} > ${c.id}::uuid) or ${tasks.dueAt} is null)`,
    );
  }
  const rows = await db
    .select({ ...taskColumns, cursorTime: utcMicros(tasks.dueAt) })
    .from(tasks)
    .leftJoin(assignee, eq(assignee.id, tasks.assigneeId))
    .leftJoin(customers, and(eq(customers.id, tasks.customerId), eq(customers.businessId, businessId)))
    .where(and(...conditions))
    .orderBy(sql`${tasks.dueAt} asc nulls last`, asc(tasks.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    data: page.map(({ cursorTime: _, ...r }) => r),
    nextCursor: rows.length > limit && last ? encodeCursor({ t: last.cursorTime, id: last.id }) : null,
  };
}

/**
 * The end of "today" in `timeZone` (IANA): the instant the next calendar day starts there (handles DST
 * through @date-fns/tz).
 */
export function startOfTomorrow(now: Date, timeZone: string): Date {
  return new Date(startOfDay(addDays(new TZDate(now.getTime(), timeZone), 1)).getTime());
}

/**
 * "My tasks": the open and in-progress tasks assigned to `userId`, in three buckets computed in the
 * business's IANA `timeZone`:
 * - `overdue`: due before `now`;
 * - `today`: due from `now` until the start of tomorrow in `timeZone`;
 * - `upcoming`: due from the start of tomorrow on, then tasks without a due time.
 * Each bucket is ordered by due time and holds at most `limit` tasks (default 100); `counts` has the full
 * sizes. `now` defaults to the current time (tests pass one).
 */
export async function listMyTasks(
  db: DbOrTx,
  opts: { businessId: string; userId: string; timeZone: string; now?: Date; limit?: number },
) {
  const now = opts.now ?? new Date();
  const tomorrow = startOfTomorrow(now, opts.timeZone);
  const limit = opts.limit ?? 100;
  const mine = and(
    eq(tasks.businessId, opts.businessId),
    eq(tasks.assigneeId, opts.userId),
    inArray(tasks.status, [...openTaskStatuses]),
  );
  const bucket = (where: SQL | undefined) =>
    db
      .select(taskColumns)
      .from(tasks)
      .leftJoin(assignee, eq(assignee.id, tasks.assigneeId))
      .leftJoin(customers, and(eq(customers.id, tasks.customerId), eq(customers.businessId, opts.businessId)))
      .where(and(mine, where))
      .orderBy(sql`${tasks.dueAt} asc nulls last`, asc(tasks.id))
      .limit(limit);
  const nowIso = now.toISOString();
  const tomorrowIso = tomorrow.toISOString();
  const [overdue, today, upcoming, [counts]] = await Promise.all([
    bucket(lt(tasks.dueAt, now)),
    bucket(and(gte(tasks.dueAt, now), lt(tasks.dueAt, tomorrow))),
    bucket(sql`(${tasks.dueAt} >= ${tomorrowIso}::timestamptz or ${tasks.dueAt} is null)`),
    db
      .select({
        overdue: sql<number>`count(*) filter (where ${tasks.dueAt} < ${nowIso}::timestamptz)::int`,
        today: sql<number>`count(*) filter (where ${tasks.dueAt} >= ${nowIso}::timestamptz and ${tasks.dueAt} < ${tomorrowIso}::timestamptz)::int`,
        upcoming: sql<number>`count(*) filter (where ${tasks.dueAt} >= ${tomorrowIso}::timestamptz or ${tasks.dueAt} is null)::int`,
      })
      .from(tasks)
      .where(mine),
  ]);
  return {
    overdue,
    today,
    upcoming,
    counts: counts ?? { overdue: 0, today: 0, upcoming: 0 },
    timeZone: opts.timeZone,
    /** The instant "today" ends in the business's time zone. */
    todayEndsAt: tomorrow,
  };
}
