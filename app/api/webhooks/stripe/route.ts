import { getDb } from "@/db/client";
import { limitBody } from "@/server/http/body-limit";
import { errorResponse } from "@/server/http-errors";
import { handleStripeWebhook } from "@/server/services/payments";

/*
 * POST /api/webhooks/stripe: Stripe events for invoice checkouts (docs.stripe.com/webhooks). The raw
 * body (under 256 KiB, 413 past it) is verified as received with the business's signing secret; a bad
 * signature is 400 and nothing is stored; a replayed event is 200 and changes nothing
 * (server/services/payments/webhooks.ts).
 */
const MAX_BODY_BYTES = 256 * 1024;

export async function POST(req: Request) {
  try {
    const limited = await limitBody(req, MAX_BODY_BYTES);
    if (limited instanceof Response) return limited;
    const raw = await limited.text();
    const r = await handleStripeWebhook(await getDb(), raw, req.headers.get("stripe-signature"));
    return Response.json({ outcome: r.outcome, message: r.message }, { status: r.status });
  } catch (e) {
    return errorResponse(e, "Stripe webhook failed");
  }
}
