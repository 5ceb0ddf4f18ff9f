import { getDb } from "@/db/client";
import { PUSH_BATCH_SIZE, pushPendingNotifications } from "@/server/services/push/send";
import { inngest } from "../../client";
import { pushNotificationsCreated } from "../../events";

/**
 * Pushes new in-app notifications to the members' devices (Web Push): when a module says it made some
 * (`push/notifications.created`, after its transaction) and every minute for whatever is left (one made
 * in a transaction that had not committed yet when the event ran, a run that failed). Each claim takes
 * up to 500 notifications (`pushPendingNotifications`: claimed with `FOR UPDATE SKIP LOCKED`, so runs
 * at once never push one twice); up to 10 claims a run. Output: totals.
 */
export const pushNotifications = inngest.createFunction(
  {
    id: "push-notifications",
    name: "Push notifications to devices",
    retries: 2,
    concurrency: { limit: 1 },
    triggers: [pushNotificationsCreated, { cron: "* * * * *" }],
  },
  async ({ step }) => {
    const total = { claimed: 0, sent: 0, removed: 0, failed: 0 };
    for (let n = 0; n < 10; n++) {
      const out = await step.run(`push-${n}`, async () => {
        const { removedIds: _, ...counts } = await pushPendingNotifications(await getDb());
        return counts;
      });
      total.claimed += out.claimed;
      total.sent += out.sent;
      total.removed += out.removed;
      total.failed += out.failed;
      if (out.claimed < PUSH_BATCH_SIZE) break;
    }
    return total;
  },
);
