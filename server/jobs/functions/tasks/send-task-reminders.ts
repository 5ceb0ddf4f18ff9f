import { getDb } from "@/db/client";
import {
  claimDueReminders,
  notifyTaskReminders,
  queueTaskReminders,
  REMINDER_BATCH_SIZE,
  type ReminderSkipReason,
} from "@/server/services/tasks/reminders";
import { inngest } from "../../client";
import { sendEvent } from "../../send";

/**
 * How much one run takes on: up to `maxBatches` claims of `batchSize` reminders (10 × 500 = 5,000 a
 * minute). What is left is due on the next run, a minute later. Mutable so tests can use small batches.
 */
export const taskReminderSettings = { batchSize: REMINDER_BATCH_SIZE, maxBatches: 10 };

/**
 * Every minute: sends the task reminders that are due, across businesses: by email, and in the app's
 * notifications (pushed to the recipient's devices when they take reminders by push).
 * - `claim-<n>` claims a batch (`claimDueReminders`: `reminder_sent_at` set in the same statement,
 *   `FOR UPDATE SKIP LOCKED`), so overlapping runs never take the same task; the claimed batch is the
 *   step's memoized result, so a retry or a resumed run emails exactly those tasks.
 * - `email-<n>` queues one email per task (`queueTaskReminders`, through the email queue with its
 *   own retries); a retried step skips tasks already queued for the claim. Tasks nobody can be told
 *   about stay claimed and are listed with the reason in the run's output (and logged).
 * Output: `{ claimed, queued, skipped }` (skipped: `{ taskId, reason }`).
 */
export const sendTaskReminders = inngest.createFunction(
  {
    id: "send-task-reminders",
    name: "Send task reminders",
    retries: 3,
    concurrency: { limit: 1 },
    triggers: [{ cron: "* * * * *" }],
  },
  async ({ step }) => {
    const { batchSize, maxBatches } = taskReminderSettings;
    let claimed = 0;
    let queued = 0;
    const skipped: { taskId: string; reason: ReminderSkipReason }[] = [];
    for (let n = 0; n < maxBatches; n++) {
      const batch = await step.run(`claim-${n}`, async () =>
        claimDueReminders(await getDb(), { limit: batchSize }),
      );
      if (batch.length === 0) break;
      claimed += batch.length;
      const result = await step.run(`email-${n}`, async () => queueTaskReminders(await getDb(), batch));
      await step.run(`notify-${n}`, async () => notifyTaskReminders(await getDb(), batch));
      queued += result.queued.length + result.alreadyQueued.length;
      skipped.push(...result.skipped);
      if (batch.length < batchSize) break;
    }
    if (claimed > 0)
      await step.run("request-push", () => sendEvent({ name: "push/notifications.created", data: {} }));
    return { claimed, queued, skipped };
  },
);
