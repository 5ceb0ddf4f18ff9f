import { getDb } from "@/db/client";
import type { BatchHooks } from "@/server/services/campaigns/batch";
import { sendWhatsappBatchOf } from "@/server/services/campaigns/whatsapp-delivery";
import { WhatsappError } from "@/server/whatsapp/client";
import { inngest } from "../../client";
import { campaignsWhatsappBatchRequested } from "../../events";
import { failBatchRun, withProviderRetries } from "./batch-run";
import { campaignBatchSettings } from "./settings";

const { whatsappBatchSize } = campaignBatchSettings();

/** Test hooks of the batch (crash injection); empty in the app. */
export const whatsappBatchHooks: BatchHooks = {};

/**
 * Sends one batch of a campaign's WhatsApp recipients (`campaigns/whatsapp-batch.requested`): claims up
 * to CAMPAIGN_WHATSAPP_MESSAGES_PER_SECOND recipients for this run and sends them one call each, paced
 * at the business's rate (server/services/campaigns/whatsapp-delivery.ts). Flow control: one batch at
 * a time per business and one batch started per second (Inngest `concurrency` and `throttle`, honoured
 * by the local driver). Meta's rate-limit errors wait for Retry-After or back off; after the last
 * attempt the run's claimed recipients are `failed` with the error.
 */
export const sendCampaignWhatsappBatch = inngest.createFunction(
  {
    id: "send-campaign-whatsapp-batch",
    name: "Send campaign WhatsApp batch",
    retries: 6,
    triggers: [campaignsWhatsappBatchRequested],
    concurrency: { limit: 1, key: "event.data.businessId" },
    throttle: { limit: 1, period: "1s", key: "event.data.businessId" },
    onFailure: failBatchRun,
  },
  async ({ event, step, runId }) =>
    step.run("send", async () =>
      withProviderRetries(
        async () =>
          sendWhatsappBatchOf(
            await getDb(),
            { ...event.data, channel: "whatsapp", claimKey: runId, size: whatsappBatchSize },
            whatsappBatchHooks,
          ),
        (err) => err instanceof WhatsappError,
      ),
    ),
);
