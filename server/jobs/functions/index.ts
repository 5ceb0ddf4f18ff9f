import { sendCampaign } from "./campaigns/send-campaign";
import { sendCampaignEmailBatch } from "./campaigns/send-email-batch";
import { sendCampaignWhatsappBatch } from "./campaigns/send-whatsapp-batch";
import { purgeTrash } from "./customers/purge-trash";
import { sendEmail } from "./email/send-email";
import { processImportJob } from "./imports/process-import";
import { sweepImports } from "./imports/sweep-imports";
import { generateRecurringInvoices } from "./invoices/generate-recurring";
import { sendInvoice } from "./invoices/send-invoice";
import { sendInvoiceReminders } from "./invoices/send-reminders";
import { processLeadFormSubmission } from "./lead-forms/process-submission";
import { sweepLeadFormSubmissions } from "./lead-forms/sweep-submissions";
import { pushNotifications } from "./push/push-notifications";
import { pruneJobRunsJob } from "./system/prune-job-runs";
import { sendTaskReminders } from "./tasks/send-task-reminders";
import { processWebhookDeliveryJob } from "./webhooks/process-delivery";
import { sweepWebhookDeliveries } from "./webhooks/sweep-deliveries";
import { settleInterruptedWhatsapp } from "./whatsapp/settle-interrupted";

/**
 * Every background function of the app: served at /api/inngest for an Inngest server and run by the
 * local driver otherwise. Add new functions here (one file per function under functions/<domain>/);
 * cron-triggered ones use `triggers: [{ cron: "0 9 * * *" }]` (UTC, or prefix `TZ=Area/City `).
 */
export const functions = [
  sendEmail,
  processImportJob,
  sendTaskReminders,
  purgeTrash,
  pruneJobRunsJob,
  sweepImports,
  sendCampaign,
  sendCampaignEmailBatch,
  sendCampaignWhatsappBatch,
  settleInterruptedWhatsapp,
  processLeadFormSubmission,
  sweepLeadFormSubmissions,
  generateRecurringInvoices,
  sendInvoice,
  sendInvoiceReminders,
  pushNotifications,
  processWebhookDeliveryJob,
  sweepWebhookDeliveries,
];
