import { getDb } from "@/db/client";
import { planCampaignSend } from "@/server/services/campaigns/start";
import { inngest } from "../../client";
import { campaignsSendRequested } from "../../events";
import { campaignBatchSettings } from "./settings";

/** Events per `step.sendEvent` (Inngest takes up to 5,000 per send; smaller keeps each memo small). */
const EVENTS_PER_STEP = 1000;

/**
 * Sends a campaign (`campaigns/send.requested` → `{ campaignId, businessId }`), when it is sent,
 * resumed, or scheduled (the run sleeps until the time, re-reading it if it moved):
 * 1. `plan`: start it if due, materialise its recipients once, count the queued per channel;
 * 2. fan out one batch event per 100 email recipients (`campaigns/email-batch.requested`) and one per
 *    WhatsApp batch (`campaigns/whatsapp-batch.requested`); the batch functions keep each provider's
 *    rate (throttle and concurrency keyed by business) and claim the recipients themselves, so an
 *    extra event finds nothing to send and stops.
 * 3. With a Meta messaging limit, WhatsApp batches go out a day's limit at a time, 24 hours apart.
 * One run per campaign at a time (concurrency keyed by campaign).
 */
export const sendCampaign = inngest.createFunction(
  {
    id: "send-campaign",
    name: "Send campaign",
    retries: 4,
    triggers: [campaignsSendRequested],
    concurrency: { limit: 1, key: "event.data.campaignId" },
  },
  async ({ event, step }) => {
    const ids = { businessId: event.data.businessId, campaignId: event.data.campaignId };
    let plan = await step.run("plan", async () => planCampaignSend(await getDb(), ids));
    for (let i = 0; plan.kind === "wait" && i < 10; i++) {
      await step.sleepUntil(`wait-for-schedule-${i}`, plan.until);
      plan = await step.run(`plan-${i + 1}`, async () => planCampaignSend(await getDb(), ids));
    }
    if (plan.kind !== "send") return plan;

    const { emailBatchSize, whatsappBatchSize } = campaignBatchSettings();
    const fanOut = async (label: string, name: "email" | "whatsapp", batches: number) => {
      for (let from = 0; from < batches; from += EVENTS_PER_STEP) {
        const count = Math.min(EVENTS_PER_STEP, batches - from);
        await step.sendEvent(
          `${label}-${from}`,
          Array.from({ length: count }, () => ({
            name: `campaigns/${name}-batch.requested` as const,
            data: ids,
          })),
        );
      }
    };
    await fanOut("email-batches", "email", Math.ceil(plan.email / emailBatchSize));
    const limit = plan.whatsappLimit;
    const perDay = limit ? Math.max(1, Math.floor(limit / whatsappBatchSize)) : Number.POSITIVE_INFINITY;
    let left = Math.ceil(plan.whatsapp / whatsappBatchSize);
    for (let day = 0; left > 0; day++) {
      if (day > 0) await step.sleep(`messaging-limit-day-${day}`, "24h");
      const today = Math.min(left, perDay);
      await fanOut(`whatsapp-batches-day-${day}`, "whatsapp", today);
      left -= today;
    }
    return { kind: "sending", email: plan.email, whatsapp: plan.whatsapp };
  },
);
