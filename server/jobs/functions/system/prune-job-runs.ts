import { getDb } from "@/db/client";
import { pruneExpiredRateLimits, RATE_LIMIT_PRUNE_BATCH_SIZE } from "@/server/rate-limit";
import { pruneOfflineMutations } from "@/server/services/offline/apply";
import { pruneWebhookHistory } from "@/server/services/webhook-deliveries";
import { inngest } from "../../client";
import { JOB_RUN_PRUNE_BATCH_SIZE, pruneJobRuns } from "../../job-runs";
import { countedBatches, scheduledAt } from "../../schedule";

/**
 * How much one run deletes: up to `maxBatches` steps of `batchSize` runs (50 × 1,000 = 50,000 a
 * night, far above the ~1,500 a day the cron functions add). What is left goes the next night.
 * Mutable so tests can use small batches.
 */
export const pruneJobRunsSettings = { batchSize: JOB_RUN_PRUNE_BATCH_SIZE, maxBatches: 50 };

/** The same bounds for expired rate-limit counters (50 × 10,000 a night). */
export const pruneRateLimitsSettings = { batchSize: RATE_LIMIT_PRUNE_BATCH_SIZE, maxBatches: 50 };

/**
 * Every day at 03:30 UTC: deletes finished background runs from `job_runs` once they are past their
 * retention (`JOB_RUN_RETENTION_DAYS`: completed and cancelled 7 days, failed 30 days), across
 * businesses. Queued, running, sleeping and interrupted runs are never touched.
 * Retention is measured from the schedule slot (the cron event's `ts`), so a retried or resumed run
 * deletes what the first attempt would have. One step per batch (`prune-<n>`). Then expired database
 * rate-limit counters (`pruneExpiredRateLimits`, steps `prune-rate-limits-<n>`), then the idempotency keys
 * of offline writes past 30 days (`pruneOfflineMutations`, steps `prune-offline-keys-<n>`), then provider
 * webhook deliveries and events past 30 days (`pruneWebhookHistory`, steps `prune-webhooks-<n>`).
 * Output: `{ deleted, more, rateLimitsDeleted, offlineKeysDeleted, webhooksDeleted }` (`more`: a part
 * stopped at its bound with rows possibly left).
 */
export const pruneJobRunsJob = inngest.createFunction(
  {
    id: "prune-job-runs",
    name: "Prune old background runs",
    retries: 3,
    concurrency: { limit: 1 },
    triggers: [{ cron: "30 3 * * *" }],
  },
  async ({ event, step }) => {
    const { batchSize } = pruneJobRunsSettings;
    const now = scheduledAt(event);
    const { total, more } = await countedBatches(step, "prune", pruneJobRunsSettings, async () =>
      pruneJobRuns(await getDb(), { now, limit: batchSize }),
    );
    const limits = await countedBatches(step, "prune-rate-limits", pruneRateLimitsSettings, async () =>
      pruneExpiredRateLimits(await getDb(), { now, limit: pruneRateLimitsSettings.batchSize }),
    );
    const keys = await countedBatches(step, "prune-offline-keys", pruneRateLimitsSettings, async () =>
      pruneOfflineMutations(await getDb(), { now, limit: pruneRateLimitsSettings.batchSize }),
    );
    const webhooks = await countedBatches(step, "prune-webhooks", pruneRateLimitsSettings, async () =>
      pruneWebhookHistory(await getDb(), { now, limit: pruneRateLimitsSettings.batchSize }),
    );
    return {
      deleted: total,
      more: more || limits.more || keys.more || webhooks.more,
      rateLimitsDeleted: limits.total,
      offlineKeysDeleted: keys.total,
      webhooksDeleted: webhooks.total,
    };
  },
);
