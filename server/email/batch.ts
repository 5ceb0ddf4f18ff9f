import { Resend } from "resend";
import { deliveryErrorFromResend, EmailDeliveryError } from "./resend-errors";

/** Most emails Resend accepts in one `POST /emails/batch` (resend.com/docs/dashboard/emails/batch-sending). */
export const RESEND_BATCH_MAX = 100;

/** One email of a batch. Batches carry no attachments and no scheduling (Resend's documented limits). */
export interface BatchEmail {
  /** `Name <address>` or a bare address. */
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  replyTo?: string;
  /** Extra headers, e.g. `unsubscribeHeaders(url)` (server/messaging/unsubscribe.ts). */
  headers?: Record<string, string>;
  /** Resend tags: names and values of ASCII letters, digits, `_` and `-`, at most 256 characters. */
  tags?: { name: string; value: string }[];
}

/**
 * Sends up to 100 emails in one Resend API call (`POST /emails/batch`, a JSON array body, strict
 * validation: one invalid email refuses the whole batch) through the Resend SDK, which reads
 * RESEND_BASE_URL for its endpoint.
 * - `idempotencyKey` goes in Resend's `Idempotency-Key` header (kept 24 hours): a retry of the same
 *   batch with the same key returns the first answer and sends nothing again. Derive it from what the
 *   batch is, e.g. `campaign/<campaignId>/email/<first recipient id>-<last recipient id>`; 1–256 chars.
 * Output: `{ ids }`, Resend's email ids in the order of `messages` (Resend answers `{ data: [{ id }] }`
 * in request order).
 * Errors: EmailDeliveryError — `retriable` for no answer, 409 concurrent idempotent request, 429 (with
 * `retryAfterMs` from Retry-After) and 5xx; permanent for 4xx validation and key errors, with Resend's
 * error `name` as `code` and a sentence as `message`. Also an EmailDeliveryError (permanent) for more
 * than 100 messages, none, or an answer with a different number of ids.
 */
export async function sendEmailBatch(
  settings: { apiKey: string },
  messages: BatchEmail[],
  opts: { idempotencyKey: string },
): Promise<{ ids: string[] }> {
  if (messages.length === 0 || messages.length > RESEND_BATCH_MAX) {
    throw new EmailDeliveryError(
      `A batch holds 1 to ${RESEND_BATCH_MAX} emails; this one has ${messages.length}.`,
      { retriable: false, statusCode: null, code: "batch_size" },
    );
  }
  const resend = new Resend(settings.apiKey);
  const { data, error, headers } = await resend.batch.send(
    messages.map((m) => ({
      from: m.from,
      to: m.to,
      subject: m.subject,
      html: m.html,
      text: m.text,
      ...(m.replyTo ? { replyTo: m.replyTo } : {}),
      ...(m.headers && Object.keys(m.headers).length ? { headers: m.headers } : {}),
      ...(m.tags?.length ? { tags: m.tags } : {}),
    })),
    { idempotencyKey: opts.idempotencyKey },
  );
  if (error || !data) throw deliveryErrorFromResend(error, headers);
  const ids = (data.data ?? []).map((d) => d.id);
  if (ids.length !== messages.length || ids.some((id) => typeof id !== "string" || !id)) {
    throw new EmailDeliveryError(
      `Resend answered ${ids.length} email ids for a batch of ${messages.length}.`,
      { retriable: false, statusCode: null, code: "unexpected_response" },
    );
  }
  return { ids };
}
