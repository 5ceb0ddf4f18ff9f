import { getDb } from "@/db/client";
import { submissionsToResend } from "@/server/services/lead-forms/processing/sweep";
import { inngest } from "../../client";
import { scheduledAt } from "../../schedule";

/**
 * Every 15 minutes: lead form submissions stored but still `received` 10 minutes later (their event was
 * lost when the background executor refused it, or their run is stuck) are handed to
 * `process-lead-form-submission` again — no submission is left unprocessed. Ages are measured from the
 * schedule slot; at most 500 a run (`submissionsToResend`), the rest on the next run. The events carry
 * ids per submission and slot, so a retried run sends each once.
 * Output: `{ resent }`.
 */
export const sweepLeadFormSubmissions = inngest.createFunction(
  {
    id: "sweep-lead-form-submissions",
    name: "Sweep lead form submissions",
    retries: 3,
    concurrency: { limit: 1 },
    triggers: [{ cron: "*/15 * * * *" }],
  },
  async ({ event, step }) => {
    const now = scheduledAt(event);
    const lost = await step.run("find", async () => submissionsToResend(await getDb(), now));
    if (lost.length > 0)
      await step.sendEvent(
        "resend",
        lost.map((data) => ({
          id: `lead-form-sweep-${data.submissionId}-${now.getTime()}`,
          name: "lead-forms/submission.received" as const,
          data,
        })),
      );
    return { resent: lost.length };
  },
);
