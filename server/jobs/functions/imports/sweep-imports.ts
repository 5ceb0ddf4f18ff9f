import { getDb } from "@/db/client";
import {
  CLEAR_CACHE_BATCH_SIZE,
  type ClearedImportCaches,
  clearImportFileCaches,
  EXPIRE_IMPORTS_BATCH_SIZE,
  expireUnstartedImports,
  type ImportCacheCursor,
  RESEND_IMPORTS_BATCH_SIZE,
  resendLostImports,
} from "@/server/services/imports/sweep";
import { inngest } from "../../client";
import { scheduledAt } from "../../schedule";

/**
 * How much one run takes on: up to `expireBatches` × `expireBatchSize` never-started uploads closed
 * (10 × 100 = 1,000 an hour) and up to `cacheBatches` × `cacheBatchSize` finished imports checked for a
 * cached file (10 × 500 = 5,000 an hour). What is left waits for the next hour. Mutable so tests can use
 * small batches.
 */
export const sweepImportsSettings = {
  expireBatchSize: EXPIRE_IMPORTS_BATCH_SIZE,
  expireBatches: 10,
  cacheBatchSize: CLEAR_CACHE_BATCH_SIZE,
  cacheBatches: 10,
  resendBatchSize: RESEND_IMPORTS_BATCH_SIZE,
};

/**
 * Every hour at minute 20 (UTC), across businesses:
 * - `expire-<n>`: uploads left `queued` and never started for more than 7 days are marked `failed`
 *   with a message saying so, and their files are deleted (`expireUnstartedImports`);
 * - `resend-lost` + `resend-lost-events`: imports handed to the job more than 10 minutes ago that are
 *   still queued or running with no pending run get their `imports/process.requested` event again,
 *   exactly once per import (`resendLostImports` marks them; the send is a memoized step with event ids
 *   `import-resend-<importId>`, which Inngest deduplicates);
 * - `clear-cache-<n>`: with S3 storage, the local cached copy of the uploaded file of imports finished
 *   more than a day ago is deleted, newest finished first, error reports kept (`clearImportFileCaches`).
 * Ages are measured from the schedule slot (the cron event's `ts`), so a retried or resumed run does
 * what the first attempt would have. Each step is one bounded batch.
 * Output: `{ expired, filesNotDeleted, resent, cachesChecked, cachesCleared, more }` (`more`: a part stopped
 * at its bound with work possibly left).
 */
export const sweepImports = inngest.createFunction(
  {
    id: "sweep-imports",
    name: "Sweep customer imports",
    retries: 3,
    concurrency: { limit: 1 },
    triggers: [{ cron: "20 * * * *" }],
  },
  async ({ event, step }) => {
    const settings = sweepImportsSettings;
    const now = scheduledAt(event);
    let more = false;

    let expired = 0;
    let filesNotDeleted = 0;
    for (let n = 0; ; n++) {
      if (n === settings.expireBatches) {
        more = true;
        break;
      }
      const batch = await step.run(`expire-${n}`, async () =>
        expireUnstartedImports(await getDb(), { now, limit: settings.expireBatchSize }),
      );
      expired += batch.expired;
      filesNotDeleted += batch.filesNotDeleted;
      if (batch.expired < settings.expireBatchSize) break;
    }

    const lost = await step.run("resend-lost", async () =>
      resendLostImports(await getDb(), { now, limit: settings.resendBatchSize }),
    );
    if (lost.length > 0)
      await step.sendEvent(
        "resend-lost-events",
        lost.map((l) => ({
          id: `import-resend-${l.importId}`,
          name: "imports/process.requested" as const,
          data: { importId: l.importId, businessId: l.businessId },
        })),
      );
    if (lost.length === settings.resendBatchSize) more = true;

    let cachesChecked = 0;
    let cachesCleared = 0;
    let after: ImportCacheCursor | null = null;
    for (let n = 0; ; n++) {
      if (n === settings.cacheBatches) {
        more = true;
        break;
      }
      const cursor: ImportCacheCursor | null = after;
      const page = await step.run(
        `clear-cache-${n}`,
        async (): Promise<ClearedImportCaches> =>
          clearImportFileCaches(await getDb(), { now, limit: settings.cacheBatchSize, after: cursor }),
      );
      cachesChecked += page.checked;
      cachesCleared += page.cleared;
      if (!page.next) break;
      after = page.next;
    }

    return { expired, filesNotDeleted, resent: lost.length, cachesChecked, cachesCleared, more };
  },
);
