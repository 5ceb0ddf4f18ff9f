import { getDb } from "@/db/client";
import { dispatchEmail } from "@/server/email/queue";
import { applySubmissionsToCustomers } from "@/server/services/lead-forms/processing/customer";
import { markFailed, markProcessed } from "@/server/services/lead-forms/processing/effects";
import { recordSubmissionEffects } from "@/server/services/lead-forms/processing/submission-effects";
import { inngest } from "../../client";
import { leadFormsSubmissionReceived } from "../../events";
import { sendEvent } from "../../send";

/** Submissions one run processes at most (Inngest's `batchEvents.maxSize`; its limit is 100). */
export const LEAD_FORM_BATCH_SIZE = 50;

/** What a run did with one submission. */
export interface SubmissionResult {
  submissionId: string;
  kind: "created" | "updated" | "kept" | "done" | "skipped" | "failed";
  customerId: string | null;
  taskId: string | null;
  emails: string[];
  /** Why it was skipped or failed. */
  reason?: string;
}

/**
 * Processes stored lead form submissions (`lead-forms/submission.received` → `{ submissionId, businessId
 * }`) in batches: Inngest's `batchEvents` gives one run up to `LEAD_FORM_BATCH_SIZE` events of one business,
 * those sent within a second of the first (inngest.com/docs/guides/batching; the local driver does the
 * same in this process). A busy form then costs one run per batch instead of one per submission.
 * Each step is safe to run again after a crash:
 * 1. `customer`: per submission, find the customer by email or phone, create or update it per the form's
 *    duplicate policy, record consent, add the `form_submitted` timeline entry and link the submission —
 *    one transaction each, skipped when the submission already has its customer
 *    (`applySubmissionsToCustomers`);
 * 2. `effects`: the follow-up task, the notifications (email and in-app) and the auto-reply each form asks
 *    for, each claimed once per submission in the same transaction that makes it (`form_submission_effects`),
 *    so a retry never makes a second task or email (`recordSubmissionEffects`); then, when a form notifies
 *    members in the app, the push function is asked to push their notifications;
 * 3. `deliver-emails`: hands the recorded emails to the send-email function (which sends a row once, so
 *    handing one over again after a crash does no harm);
 * 4. `finish`: the submissions are `processed`.
 * A submission whose form asks for no task, notification or auto-reply is marked processed in its step-1
 * transaction; a batch of only those ends after step 1.
 * Spam and unknown submissions are skipped. A submission that cannot make a customer (its version
 * unreadable, its answers no longer valid) is marked `failed` at once; after the last retry of any other
 * error, every submission of the batch still `received` is marked failed (`onFailure`), with the error.
 * Output: `{ submissions }`, one `SubmissionResult` per distinct submission, in the order of the events.
 */
export const processLeadFormSubmission = inngest.createFunction(
  {
    id: "process-lead-form-submission",
    name: "Process lead form submissions",
    retries: 4,
    triggers: [leadFormsSubmissionReceived],
    batchEvents: { maxSize: LEAD_FORM_BATCH_SIZE, timeout: "1s", key: "event.data.businessId" },
    // One batch of a business at a time: two runs never race to create the same customer, and a
    // burst on one business's form leaves the process free to keep accepting submissions.
    concurrency: { limit: 1, key: "event.data.businessId" },
    onFailure: async ({ event, error }) => {
      const failed = event.data as { event: { data?: unknown }; events?: Array<{ data?: unknown }> };
      const db = await getDb();
      for (const e of failed.events ?? [failed.event]) {
        const data = (e.data ?? {}) as { submissionId?: unknown; businessId?: unknown };
        if (typeof data.submissionId === "string" && typeof data.businessId === "string")
          await markFailed(db, data.businessId, data.submissionId, error.message);
      }
    },
  },
  async ({ events, step }) => {
    const seen = new Set<string>();
    const batch = events
      .map((e) => ({ submissionId: e.data.submissionId, businessId: e.data.businessId }))
      .filter((s) => !seen.has(s.submissionId) && seen.add(s.submissionId));

    const customers = await step.run("customer", async () =>
      applySubmissionsToCustomers(await getDb(), batch, async (db, s, message) =>
        markFailed(db, s.businessId, s.submissionId, message),
      ),
    );
    const results = new Map<string, SubmissionResult>(
      customers.map((c) => [
        c.submissionId,
        {
          submissionId: c.submissionId,
          kind: c.outcome.kind,
          customerId: "customerId" in c.outcome ? c.outcome.customerId : null,
          taskId: null,
          emails: [],
          ...("reason" in c.outcome ? { reason: c.outcome.reason } : {}),
        },
      ]),
    );
    const done = () => ({ submissions: batch.map((s) => results.get(s.submissionId)!) });
    // Those whose form asks for a task, notification or auto-reply (the others are processed already).
    const pending = customers
      .filter((c) => "customerId" in c.outcome && !c.outcome.processed)
      .map(({ submissionId, businessId }) => ({ submissionId, businessId }));
    if (pending.length === 0) return done();

    const effects = await step.run("effects", async () => {
      const db = await getDb();
      const out: Array<{ submissionId: string; taskId: string | null; emails: string[]; push: boolean }> = [];
      for (const s of pending) {
        const e = await recordSubmissionEffects(db, s.businessId, s.submissionId);
        out.push({
          submissionId: s.submissionId,
          taskId: e.taskId,
          emails: e.emails,
          push: e.notifiesMembers,
        });
      }
      return out;
    });
    for (const e of effects)
      Object.assign(results.get(e.submissionId)!, { taskId: e.taskId, emails: e.emails });
    // The members' notifications are committed: push them to their devices now (nothing to push when
    // no form of the batch notifies a member in the app).
    if (effects.some((e) => e.push))
      await step.run("request-push", () => sendEvent({ name: "push/notifications.created", data: {} }));
    const emails = effects.flatMap((e) => e.emails);
    if (emails.length > 0)
      await step.run("deliver-emails", async () => {
        const db = await getDb();
        for (const id of emails) await dispatchEmail(db, id);
      });
    await step.run("finish", async () => {
      const db = await getDb();
      for (const s of pending) await markProcessed(db, s.businessId, s.submissionId);
    });
    return done();
  },
);
