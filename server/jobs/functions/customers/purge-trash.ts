import { getDb } from "@/db/client";
import { purgeDeletedCustomers } from "@/server/services/customers";
import { inngest } from "../../client";
import { countedBatches } from "../../schedule";

/**
 * How much one run purges: up to `maxBatches` steps of `batchSize` customers (100 × 1,000 = 100,000 a
 * night). What is left goes the next night. Mutable so tests can use small batches.
 */
export const purgeTrashSettings = { batchSize: 1_000, maxBatches: 100 };

/**
 * Every day at 03:00 UTC: hard-deletes customers that have been in the Trash for more than 30 days,
 * across businesses, with their notes, tasks, timeline and the stored files of their attachments
 * (`purgeDeletedCustomers`). One step per batch (`purge-<n>`), each its own transaction, so a retry
 * or a resumed run goes on from the batches already done.
 * Output: `{ purged, more }` (`more`: the run stopped at its bound with customers possibly left).
 */
export const purgeTrash = inngest.createFunction(
  {
    id: "purge-trash",
    name: "Purge the customers Trash",
    retries: 3,
    concurrency: { limit: 1 },
    triggers: [{ cron: "0 3 * * *" }],
  },
  async ({ step }) => {
    const { batchSize } = purgeTrashSettings;
    const { total, more } = await countedBatches(step, "purge", purgeTrashSettings, async () =>
      purgeDeletedCustomers(await getDb(), { batchSize, maxBatches: 1 }),
    );
    return { purged: total, more };
  },
);
