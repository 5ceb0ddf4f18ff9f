import { getDb } from "@/db/client";
import { settleInterruptedWhatsappMessages } from "@/server/services/whatsapp-messages/interrupted";
import { inngest } from "../../client";
import { countedBatches, scheduledAt } from "../../schedule";

/** How much one run settles: up to `maxBatches` steps of `batchSize` messages. Mutable for tests. */
export const settleInterruptedSettings = { batchSize: 200, maxBatches: 10 };

/**
 * Every 10 minutes (UTC): one-to-one WhatsApp messages whose send was cut off (still `sending`, no Meta
 * id, older than 10 minutes before the schedule slot) are recorded as failed with a sentence saying the
 * send was interrupted, and put on the customer's timeline (`settleInterruptedWhatsappMessages`).
 * One step per batch (`settle-<n>`), so a retried or resumed run goes on from the batches done.
 * Output: `{ settled, more }`.
 */
export const settleInterruptedWhatsapp = inngest.createFunction(
  {
    id: "settle-interrupted-whatsapp",
    name: "Settle interrupted WhatsApp messages",
    retries: 3,
    concurrency: { limit: 1 },
    triggers: [{ cron: "*/10 * * * *" }],
  },
  async ({ event, step }) => {
    const now = scheduledAt(event);
    const { batchSize } = settleInterruptedSettings;
    const { total, more } = await countedBatches(step, "settle", settleInterruptedSettings, async () => {
      const { settled } = await settleInterruptedWhatsappMessages(await getDb(), { now, limit: batchSize });
      return settled;
    });
    return { settled: total, more };
  },
);
