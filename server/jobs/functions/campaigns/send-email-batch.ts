import { NonRetriableError, RetryAfterError } from "inngest";
import { getDb } from "@/db/client";
import { EmailDeliveryError } from "@/server/email/resend-errors";
import {
  type BatchHooks,
  completeIfDone,
  failClaims,
  sendEmailBatchOf,
} from "@/server/services/campaigns/delivery";
import { inngest } from "../../client";
import { campaignsEmailBatchRequested } from "../../events";
import { campaignBatchSettings } from "./settings";

const { emailRequestsPerSecond, emailBatchSize } = campaignBatchSettings();

/** Test hooks of the batch (crash injection); empty in the app. */
export const emailBatchHooks: BatchHooks = {};

/**
 * Sends one batch of a campaign's email recipients (`campaigns/email-batch.requested`): claims up to
 * 100 queued recipients for this run and sends them in one Resend batch call with an idempotency key
 * of this run (server/services/campaigns/delivery.ts), so a retry after a crash at any point sends
 * nothing twice. Flow control: one batch at a time per business, and at most
 * CAMPAIGN_EMAIL_REQUESTS_PER_SECOND batches started per second per business (Inngest `concurrency`
 * and `throttle`, honoured by the local driver too). A 429's Retry-After is waited out; other
 * transient errors retry with backoff; after the last attempt the run's claimed recipients are
 * `failed` with the error.
 */
export const sendCampaignEmailBatch = inngest.createFunction(
  {
    id: "send-campaign-email-batch",
    name: "Send campaign email batch",
    retries: 6,
    triggers: [campaignsEmailBatchRequested],
    concurrency: { limit: 1, key: "event.data.businessId" },
    throttle: { limit: emailRequestsPerSecond, period: "1s", key: "event.data.businessId" },
    onFailure: async ({ event, error }) => {
      const data = event.data.event.data as { campaignId?: string; businessId?: string };
      const runId = (event.data as { run_id?: string }).run_id;
      if (!data.campaignId || !data.businessId || !runId) return;
      const db = await getDb();
      const ids = { businessId: data.businessId, campaignId: data.campaignId };
      await failClaims(db, { ...ids, claimKey: runId }, error.message);
      await completeIfDone(db, ids);
    },
  },
  async ({ event, step, runId }) =>
    step.run("send", async () => {
      try {
        return await sendEmailBatchOf(
          await getDb(),
          { ...event.data, channel: "email", claimKey: runId, size: emailBatchSize },
          emailBatchHooks,
        );
      } catch (err) {
        if (err instanceof EmailDeliveryError && err.retryAfterMs) {
          throw new RetryAfterError(err.message, err.retryAfterMs);
        }
        if (err instanceof EmailDeliveryError && !err.retriable) throw new NonRetriableError(err.message);
        throw err;
      }
    }),
);
