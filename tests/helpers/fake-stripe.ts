import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { readBody } from "./read-body";

/**
 * A local stand-in for the part of Stripe's API invoices use, on 127.0.0.1 and a random port, with the
 * documented shapes (docs.stripe.com/api/checkout/sessions): `POST /v1/checkout/sessions` takes the
 * SDK's form-encoded body, checks `Authorization: Bearer sk_…`, honours `Idempotency-Key` (same key →
 * the same session) and answers a `checkout.session` object whose `url` is this fake's hosted page.
 * `GET /pay/{id}` is that page (a Pay button); pressing it completes the session: a
 * `checkout.session.completed` event signed with the webhook secret (the SDK's own
 * `generateTestHeaderString`) is POSTed to `webhookUrl`, then the browser goes to `success_url`.
 * Point the app at it with STRIPE_API_BASE_URL=fake.url.
 */
export interface FakeStripeSession {
  id: string;
  object: "checkout.session";
  mode: "payment";
  amount_total: number;
  currency: string;
  status: "open" | "complete";
  payment_status: "unpaid" | "paid";
  payment_intent: string | null;
  url: string;
  success_url: string;
  cancel_url: string;
  client_reference_id: string | null;
  customer_email: string | null;
  metadata: Record<string, string>;
  payment_method_types: string[];
  line_items_description: string;
}

export interface FakeStripe {
  url: string;
  /** Every POST /v1/checkout/sessions, with its idempotency key and parsed form fields. */
  requests: {
    authorization: string | undefined;
    idempotencyKey: string | undefined;
    form: Record<string, string>;
  }[];
  sessions: Map<string, FakeStripeSession>;
  /** Every refund made (POST /v1/refunds), and the paid payment intents with their amounts. */
  refunds: {
    id: string;
    amount: number;
    payment_intent: string;
    metadata: Record<string, string>;
    status: string;
  }[];
  paidIntents: Map<string, number>;
  /** Where completing a session POSTs its webhook, and the secret it signs with. */
  webhookUrl: string | null;
  webhookSecret: string;
  /** A signed `checkout.session.completed` event for `sessionId` (with overrides of the session). */
  completedEvent(
    sessionId: string,
    overrides?: Partial<FakeStripeSession>,
    eventId?: string,
  ): { payload: string; signature: string };
  close(): Promise<void>;
}

const rand = (n = 12) =>
  randomBytes(n)
    .toString("hex")
    .slice(0, n * 2);

