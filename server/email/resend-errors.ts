/**
 * How a failed Resend call becomes an `EmailDeliveryError`, shared by the single send (transport.ts)
 * and the batch send (batch.ts). Resend answers errors as `{ statusCode, name, message }` with the
 * names and statuses of resend.com/docs/api-reference/errors; the SDK hands them back as
 * `{ data: null, error, headers }` (statusCode null when the request never got an answer).
 */

/**
 * A failed delivery. `retriable` is true for failures another attempt can fix (network, HTTP 429,
 * 409 concurrent idempotent request, 5xx); `retryAfterMs` comes from a Retry-After header.
 * `code` is the provider's error name (e.g. `validation_error`, `rate_limit_exceeded`), null when
 * there was no answer; `message` is a sentence a member can read.
 */
export class EmailDeliveryError extends Error {
  readonly retriable: boolean;
  readonly statusCode: number | null;
  readonly retryAfterMs?: number;
  readonly code: string | null;

  constructor(
    message: string,
    opts: { retriable: boolean; statusCode: number | null; retryAfterMs?: number; code?: string | null },
  ) {
    super(message);
    this.name = "EmailDeliveryError";
    this.retriable = opts.retriable;
    this.statusCode = opts.statusCode;
    this.retryAfterMs = opts.retryAfterMs;
    this.code = opts.code ?? null;
  }
}

/** What the Resend SDK returns in `error` (ErrorResponse), loosely: it comes from the wire. */
export interface ResendErrorShape {
  name?: string | null;
  message?: string | null;
  statusCode?: number | null;
}

/**
 * Whether another attempt with the same request can succeed: no answer (network), 409
 * `concurrent_idempotent_requests` (the first request with this key is still running), 429 (rate limit
 * or quota) and 5xx. A 409 `invalid_idempotent_request` (same key, different body) never will.
 */
export function isRetriableResendError(statusCode: number | null, name: string | null): boolean {
  if (statusCode === null) return true;
  if (statusCode === 409) return name !== "invalid_idempotent_request";
  return statusCode === 429 || statusCode >= 500;
}

/** Milliseconds from a `Retry-After` header in seconds (RFC 9110 §10.2.3); undefined when absent or a date. */
export function retryAfterMsOf(headers: Record<string, string> | null | undefined): number | undefined {
  const seconds = Number(headers?.["retry-after"]);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}

const sentences: Record<string, string> = {
  missing_api_key: "The Resend API key is missing.",
  invalid_api_key: "The Resend API key is not valid. Check it in the messaging settings.",
  restricted_api_key: "The Resend API key is not allowed to do this.",
  invalid_from_address: "The From address is not valid, or its domain is not verified in Resend.",
  invalid_idempotency_key: "The request's idempotency key was refused by Resend.",
  invalid_idempotent_request: "Resend saw this message before with different content and refused it.",
  concurrent_idempotent_requests: "Resend is still processing the same message; it will be tried again.",
  rate_limit_exceeded: "Resend's rate limit was reached; it will be tried again.",
  daily_quota_exceeded: "The Resend account's daily sending quota is used up.",
  monthly_quota_exceeded: "The Resend account's monthly sending quota is used up.",
  internal_server_error: "Resend had a temporary problem; it will be tried again.",
  application_error: "Resend could not be reached or answered unexpectedly.",
};

/**
 * The `EmailDeliveryError` for a Resend SDK error: retriable per `isRetriableResendError`, the
 * Retry-After delay, the provider's `name` as `code`, and a sentence (ours for known names, Resend's
 * own message for validation errors, which say which field is wrong) followed by the code in brackets.
 */
export function deliveryErrorFromResend(
  error: ResendErrorShape | null | undefined,
  headers: Record<string, string> | null | undefined,
): EmailDeliveryError {
  const statusCode = typeof error?.statusCode === "number" ? error.statusCode : null;
  const code = error?.name || null;
  const providerMessage = error?.message?.trim() || null;
  const known = code ? sentences[code] : undefined;
  const message =
    code === "validation_error" || code === "missing_required_field" || !known
      ? `Resend refused the message: ${providerMessage ?? code ?? "no answer"}`
      : known;
  // The provider's code stays in the message too, for logs and the stored error of a transactional email.
  return new EmailDeliveryError(code ? `${message} (${code})` : message, {
    retriable: isRetriableResendError(statusCode, code),
    statusCode,
    retryAfterMs: retryAfterMsOf(headers),
    code,
  });
}
