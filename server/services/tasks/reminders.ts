import { and, asc, eq, gte, inArray, ne, type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { businesses, businessMembers, customers, emailMessages, tasks, users } from "@/db/schema";
import type { TaskPriority } from "@/server/domain/tasks";
import { queueEmail } from "@/server/email/queue";
import { env } from "@/server/env";
import { AppError } from "@/server/errors";
import { logger } from "@/server/logger";
import { notifyMembers } from "@/server/services/notifications";

/** Most reminders one claim takes (`claimDueReminders`'s default `limit`). */
export const REMINDER_BATCH_SIZE = 500;

/** The email template of a task reminder (`email_messages.template`). */
export const TASK_REMINDER_TEMPLATE = "task-reminder";

/** Why a claimed reminder was not emailed. */
export type ReminderSkipReason =
  /** The task has neither an assignee nor a creator. */
  | "no_recipient"
  /** The assignee (or, for an unassigned task, the creator) is no longer a member of the business. */
  | "not_a_member"
  /** The recipient's address was refused by the email queue. */
  | "invalid_email"
  /** The recipient takes task reminders by push only (Settings → Profile → Notifications). */
  | "email_off";

/**
 * A reminder taken by `claimDueReminders`, with what its email needs. Plain JSON (instants as ISO
 * 8601 UTC strings), so it can be a background step's result.
 */
export interface ClaimedReminder {
  taskId: string;
  businessId: string;
  businessName: string;
  businessSlug: string;
  /** The business's IANA time zone; times in the email are shown in it. */
  timeZone: string;
  title: string;
  /** UTC, ISO 8601. */
  dueAt: string | null;
  /** UTC, ISO 8601. */
  reminderAt: string;
  priority: TaskPriority;
  customerId: string | null;
  customerName: string | null;
  /** When this claim was made (`tasks.reminder_sent_at`, UTC, ISO 8601). */
  claimedAt: string;
  /** The assignee, or the creator of an unassigned task; null when nobody can be told. */
  recipient: {
    userId: string;
    email: string;
    name: string | null;
    /** How the recipient takes reminders (`users.task_reminder_channels`): `email`, `push`. */
    channels: string[];
  } | null;
  /** Why `recipient` is null. */
  skipReason: Exclude<ReminderSkipReason, "invalid_email" | "email_off"> | null;
}

/**
 * The predicate of `tasks_reminder_due_idx` (written out literally so the planner can use the
 * partial index), plus "due by `cutoff`".
 */
function dueReminder(cutoff: SQL): SQL {
  return sql`${tasks.reminderSentAt} is null and ${tasks.reminderAt} is not null and ${tasks.status} in ('open', 'in_progress') and ${tasks.reminderAt} <= ${cutoff}`;
}

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

/**
 * Claims the task reminders that are due, across all businesses: tasks that are open or in progress
 * with `reminder_at` ≤ `now` and no `reminder_sent_at`, oldest reminder first, at most `limit`. Each
 * claimed task gets `reminder_sent_at` = the database's `now()` (UTC) in the transaction that picks
 * and locks it (`FOR UPDATE SKIP LOCKED`), so concurrent or repeated runs never claim a task twice; a task
 * whose `reminder_at` is later moved is cleared by `updateTask` and can be claimed again.
 *
 * @param opts.now the cutoff instant (UTC); default the database's `now()` (tests pass one)
 * @param opts.limit most tasks claimed (1–5,000, default 500)
 * @param opts.businessId only this business's tasks (default: every business, for the job)
 * @returns the claimed reminders with the business, customer and recipient the email needs, oldest
 *   reminder first. A task whose assignee (or creator, when unassigned) is missing or no longer a
 *   member is still claimed and comes back with `recipient` null and a `skipReason`.
 */
export async function claimDueReminders(
  db: DbOrTx,
  opts: { now?: Date; limit?: number; businessId?: string } = {},
): Promise<ClaimedReminder[]> {
  const limit = Math.min(Math.max(Math.trunc(opts.limit ?? REMINDER_BATCH_SIZE), 1), 5_000);
  const cutoff = opts.now ? sql`${opts.now.toISOString()}::timestamptz` : sql`now()`;
  const due = and(
    dueReminder(cutoff),
    opts.businessId ? eq(tasks.businessId, opts.businessId) : undefined,
  ) as SQL;
  return db.transaction(async (tx) => {
    // Two statements on purpose: a locking LIMIT subquery inside the UPDATE can be rescanned by a
    // nested-loop plan and take more rows than the limit.
    const picked = await tx
      .select({ id: tasks.id })
      .from(tasks)
      .where(due)
      .orderBy(asc(tasks.reminderAt))
      .limit(limit)
      .for("update", { skipLocked: true });
    if (picked.length === 0) return [];
    const ids = picked.map((p) => p.id);
    await tx.update(tasks).set({ reminderSentAt: sql`now()` }).where(inArray(tasks.id, ids));

    const recipientId = sql<string | null>`coalesce(${tasks.assigneeId}, ${tasks.createdById})`;
    const rows = await tx
      .select({
        taskId: tasks.id,
        businessId: tasks.businessId,
        businessName: businesses.name,
        businessSlug: businesses.slug,
        timeZone: businesses.timeZone,
        title: tasks.title,
        dueAt: tasks.dueAt,
        reminderAt: tasks.reminderAt,
        priority: tasks.priority,
        customerId: tasks.customerId,
        customerName: customers.name,
        claimedAt: tasks.reminderSentAt,
        recipientId,
        recipientEmail: users.email,
        recipientName: users.name,
        recipientChannels: users.taskReminderChannels,
        membershipId: businessMembers.id,
      })
      .from(tasks)
      .innerJoin(businesses, eq(businesses.id, tasks.businessId))
      .leftJoin(
        customers,
        and(eq(customers.id, tasks.customerId), eq(customers.businessId, tasks.businessId)),
      )
      .leftJoin(users, eq(users.id, recipientId))
      .leftJoin(
        businessMembers,
        and(eq(businessMembers.businessId, tasks.businessId), eq(businessMembers.userId, users.id)),
      )
      .where(inArray(tasks.id, ids))
      .orderBy(asc(tasks.reminderAt), asc(tasks.id));

    return rows.map((r) => {
      const skipReason = !r.recipientId ? "no_recipient" : !r.membershipId ? "not_a_member" : null;
      return {
        taskId: r.taskId,
        businessId: r.businessId,
        businessName: r.businessName,
        businessSlug: r.businessSlug,
        timeZone: r.timeZone,
        title: r.title,
        dueAt: iso(r.dueAt),
        reminderAt: iso(r.reminderAt)!,
        priority: r.priority,
        customerId: r.customerId,
        customerName: r.customerName,
        claimedAt: iso(r.claimedAt)!,
        recipient:
          skipReason === null && r.recipientId && r.recipientEmail
            ? {
                userId: r.recipientId,
                email: r.recipientEmail,
                name: r.recipientName,
                channels: r.recipientChannels ?? ["email", "push"],
              }
            : null,
        skipReason,
      } satisfies ClaimedReminder;
    });
  });
}

/**
 * The link in a reminder: the task on its customer's page, or on "My tasks" when it has no customer.
 * The `#task-<id>` fragment scrolls to the task and makes the link unique per task.
 */
export function reminderUrl(
  reminder: Pick<ClaimedReminder, "businessSlug" | "customerId" | "taskId">,
  appUrl: string = env.APP_URL,
): string {
  const page = reminder.customerId ? `customers/${reminder.customerId}` : "tasks";
  return new URL(`/b/${reminder.businessSlug}/${page}#task-${reminder.taskId}`, appUrl).toString();
}

export interface QueueRemindersResult {
  /** Emails queued now, one per task. */
  queued: { taskId: string; emailMessageId: string }[];
  /** Tasks whose email was already queued for this claim (a retried step); nothing is queued again. */
  alreadyQueued: string[];
  /** Claimed tasks nobody is emailed about, with the reason (also logged). They stay claimed. */
  skipped: { taskId: string; reason: ReminderSkipReason }[];
}

/**
 * Queues one `task-reminder` email per claimed reminder through `queueEmail` (which delivers it in
 * the background with retries and records failures). Safe to call again with the same reminders:
 * a task whose email for this claim is already recorded (not `failed`) is not queued twice.
 * Reminders without a recipient are skipped and logged, never dropped silently.
 *
 * Errors: an Error naming the tasks whose email could not be queued (after trying all of them), so
 * the caller can retry; the ones queued before stay queued and are not repeated on the retry.
 */
export async function queueTaskReminders(
  db: DbOrTx,
  reminders: readonly ClaimedReminder[],
): Promise<QueueRemindersResult> {
  const result: QueueRemindersResult = { queued: [], alreadyQueued: [], skipped: [] };
  const skip = (r: ClaimedReminder, reason: ReminderSkipReason) => {
    result.skipped.push({ taskId: r.taskId, reason });
    logger.warn(
      { taskId: r.taskId, businessId: r.businessId, reason },
      "task reminder not emailed: nobody to send it to",
    );
  };

  const sendable = reminders.filter((r) => {
    if (r.recipient && !r.recipient.channels.includes("email")) {
      result.skipped.push({ taskId: r.taskId, reason: "email_off" });
      return false;
    }
    if (r.recipient) return true;
    skip(r, r.skipReason ?? "no_recipient");
    return false;
  });
  if (sendable.length === 0) return result;

  // Emails already recorded for these claims (a retried step): their links name the task.
  const since = new Date(Math.min(...sendable.map((r) => Date.parse(r.claimedAt))));
  const earlier = await db
    .select({ links: emailMessages.links, createdAt: emailMessages.createdAt })
    .from(emailMessages)
    .where(
      and(
        inArray(emailMessages.businessId, [...new Set(sendable.map((r) => r.businessId))]),
        gte(emailMessages.createdAt, since),
        eq(emailMessages.template, TASK_REMINDER_TEMPLATE),
        ne(emailMessages.status, "failed"),
      ),
    );

  const failures: string[] = [];
  for (const r of sendable) {
    const url = reminderUrl(r);
    const claimedAt = Date.parse(r.claimedAt);
    if (earlier.some((e) => e.createdAt.getTime() >= claimedAt && e.links.includes(url))) {
      result.alreadyQueued.push(r.taskId);
      continue;
    }
    try {
      const { id } = await queueEmail(db, {
        template: TASK_REMINDER_TEMPLATE,
        to: r.recipient!.email,
        businessId: r.businessId,
        props: {
          recipientName: r.recipient!.name,
          businessName: r.businessName,
          title: r.title,
          dueAt: r.dueAt,
          timeZone: r.timeZone,
          priority: r.priority,
          customerName: r.customerName,
          url,
        },
      });
      result.queued.push({ taskId: r.taskId, emailMessageId: id });
    } catch (err) {
      if (err instanceof AppError && err.code === "VALIDATION") {
        skip(r, "invalid_email");
        continue;
      }
      logger.error({ err, taskId: r.taskId, businessId: r.businessId }, "task reminder could not be queued");
      failures.push(r.taskId);
    }
  }
  if (failures.length > 0) {
    throw new Error(`Task reminders could not be queued for tasks ${failures.join(", ")}.`);
  }
  return result;
}

/**
 * Puts each claimed reminder in its recipient's notifications (the bell; kind `task_due`), which the push
 * sender then takes to their devices when they take reminders by push. Reminders without a recipient
 * are left out. Output: the number of notifications made.
 */
export async function notifyTaskReminders(
  db: DbOrTx,
  reminders: readonly ClaimedReminder[],
): Promise<number> {
  let made = 0;
  for (const r of reminders) {
    if (!r.recipient) continue;
    const due = r.dueAt ? `Due ${formatInTimeZone(r.dueAt, r.timeZone)}` : "Reminder";
    made += await notifyMembers(db, r.businessId, [r.recipient.userId], {
      kind: "task_due",
      title: r.title,
      body: r.customerName ? `${due} · ${r.customerName}` : due,
      url: new URL(reminderUrl(r)).pathname + new URL(reminderUrl(r)).hash,
    });
  }
  return made;
}

/** "5 Dec, 14:30" in `timeZone` (en-GB short), for a notification's line. */
function formatInTimeZone(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    timeZone,
  }).format(new Date(iso));
}