export async function startFakeStripe(webhookSecret = `whsec_${rand(16)}`): Promise<FakeStripe> {
  const sessions = new Map<string, FakeStripeSession>();
  const byIdempotencyKey = new Map<string, string>();
  const requests: FakeStripe["requests"] = [];
  const refunds: FakeStripe["refunds"] = [];
  const refundsByKey = new Map<string, FakeStripe["refunds"][number]>();
  const paidIntents = new Map<string, number>();
  let base = "";

  const completedEvent: FakeStripe["completedEvent"] = (
    sessionId,
    overrides = {},
    eventId = `evt_${rand()}`,
  ) => {
    const s = sessions.get(sessionId);
    if (!s) throw new Error(`no session ${sessionId}`);
    const object = {
      ...s,
      status: "complete",
      payment_status: "paid",
      payment_intent: s.payment_intent ?? `pi_${rand()}`,
      ...overrides,
    };
    s.payment_intent = object.payment_intent;
    if (object.payment_intent) paidIntents.set(object.payment_intent, Number(object.amount_total));
    const payload = JSON.stringify({
      id: eventId,
      object: "event",
      api_version: "2025-10-29.clover",
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      pending_webhooks: 1,
      type: "checkout.session.completed",
      data: { object },
    });
    const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: fake.webhookSecret });
    return { payload, signature };
  };

  const server: Server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(typeof body === "string" ? body : JSON.stringify(body));
    };
    try {
      if (req.method === "POST" && url.pathname === "/v1/checkout/sessions") {
        const raw = await readBody(req);
        const form = Object.fromEntries(new URLSearchParams(raw));
        const authorization = req.headers.authorization;
        const idempotencyKey = req.headers["idempotency-key"] as string | undefined;
        requests.push({ authorization, idempotencyKey, form });
        if (!authorization?.match(/^Bearer (sk|rk)_test_\w+$/))
          return send(401, { error: { type: "invalid_request_error", message: "Invalid API Key provided" } });
        const known = idempotencyKey ? byIdempotencyKey.get(idempotencyKey) : undefined;
        if (known) return send(200, sessions.get(known), { "idempotent-replayed": "true" });
        const amount = Number(form["line_items[0][price_data][unit_amount]"]);
        if (!Number.isInteger(amount) || amount <= 0)
          return send(400, {
            error: {
              type: "invalid_request_error",
              param: "line_items[0][price_data][unit_amount]",
              message: "Invalid integer",
            },
          });
        const id = `cs_test_${rand()}`;
        const metadata: Record<string, string> = {};
        for (const [k, v] of Object.entries(form)) {
          const m = /^metadata\[(\w+)\]$/.exec(k);
          if (m?.[1]) metadata[m[1]] = v;
        }
        const session: FakeStripeSession = {
          id,
          object: "checkout.session",
          mode: "payment",
          amount_total: amount,
          currency: form["line_items[0][price_data][currency]"] ?? "",
          status: "open",
          payment_status: "unpaid",
          payment_intent: null,
          url: `${base}/pay/${id}`,
          success_url: form.success_url ?? "",
          cancel_url: form.cancel_url ?? "",
          client_reference_id: form.client_reference_id ?? null,
          customer_email: form.customer_email ?? null,
          metadata,
          payment_method_types: ["card"],
          line_items_description: form["line_items[0][price_data][product_data][name]"] ?? "",
        };
        sessions.set(id, session);
        if (idempotencyKey) byIdempotencyKey.set(idempotencyKey, id);
        return send(200, session);
      }
      if (req.method === "POST" && url.pathname === "/v1/refunds") {
        // docs.stripe.com/api/refunds/create: form-encoded, answers a `refund` object.
        const form = Object.fromEntries(new URLSearchParams(await readBody(req)));
        const authorization = req.headers.authorization;
        const idempotencyKey = req.headers["idempotency-key"] as string | undefined;
        if (!authorization?.match(/^Bearer (sk|rk)_test_\w+$/))
          return send(401, { error: { type: "invalid_request_error", message: "Invalid API Key provided" } });
        const known = idempotencyKey ? refundsByKey.get(idempotencyKey) : undefined;
        if (known) return send(200, known, { "idempotent-replayed": "true" });
        const intent = form.payment_intent ?? "";
        const refunded = refunds.filter((r) => r.payment_intent === intent).reduce((a, r) => a + r.amount, 0);
        const paid = paidIntents.get(intent);
        const amount = Number(form.amount);
        if (paid === undefined)
          return send(404, {
            error: {
              type: "invalid_request_error",
              code: "resource_missing",
              param: "payment_intent",
              message: `No such payment_intent: '${intent}'`,
            },
          });
        if (!Number.isInteger(amount) || amount <= 0 || amount > paid - refunded)
          return send(400, {
            error: {
              type: "invalid_request_error",
              code: "amount_too_large",
              param: "amount",
              message: `Refund amount (${amount}) is greater than unrefunded amount on charge (${paid - refunded})`,
            },
          });
        const refund = {
          id: `re_test_${rand()}`,
          object: "refund" as const,
          amount,
          currency: "inr",
          payment_intent: intent,
          reason: form.reason ?? null,
          metadata: Object.fromEntries(
            Object.entries(form).flatMap(([k, v]) => {
              const m = /^metadata\[(\w+)\]$/.exec(k);
              return m?.[1] ? [[m[1], v]] : [];
            }),
          ),
          status: "succeeded" as const,
        };
        refunds.push(refund);
        if (idempotencyKey) refundsByKey.set(idempotencyKey, refund);
        return send(200, refund);
      }
      const page = /^\/pay\/(cs_test_\w+)(\/confirm)?$/.exec(url.pathname);
      const session = page?.[1] ? sessions.get(page[1]) : undefined;
      if (page && session && req.method === "GET" && !page[2]) {
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        return res.end(
          `<!doctype html><meta name="viewport" content="width=device-width"><title>Pay</title><h1>Test checkout</h1><p>${session.line_items_description}</p><p>${session.currency.toUpperCase()} ${(session.amount_total / 100).toFixed(2)}</p><form method="post" action="/pay/${session.id}/confirm"><button>Pay</button></form>`,
        );
      }
      if (page && session && req.method === "POST" && page[2]) {
        const { payload, signature } = completedEvent(session.id);
        session.status = "complete";
        session.payment_status = "paid";
        if (fake.webhookUrl)
          await fetch(fake.webhookUrl, {
            method: "POST",
            headers: { "content-type": "application/json", "stripe-signature": signature },
            body: payload,
          });
        res.writeHead(303, { location: session.success_url });
        return res.end();
      }
      send(404, {
        error: {
          type: "invalid_request_error",
          message: `Unrecognized request URL (${req.method}: ${url.pathname})`,
        },
      });
    } catch (e) {
      send(500, { error: { type: "api_error", message: String(e) } });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const fake: FakeStripe = {
    url: base,
    requests,
    sessions,
    refunds,
    paidIntents,
    webhookUrl: null,
    webhookSecret,
    completedEvent,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  return fake;
}
