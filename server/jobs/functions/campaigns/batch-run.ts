import { NonRetriableError, RetryAfterError } from "inngest";
import { getDb } from "@/db/client";
import { completeIfDone, failClaims } from "@/server/services/campaigns/batch";

/* What the email and WhatsApp batch functions share: their failure handler and their retry rules. */

/**
 * `onFailure` of a campaign batch function: the recipients the failed run claimed are `failed` with the
 * last error (they are not queued again; see `failClaims`), and the campaign completes if nothing is left.
 */
export async function failBatchRun({
  event,
  error,
}: {
  event: { data: { event: { data: unknown }; run_id?: string } };
  error: { message: string };
}): Promise<void> {
  const data = event.data.event.data as { campaignId?: string; businessId?: string };
  const runId = event.data.run_id;
  if (!data.campaignId || !data.businessId || !runId) return;
  const db = await getDb();
  const ids = { businessId: data.businessId, campaignId: data.campaignId };
  await failClaims(db, { ...ids, claimKey: runId }, error.message);
  await completeIfDone(db, ids);
}

/** A provider error the batch functions know how to retry (EmailDeliveryError, WhatsappError). */
interface ProviderError extends Error {
  readonly retriable: boolean;
  readonly retryAfterMs?: number;
}

/**
 * Runs a batch send and turns a provider's error into Inngest's retry rules: wait out its Retry-After,
 * stop at once when no retry can help, otherwise retry with backoff (any other error is rethrown).
 */
export async function withProviderRetries<T>(
  send: () => Promise<T>,
  isProviderError: (err: unknown) => err is ProviderError,
): Promise<T> {
  try {
    return await send();
  } catch (err) {
    if (isProviderError(err) && err.retryAfterMs) throw new RetryAfterError(err.message, err.retryAfterMs);
    if (isProviderError(err) && !err.retriable) throw new NonRetriableError(err.message);
    throw err;
  }
}
