import { clientIp } from "@/server/auth/client-ip";
import { chargeOrWait, createLimiter } from "@/server/rate-limit";

/**
 * Requests to unsubscribe links (the page and its POSTs) per client IP: 300 a minute. Generous on
 * purpose: one-click unsubscribes (RFC 8058) are POSTed by the mailbox provider's servers, so many
 * people's clicks arrive from a few Gmail or Yahoo addresses; the limit stops a script walking tokens,
 * not people.
 */
export const unsubscribeLimiter = createLimiter({ keyPrefix: "unsubscribe_ip", points: 300, duration: 60 });

/**
 * Charges one request of the client that sent `headers` (see `clientIp`; an unknown client is not
 * limited). Output: 0 when allowed, else the seconds to wait before the next request.
 */
export async function chargeUnsubscribeRequest(headers: Headers): Promise<number> {
  const ip = clientIp(headers);
  if (!ip) return 0;
  return chargeOrWait(unsubscribeLimiter, ip);
}
