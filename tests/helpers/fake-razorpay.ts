import { createHmac, randomBytes } from "node:crypto";
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { readBody } from "./read-body";

/**
 * A local stand-in for Razorpay's Payment Links API (razorpay.com/docs/api/payments/payment-links), on
 * 127.0.0.1 and a random port: `POST /v1/payment_links` checks HTTP Basic auth (key id and secret),
 * refuses a repeated `reference_id` as Razorpay does (400 BAD_REQUEST_ERROR) and answers the link with a
 * `short_url` on this fake. `GET /rzp/{id}` is the hosted page; paying there POSTs a
 * `payment_link.paid` event to `webhookUrl`, signed as Razorpay signs (`X-Razorpay-Signature`: hex
 * HMAC-SHA256 of the raw body under the webhook secret) with an `X-Razorpay-Event-Id`, then sends the
 * browser to the link's `callback_url`. Point the app at it with RAZORPAY_API_BASE_URL=fake.url.
 */
export interface FakeRazorpayLink {
  id: string;
  entity: "payment_link";
  amount: number;
  amount_paid: number;
  currency: string;
  status: "created" | "paid";
  reference_id: string;
  description: string;
  short_url: string;
  callback_url: string;
  notes: Record<string, string>;
  customer: Record<string, string>;
}

export interface FakeRazorpay {
  url: string;
  keyId: string;
  keySecret: string;
  webhookSecret: string;
  webhookUrl: string | null;
  requests: { authorization: string | undefined; body: Record<string, unknown> }[];
  links: Map<string, FakeRazorpayLink>;
  /** Every refund made (POST /v1/payments/{id}/refund). */
  refunds: {
    id: string;
    amount: number;
    payment_id: string;
    notes: Record<string, string>;
    status: string;
  }[];
  /** A signed `payment_link.paid` event for `linkId`; `payment` overrides the payment entity. */
  paidEvent(
    linkId: string,
    payment?: Record<string, unknown>,
    eventId?: string,
  ): { body: string; headers: Record<string, string> };
  close(): Promise<void>;
}

const rand = (n = 14) => randomBytes(n).toString("base64url").replace(/[-_]/g, "x").slice(0, n);

