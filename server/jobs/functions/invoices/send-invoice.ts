import { getDb } from "@/db/client";
import { sendInvoiceEmail } from "@/server/services/invoices/send";
import { inngest } from "../../client";
import { invoicesSendRequested } from "../../events";

/**
 * Emails an issued invoice to its customer, once (`invoices/send.requested` → `{ invoiceId, businessId }`):
 * `sendInvoiceEmail` with `automatic`, which claims the invoice (`sent_at IS NULL`) in the transaction
 * that records the email, so a retried or repeated event sends nothing more. An invoice without an
 * address, or no longer issued, is skipped with the reason as the output.
 */
export const sendInvoice = inngest.createFunction(
  {
    id: "send-invoice",
    name: "Send invoice",
    retries: 4,
    concurrency: { limit: 10 },
    triggers: [invoicesSendRequested],
  },
  async ({ event, step }) =>
    step.run("send", async () =>
      sendInvoiceEmail(await getDb(), {
        businessId: event.data.businessId,
        invoiceId: event.data.invoiceId,
        userId: null,
        automatic: true,
      }),
    ),
);
