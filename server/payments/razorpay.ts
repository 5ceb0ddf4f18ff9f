import type Razorpay from "razorpay";

/**
 * The Razorpay adapter: a client per business key pair, through the official SDK. RAZORPAY_API_BASE_URL
 * (e.g. http://127.0.0.1:12112) points the SDK's HTTP client at another host (a local fake in tests);
 * unset, it talks to api.razorpay.com.
 */
export async function razorpayClient(keyId: string, keySecret: string): Promise<Razorpay> {
  const { default: Razorpay } = await import("razorpay");
  const client = new Razorpay({ key_id: keyId, key_secret: keySecret });
  const base = process.env.RAZORPAY_API_BASE_URL?.trim();
  // The SDK builds its axios instance with a fixed host; its defaults are the documented way to change it.
  if (base)
    (client as unknown as { api: { rq: { defaults: { baseURL: string } } } }).api.rq.defaults.baseURL = base;
  return client;
}

export interface RazorpayLinkInput {
  /** Minor units (paise). */
  amount: number;
  currency: string;
  description: string;
  /** Our reference, unique per link in the Razorpay account (≤ 40 characters). */
  referenceId: string;
  customer?: { name?: string; email?: string; contact?: string };
  /** Where Razorpay sends the customer after paying (GET with the payment's ids and signature). */
  callbackUrl: string;
  notes: Record<string, string>;
}

/**
 * Creates a Razorpay Payment Link (razorpay.com/docs/api/payments/payment-links/create-standard): UPI,
 * cards, netbanking and wallets on Razorpay's hosted page; Razorpay's own SMS and email are off (we send
 * our own). Output: the link id (`plink_…`) and its short URL. Errors: Razorpay's `{ statusCode, error }`.
 */
export async function createRazorpayLink(
  keyId: string,
  keySecret: string,
  input: RazorpayLinkInput,
): Promise<{ id: string; url: string }> {
  const links = (await razorpayClient(keyId, keySecret)).paymentLink;
  // The SDK's overloads (promise or callback) type the promise form as `Promise & void`.
  const create = links.create as unknown as (body: object) => Promise<{ id: string; short_url: string }>;
  const link = await create.call(links, {
    amount: input.amount,
    currency: input.currency,
    accept_partial: false,
    description: input.description.slice(0, 2048),
    reference_id: input.referenceId,
    customer: input.customer ?? {},
    notify: { sms: false, email: false },
    reminder_enable: false,
    callback_url: input.callbackUrl,
    callback_method: "get",
    notes: input.notes,
  });
  return { id: link.id, url: link.short_url };
}

/**
 * Whether `signature` (`X-Razorpay-Signature`) is the HMAC-SHA256 of the raw body under the webhook
 * secret (razorpay.com/docs/webhooks/validate-test), checked by the SDK's own helper.
 */
export async function verifyRazorpaySignature(
  rawBody: string,
  signature: string,
  webhookSecret: string,
): Promise<boolean> {
  const { default: Razorpay } = await import("razorpay");
  try {
    return Razorpay.validateWebhookSignature(rawBody, signature, webhookSecret);
  } catch {
    return false;
  }
}

/**
 * Refunds a Razorpay payment (razorpay.com/docs/api/refunds/create-normal): `POST
 * /v1/payments/{id}/refund` with the amount (minor units), normal speed, our refund id as the receipt.
 * Output: the refund id (`rfnd_…`) and whether it is `processed` (succeeded) or still `pending`.
 * Errors: Razorpay's `{ statusCode, error }` (e.g. more than the payment, or the balance is too low).
 */
export async function createRazorpayRefund(
  keyId: string,
  keySecret: string,
  input: { paymentId: string; amount: number; receipt: string; notes: Record<string, string> },
): Promise<{ id: string; status: "succeeded" | "pending" }> {
  const payments = (await razorpayClient(keyId, keySecret)).payments;
  const refund = (await (payments.refund as unknown as (id: string, body: object) => Promise<unknown>).call(
    payments,
    input.paymentId,
    { amount: input.amount, speed: "normal", receipt: input.receipt.slice(0, 40), notes: input.notes },
  )) as { id: string; status: string };
  if (refund.status === "failed") throw new Error("Razorpay did not refund it (failed).");
  return { id: refund.id, status: refund.status === "processed" ? "succeeded" : "pending" };
}