export async function startFakeRazorpay(): Promise<FakeRazorpay> {
  const keyId = `rzp_test_${rand()}`;
  const keySecret = rand(24);
  const links = new Map<string, FakeRazorpayLink>();
  const requests: FakeRazorpay["requests"] = [];
  const refunds: FakeRazorpay["refunds"] = [];
  const paidPayments = new Map<string, number>();
  let base = "";

  const paidEvent: FakeRazorpay["paidEvent"] = (linkId, payment = {}, eventId = `evt_${rand()}`) => {
    const link = links.get(linkId);
    if (!link) throw new Error(`no link ${linkId}`);
    const pay = {
      id: `pay_${rand()}`,
      entity: "payment",
      amount: link.amount,
      currency: link.currency,
      status: "captured",
      method: "upi",
      vpa: "customer@okicici",
      captured: true,
      notes: link.notes,
      created_at: Math.floor(Date.now() / 1000),
      ...payment,
    };
    paidPayments.set(pay.id, Number(pay.amount));
    const body = JSON.stringify({
      entity: "event",
      account_id: "acc_TestAccount01",
      event: "payment_link.paid",
      contains: ["payment_link", "order", "payment"],
      payload: {
        payment_link: { entity: { ...link, status: "paid", amount_paid: pay.amount } },
        order: {
          entity: {
            id: `order_${rand()}`,
            entity: "order",
            amount: link.amount,
            amount_paid: pay.amount,
            status: "paid",
          },
        },
        payment: { entity: pay },
      },
      created_at: Math.floor(Date.now() / 1000),
    });
    const signature = createHmac("sha256", fake.webhookSecret).update(body).digest("hex");
    return {
      body,
      headers: {
        "content-type": "application/json",
        "x-razorpay-signature": signature,
        "x-razorpay-event-id": eventId,
      },
    };
  };

  const server: Server = createServer(async (req, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    const bad = (description: string, field?: string) =>
      send(400, {
        error: {
          code: "BAD_REQUEST_ERROR",
          description,
          source: "business",
          step: "payment_initiation",
          reason: "input_validation_failed",
          field,
        },
      });
    try {
      const refundPath = /^\/v1\/payments\/(pay_\w+)\/refund$/.exec(url.pathname);
      if (req.method === "POST" && refundPath) {
        // razorpay.com/docs/api/refunds/create-normal: JSON body, answers a `refund` entity.
        const authorization = req.headers.authorization;
        const body = JSON.parse((await readBody(req)) || "{}") as Record<string, unknown>;
        if (authorization !== `Basic ${Buffer.from(`${keyId}:${keySecret}`).toString("base64")}`)
          return send(401, { error: { code: "BAD_REQUEST_ERROR", description: "Authentication failed" } });
        const paymentId = refundPath[1]!;
        const paid = paidPayments.get(paymentId);
        if (paid === undefined) return bad(`${paymentId} is not a valid id`);
        const done = refunds.filter((r) => r.payment_id === paymentId).reduce((a, r) => a + r.amount, 0);
        const amount = body.amount === undefined ? paid - done : Number(body.amount);
        if (!Number.isInteger(amount) || amount < 100)
          return bad("The amount must be at least INR 1.00", "amount");
        if (amount > paid - done)
          return bad("The refund amount provided is greater than amount captured", "amount");
        const refund = {
          id: `rfnd_${rand()}`,
          entity: "refund" as const,
          amount,
          currency: "INR",
          payment_id: paymentId,
          notes: (body.notes ?? {}) as Record<string, string>,
          receipt: (body.receipt as string | undefined) ?? null,
          created_at: Math.floor(Date.now() / 1000),
          status: "processed" as const,
          speed_requested: String(body.speed ?? "normal"),
          speed_processed: "normal",
        };
        refunds.push(refund);
        return send(200, refund);
      }
      if (req.method === "POST" && url.pathname === "/v1/payment_links") {
        const authorization = req.headers.authorization;
        const body = JSON.parse((await readBody(req)) || "{}") as Record<string, unknown>;
        requests.push({ authorization, body });
        if (authorization !== `Basic ${Buffer.from(`${keyId}:${keySecret}`).toString("base64")}`)
          return send(401, { error: { code: "BAD_REQUEST_ERROR", description: "Authentication failed" } });
        const amount = Number(body.amount);
        if (!Number.isInteger(amount) || amount < 100)
          return bad("The amount must be atleast INR 1.00", "amount");
        const referenceId = String(body.reference_id ?? "");
        if ([...links.values()].some((l) => l.reference_id === referenceId))
          return bad(`Payment Link with reference id ${referenceId} already exists`, "reference_id");
        const id = `plink_${rand()}`;
        const link: FakeRazorpayLink = {
          id,
          entity: "payment_link",
          amount,
          amount_paid: 0,
          currency: String(body.currency ?? "INR"),
          status: "created",
          reference_id: referenceId,
          description: String(body.description ?? ""),
          short_url: `${base}/rzp/${id}`,
          callback_url: String(body.callback_url ?? ""),
          notes: (body.notes as Record<string, string>) ?? {},
          customer: (body.customer as Record<string, string>) ?? {},
        };
        links.set(id, link);
        return send(200, link);
      }
      const page = /^\/rzp\/(plink_\w+)(\/confirm)?$/.exec(url.pathname);
      const link = page?.[1] ? links.get(page[1]) : undefined;
      if (page && link && req.method === "GET" && !page[2]) {
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        return res.end(
          `<!doctype html><meta name="viewport" content="width=device-width"><title>Razorpay</title><h1>Test payment link</h1><p>${link.description}</p><p>₹${(link.amount / 100).toFixed(2)}</p><form method="post" action="/rzp/${link.id}/confirm"><button>Pay by UPI</button></form>`,
        );
      }
      if (page && link && req.method === "POST" && page[2]) {
        const event = paidEvent(link.id);
        link.status = "paid";
        if (fake.webhookUrl)
          await fetch(fake.webhookUrl, { method: "POST", headers: event.headers, body: event.body });
        res.writeHead(303, { location: link.callback_url });
        return res.end();
      }
      send(404, {
        error: { code: "BAD_REQUEST_ERROR", description: "The requested URL was not found on the server." },
      });
    } catch (e) {
      send(500, { error: { code: "SERVER_ERROR", description: String(e) } });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const fake: FakeRazorpay = {
    url: base,
    keyId,
    keySecret,
    webhookSecret: rand(20),
    webhookUrl: null,
    requests,
    links,
    refunds,
    paidEvent,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  return fake;
}
