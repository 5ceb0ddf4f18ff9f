/**
 * Campaign sending rates, read from the environment when the functions are defined (Inngest's flow
 * control is part of a function's definition):
 * - CAMPAIGN_EMAIL_REQUESTS_PER_SECOND (default 2: Resend's default API rate limit, one batch of up to
 *   100 emails per request; resend.com/docs/api-reference/introduction#rate-limit);
 * - CAMPAIGN_WHATSAPP_MESSAGES_PER_SECOND (default 80: the Cloud API's default throughput per phone
 *   number; developers.facebook.com/docs/whatsapp/throughput).
 * A business may set lower rates in its messaging settings.
 */
export function campaignBatchSettings() {
  const num = (v: string | undefined, fallback: number, max: number) => {
    const n = Number(v);
    return Number.isFinite(n) && n > 0 ? Math.min(n, max) : fallback;
  };
  const whatsappPerSecond = num(process.env.CAMPAIGN_WHATSAPP_MESSAGES_PER_SECOND, 80, 1000);
  const emailRequestsPerSecond = num(process.env.CAMPAIGN_EMAIL_REQUESTS_PER_SECOND, 2, 100);
  return {
    emailRequestsPerSecond,
    /**
     * Email batches in flight per business: a quarter second of requests at the rate, at least two
     * (Little's law: a batch's round trips take up to ~250 ms on a busy server, so the throttle, not a
     * batch's latency, sets the pace; 2 at the default rate, 5 at 20 requests/s).
     */
    emailBatchesInFlight: Math.max(2, Math.ceil(emailRequestsPerSecond / 4)),
    whatsappMessagesPerSecond: whatsappPerSecond,
    /** Recipients per email batch: Resend's batch maximum. */
    emailBatchSize: 100,
    /** Recipients per WhatsApp batch: one second of sending at the rate. */
    whatsappBatchSize: Math.max(1, Math.round(whatsappPerSecond)),
  };
}
