import { getDb } from "@/db/client";
import { logger } from "@/server/logger";
import {
  claimDueInvoiceReminders,
  REMINDER_BATCH,
  sendInvoiceEmail,
  stillUnpaid,
} from "@/server/services/invoices/send";
import { inngest } from "../../client";

/** How much one run takes on. Mutable for tests. */
export const invoiceReminderSettings = { batchSize: REMINDER_BATCH, maxBatches: 20 };

/**
 * Every hour: payment reminders before and after the due date, on the offsets each business sets
 * (Settings → Billing, e.g. −3, 0, +3, +7 days), in its time zone, for invoices that were emailed.
 * - `claim-<n>` claims a batch (`claimDueInvoiceReminders`: the offset recorded on the invoice in the
 *   statement that picks it, so a reminder goes once);
 * - `remind-<n>` emails them, skipping any paid or voided since; a reminder that cannot be queued is
 *   logged and counted, never retried into a second email.
 * Stops for an invoice as soon as it is paid (a paid invoice is never claimed).
 * Output: `{ claimed, sent, skipped }`.
 */
export const sendInvoiceReminders = inngest.createFunction(
  {
    id: "send-invoice-reminders",
    name: "Send invoice reminders",
    retries: 3,
    concurrency: { limit: 1 },
    triggers: [{ cron: "5 * * * *" }],
  },
  async ({ step }) => {
    const { batchSize, maxBatches } = invoiceReminderSettings;
    let claimed = 0;
    let sent = 0;
    let skipped = 0;
    for (let n = 0; n < maxBatches; n++) {
      const batch = await step.run(`claim-${n}`, async () =>
        claimDueInvoiceReminders(await getDb(), { limit: batchSize }),
      );
      if (batch.length === 0) break;
      claimed += batch.length;
      const r = await step.run(`remind-${n}`, async () => {
        const db = await getDb();
        const unpaid = await stillUnpaid(
          db,
          batch.map((b) => b.invoiceId),
        );
        let ok = 0;
        let no = 0;
        for (const b of batch) {
          if (!unpaid.has(b.invoiceId)) {
            no++;
            continue;
          }
          try {
            const result = await sendInvoiceEmail(db, {
              businessId: b.businessId,
              invoiceId: b.invoiceId,
              userId: null,
              automatic: true,
              reminder: { daysFromDue: b.daysFromDue },
            });
            if (result.sent) ok++;
            else no++;
          } catch (err) {
            no++;
            logger.error({ err, invoiceId: b.invoiceId }, "invoice reminder not queued");
          }
        }
        return { ok, no };
      });
      sent += r.ok;
      skipped += r.no;
      if (batch.length < batchSize) break;
    }
    return { claimed, sent, skipped };
  },
);
