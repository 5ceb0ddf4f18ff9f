import { getDb } from "@/db/client";
import { dispatchEmail } from "@/server/email/queue";
import {
  applySubmissionToCustomer,
  UnprocessableSubmission,
} from "@/server/services/lead-forms/processing/customer";
import { markFailed, markProcessed } from "@/server/services/lead-forms/processing/effects";
import { recordSubmissionEffects } from "@/server/services/lead-forms/processing/submission-effects";
import { inngest } from "../../client";
import { leadFormsSubmissionReceived } from "../../events";
import { sendEvent } from "../../send";

/**
 * Processes a stored lead form submission (`lead-forms/submission.received` → `{ submissionId,
 * businessId }`), idempotently; each step is safe to run again after a crash:
 * 1. `customer`: find the customer by email or phone, create or update it per the form's duplicate
 *    policy, record consent, add the `form_submitted` timeline entry and link the submission — one
 *    transaction, skipped when the submission already has its customer (`applySubmissionToCustomer`);
 * 2. `effects`: the follow-up task, the notifications (email and in-app) and the auto-reply the form asks for, each claimed
 *    once per submission in the same transaction that makes it (`form_submission_effects`), so a retry
 *    never makes a second task or email (`recordSubmissionEffects`); then, when the form notifies members
 *    in the app, the push function is asked to push their notifications;
 * 3. `deliver-emails`: hands the recorded emails to the send-email function (which sends a row once,
 *    so handing one over again after a crash does no harm);
 * 4. `finish`: the submission is `processed`.
 * A form that asks for no task, notification or auto-reply ends after step 1, which marks the
 * submission processed in its transaction.
 * Spam and unknown submissions are skipped. A submission that cannot make a customer (its version
 * unreadable, its answers no longer valid) is marked `failed` at once; after the last retry of any other
 * error too (`onFailure`), with the error kept on the submission.
 * Members the form notifies get an email and an in-app notification (the bell) that opens the customer.
 */
export const processLeadFormSubmission = inngest.createFunction(
  {
    id: "process-lead-form-submission",
    name: "Process lead form submission",
    retries: 4,
    triggers: [leadFormsSubmissionReceived],
    concurrency: { limit: 10 },
    onFailure: async ({ event, error }) => {
      const data = event.data.event.data as { submissionId?: unknown; businessId?: unknown };
      if (typeof data.submissionId === "string" && typeof data.businessId === "string")
        await markFailed(await getDb(), data.businessId, data.submissionId, error.message);
    },
  },
  async ({ event, step }) => {
    const { businessId, submissionId } = event.data;
    const customer = await step.run("customer", async () => {
      const db = await getDb();
      try {
        return await applySubmissionToCustomer(db, businessId, submissionId);
      } catch (e) {
        if (!(e instanceof UnprocessableSubmission)) throw e;
        await markFailed(db, businessId, submissionId, e.message);
        return { kind: "failed" as const, error: e.message };
      }
    });
    if (customer.kind === "skipped" || customer.kind === "failed") return customer;
    // A form without task, notifications or auto-reply: the customer step also marked it processed.
    if (customer.processed)
      return { kind: customer.kind, customerId: customer.customerId, taskId: null, emails: [] };

    const { taskId, emails, notifiesMembers } = await step.run("effects", async () =>
      recordSubmissionEffects(await getDb(), businessId, submissionId),
    );
    // The members' notifications are committed: push them to their devices now (nothing to push when
    // the form notifies no member in the app).
    if (notifiesMembers)
      await step.run("request-push", () => sendEvent({ name: "push/notifications.created", data: {} }));
    if (emails.length > 0)
      await step.run("deliver-emails", async () => {
        const db = await getDb();
        for (const id of emails) await dispatchEmail(db, id);
      });
    await step.run("finish", async () => markProcessed(await getDb(), businessId, submissionId));
    return { kind: customer.kind, customerId: customer.customerId, taskId, emails };
  },
);
