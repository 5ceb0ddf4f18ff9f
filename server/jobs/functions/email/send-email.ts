import { NonRetriableError, RetryAfterError } from "inngest";
import { getDb } from "@/db/client";
import { deliverEmailMessage, markEmailFailed } from "@/server/email/delivery";
import { EmailDeliveryError } from "@/server/email/transport";
import { inngest } from "../../client";
import { emailSendRequested } from "../../events";

/**
 * Delivers one queued email (`email/send.requested` → `{ emailMessageId }`).
 * - The send happens inside `step.run("deliver")`; the row id is Resend's idempotency key, and a row
 *   already `sent` is not sent again, so retries and duplicate events never send twice.
 * - Errors retry with backoff (4 retries, 5 attempts); errors no retry can fix (invalid address,
 *   bad API key) stop at once; a Retry-After from Resend is honoured.
 * - After the last attempt the row is `failed` with the error (in the step, and again in `onFailure`
 *   for failures outside the step).
 */
export const sendEmail = inngest.createFunction(
  {
    id: "send-email",
    name: "Send email",
    retries: 4,
    triggers: [emailSendRequested],
    onFailure: async ({ event, error }) => {
      const emailMessageId = (event.data.event.data as { emailMessageId?: unknown }).emailMessageId;
      if (typeof emailMessageId === "string")
        await markEmailFailed(await getDb(), emailMessageId, error.message);
    },
  },
  async ({ event, step, attempt, maxAttempts }) => {
    const finalAttempt = maxAttempts !== undefined && attempt + 1 >= maxAttempts;
    return step.run("deliver", async () => {
      try {
        return await deliverEmailMessage(await getDb(), event.data.emailMessageId, { finalAttempt });
      } catch (err) {
        if (err instanceof EmailDeliveryError && !err.retriable)
          throw new NonRetriableError(err.message, { cause: err });
        if (err instanceof EmailDeliveryError && err.retryAfterMs)
          throw new RetryAfterError(err.message, err.retryAfterMs);
        throw err;
      }
    });
  },
);
