import { getDb } from "@/db/client";
import { EmailDeliveryError } from "@/server/email/resend-errors";
import type { BatchHooks } from "@/server/services/campaigns/batch";
import { sendEmailBatchOf } from "@/server/services/campaigns/delivery";
import { inngest } from "../../client";
import { campaignsEmailBatchRequested } from "../../events";
import { failBatchRun, withProviderRetries } from "./batch-run";
import { campaignBatchSettings } from "./settings";

const { emailRequestsPerSecond, emailBatchesInFlight, emailBatchSize } = campaignBatchSettings();

/** Test hooks of the batch (crash injection); empty in the app. */
export const emailBatchHooks: BatchHooks = {};

/**
 * Sends one batch of a campaign's email recipients (`campaigns/email-batch.requested`): claims up to
 * 100 queued recipients for this run and sends them in one Resend batch call with an idempotency key
 * of those recipients (server/services/campaigns/delivery.ts), so a retry after a crash at any point
 * sends nothing twice. Flow control per business (Inngest `concurrency` and `throttle`, honoured by the
 * local driver too): at most CAMPAIGN_EMAIL_REQUESTS_PER_SECOND batches started per second, and a
 * quarter second of them in flight (`emailBatchesInFlight`, at least two), so the next batches' claims
 * and rendering overlap the last one's provider call and the throttle, not a batch's round trips, sets
 * the pace (a claim skips rows another run holds). A 429's Retry-After is waited out; other
 * transient errors retry with backoff; after the last attempt the run's claimed recipients are
 * `failed` with the error.
 */
export const sendCampaignEmailBatch = inngest.createFunction(
  {
    id: "send-campaign-email-batch",
    name: "Send campaign email batch",
    retries: 6,
    triggers: [campaignsEmailBatchRequested],
    concurrency: { limit: emailBatchesInFlight, key: "event.data.businessId" },
    throttle: { limit: emailRequestsPerSecond, period: "1s", key: "event.data.businessId" },
    onFailure: failBatchRun,
  },
  async ({ event, step, runId }) =>
    step.run("send", async () =>
      withProviderRetries(
        async () =>
          sendEmailBatchOf(
            await getDb(),
            { ...event.data, channel: "email", claimKey: runId, size: emailBatchSize },
            emailBatchHooks,
          ),
        (err) => err instanceof EmailDeliveryError,
      ),
    ),
);
