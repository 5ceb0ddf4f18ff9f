import { getDb } from "@/db/client";
import { markFailed, processWebhookDelivery } from "@/server/services/webhook-deliveries";
import { inngest } from "../../client";
import { webhooksDeliveryReceived } from "../../events";

/**
 * Applies a stored provider webhook delivery (`webhooks/delivery.received` → `{ deliveryId }`): Resend's
 * delivery events or Meta's statuses and inbound messages (`processWebhookDelivery`). One step, idempotent:
 * a delivery already processed is skipped and every event inside it is claimed once, so a retry after a
 * crash applies nothing twice. Retried with backoff on errors (a database hiccup); after the last retry
 * the delivery is marked failed with the error (`onFailure`). Output: what was applied.
 */
export const processWebhookDeliveryJob = inngest.createFunction(
  {
    id: "process-webhook-delivery",
    name: "Process webhook delivery",
    retries: 5,
    triggers: [webhooksDeliveryReceived],
    concurrency: { limit: 10 },
    onFailure: async ({ event, error }) => {
      const data = event.data.event.data as { deliveryId?: unknown };
      if (typeof data.deliveryId === "string")
        await markFailed(await getDb(), data.deliveryId, error.message);
    },
  },
  async ({ event, step }) =>
    step.run("apply", async () => processWebhookDelivery(await getDb(), event.data.deliveryId)),
);
