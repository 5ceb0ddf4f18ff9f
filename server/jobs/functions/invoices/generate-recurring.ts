import { getDb } from "@/db/client";
import { generateDueRecurringInvoices, RECURRING_BATCH } from "@/server/services/invoices/recurring-run";
import { inngest } from "../../client";
import { sendEvent } from "../../send";

/** How much one run takes on: up to `maxBatches` claims of `batchSize` profiles. Mutable for tests. */
export const recurringRunSettings = { batchSize: RECURRING_BATCH, maxBatches: 40 };

/**
 * Every 15 minutes: makes the recurring invoices that are due, in each business's time zone (a profile
 * due on the 1st bills once the 1st has begun where the business is).
 * - `generate-<n>` claims up to `batchSize` due profiles and makes their invoices in one transaction
 *   (`generateDueRecurringInvoices`: each period once under a unique key, missed periods caught up);
 *   its result is the step's memoized output, so a retried run does not bill again, and a doubled run
 *   finds the periods already billed.
 * - `send-<n>` asks `send-invoice` to email each issued one (`invoices/send.requested`, with the invoice
 *   id as the event id; the send itself is claimed once per invoice).
 * Output: `{ profiles, invoices, alreadyBilled, failed }`.
 */
export const generateRecurringInvoices = inngest.createFunction(
  {
    id: "generate-recurring-invoices",
    name: "Generate recurring invoices",
    retries: 3,
    concurrency: { limit: 1 },
    triggers: [{ cron: "*/15 * * * *" }],
  },
  async ({ step }) => {
    const { batchSize, maxBatches } = recurringRunSettings;
    const total = { profiles: 0, invoices: 0, alreadyBilled: 0, failed: 0 };
    for (let n = 0; n < maxBatches; n++) {
      const run = await step.run(`generate-${n}`, async () =>
        generateDueRecurringInvoices(await getDb(), { limit: batchSize }),
      );
      total.profiles += run.profiles;
      total.invoices += run.invoices.length;
      total.alreadyBilled += run.alreadyBilled;
      total.failed += run.failed.length;
      const toSend = run.invoices.filter((i) => i.send);
      if (toSend.length > 0)
        await step.run(`send-${n}`, async () =>
          sendEvent(
            toSend.map((i) => ({
              name: "invoices/send.requested" as const,
              id: `invoice-send-${i.invoiceId}`,
              data: { invoiceId: i.invoiceId, businessId: i.businessId },
            })),
          ),
        );
      if (run.profiles < batchSize) break;
    }
    return total;
  },
);
