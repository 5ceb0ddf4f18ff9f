import { getDb } from "@/db/client";
import { pendingWebhookDeliveries } from "@/server/services/webhook-deliveries";
import { inngest } from "../../client";
import { scheduledAt } from "../../schedule";

/**
 * Every 15 minutes: webhook deliveries stored but still pending 10 minutes later (their event was refused
 * by the background executor, or their run was lost) are handed to `process-webhook-delivery` again, at
 * most 500 a run. Ages are measured from the schedule slot; event ids carry the delivery and the slot, so
 * a retried run sends each once. Output: `{ resent }`.
 */
export const sweepWebhookDeliveries = inngest.createFunction(
  {
    id: "sweep-webhook-deliveries",
    name: "Sweep webhook deliveries",
    retries: 3,
    concurrency: { limit: 1 },
    triggers: [{ cron: "*/15 * * * *" }],
  },
  async ({ event, step }) => {
    const now = scheduledAt(event);
    const pending = await step.run("find", async () => pendingWebhookDeliveries(await getDb(), now));
    if (pending.length > 0)
      await step.sendEvent(
        "resend",
        pending.map((deliveryId) => ({
          id: `webhook-sweep-${deliveryId}-${now.getTime()}`,
          name: "webhooks/delivery.received" as const,
          data: { deliveryId },
        })),
      );
    return { resent: pending.length };
  },
);
