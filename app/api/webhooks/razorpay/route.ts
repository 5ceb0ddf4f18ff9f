import { getDb } from "@/db/client";
import { limitBody } from "@/server/http/body-limit";
import { errorResponse } from "@/server/http-errors";
import { handleRazorpayWebhook } from "@/server/services/payments";

/*
 * POST /api/webhooks/razorpay: Razorpay events for invoice Payment Links (razorpay.com/docs/webhooks).
 * The raw body (under 256 KiB) is checked against `X-Razorpay-Signature` with the business's webhook
 * secret; a bad signature is 400 and nothing is stored; an event id seen before
 * (`X-Razorpay-Event-Id`) is 200 and changes nothing.
 */
const MAX_BODY_BYTES = 256 * 1024;

export async function POST(req: Request) {
  try {
    const limited = await limitBody(req, MAX_BODY_BYTES);
    if (limited instanceof Response) return limited;
    const raw = await limited.text();
    const r = await handleRazorpayWebhook(
      await getDb(),
      raw,
      req.headers.get("x-razorpay-signature"),
      req.headers.get("x-razorpay-event-id"),
    );
    return Response.json({ outcome: r.outcome, message: r.message }, { status: r.status });
  } catch (e) {
    return errorResponse(e, "Razorpay webhook failed");
  }
}
