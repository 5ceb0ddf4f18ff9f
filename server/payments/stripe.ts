import type Stripe from "stripe";

/**
 * The Stripe adapter: a client per business secret key, through the official SDK. STRIPE_API_BASE_URL
 * (e.g. http://127.0.0.1:12111) points the SDK at another host (a local fake in tests) with its `host`,
 * `port` and `protocol` options; unset, it talks to api.stripe.com. The SDK is loaded on first use, so a
 * process that takes no payments does not hold it in memory.
 */
export async function stripeClient(secretKey: string): Promise<Stripe> {
  const { default: Stripe } = await import("stripe");
  const base = process.env.STRIPE_API_BASE_URL?.trim();
  if (!base) return new Stripe(secretKey, { maxNetworkRetries: 2, timeout: 20_000 });
  const url = new URL(base);
  return new Stripe(secretKey, {
    host: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    protocol: url.protocol === "http:" ? "http" : "https",
    maxNetworkRetries: 0,
    timeout: 10_000,
  });
}

export interface StripeCheckoutInput {
  /** Minor units (Stripe's `unit_amount`: the smallest currency unit). */
  amount: number;
  /** ISO 4217, any case. */
  currency: string;
  /** The line the customer sees, e.g. "Invoice INV/2026-27/0001 from Sharma Clinic". */
  description: string;
  customerEmail?: string | null;
  successUrl: string;
  cancelUrl: string;
  /** Copied onto the session and its PaymentIntent, e.g. { invoice_id, business_id }. */
  metadata: Record<string, string>;
  /** Stripe's Idempotency-Key: the same key returns the same session (24 h). */
  idempotencyKey: string;
}

/**
 * Creates a Stripe Checkout Session in payment mode for one line of `amount` (docs.stripe.com/api/checkout/
 * sessions/create). Output: the session id (`cs_…`) and the hosted page's URL. Errors: Stripe's
 * (`StripeError`), thrown as they come.
 */
export async function createStripeCheckout(
  secretKey: string,
  input: StripeCheckoutInput,
): Promise<{ id: string; url: string }> {
  const session = await (await stripeClient(secretKey)).checkout.sessions.create(
    {
      mode: "payment",
      line_items: [
        {
          quantity: 1,
          price_data: {
            currency: input.currency.toLowerCase(),
            unit_amount: input.amount,
            product_data: { name: input.description },
          },
        },
      ],
      client_reference_id: input.metadata.invoice_id,
      customer_email: input.customerEmail ?? undefined,
      success_url: input.successUrl,
      cancel_url: input.cancelUrl,
      metadata: input.metadata,
      payment_intent_data: { metadata: input.metadata },
    },
    { idempotencyKey: input.idempotencyKey },
  );
  if (!session.url) throw new Error("Stripe returned a Checkout Session without a URL");
  return { id: session.id, url: session.url };
}

/**
 * The event of a Stripe webhook request, its `Stripe-Signature` checked against `webhookSecret` over the
 * raw body (HMAC-SHA256, 5-minute tolerance: docs.stripe.com/webhooks#verify-events). Errors:
 * `Stripe.errors.StripeSignatureVerificationError` for a bad or stale signature.
 */
export async function verifyStripeEvent(
  rawBody: string,
  signature: string,
  webhookSecret: string,
): Promise<Stripe.Event> {
  const { default: Stripe } = await import("stripe");
  return Stripe.webhooks.constructEvent(rawBody, signature, webhookSecret);
}

export type { Stripe };

/**
 * Refunds a Stripe payment (docs.stripe.com/api/refunds/create): `POST /v1/refunds` with the payment
 * intent and the amount (minor units), `Idempotency-Key` set so a retried call refunds once.
 * Output: the refund id (`re_…`) and whether it is final (`succeeded`) or still `pending`.
 * Errors: Stripe's error (a refused refund: more than is left, a disputed charge…).
 */
export async function createStripeRefund(
  secretKey: string,
  input: { paymentIntent: string; amount: number; idempotencyKey: string; metadata: Record<string, string> },
): Promise<{ id: string; status: "succeeded" | "pending" }> {
  const refund = await (await stripeClient(secretKey)).refunds.create(
    {
      payment_intent: input.paymentIntent,
      amount: input.amount,
      reason: "requested_by_customer",
      metadata: input.metadata,
    },
    { idempotencyKey: input.idempotencyKey },
  );
  if (refund.status === "failed" || refund.status === "canceled")
    throw new Error(
      `Stripe did not refund it (${refund.status}${refund.failure_reason ? `: ${refund.failure_reason}` : ""}).`,
    );
  return { id: refund.id, status: refund.status === "succeeded" ? "succeeded" : "pending" };
}
