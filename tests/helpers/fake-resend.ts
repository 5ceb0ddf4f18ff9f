import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "svix";

/**
 * A local stand-in for Resend's HTTP API (POST /emails and POST /emails/batch), on 127.0.0.1 and a
 * random port, with the documented payloads: `/emails` answers `200 { "id": "<uuid>" }`;
 * `/emails/batch` takes a JSON array of up to 100 emails and answers `200 { "data": [{ "id" }, …] }`
 * in request order (resend.com/docs/dashboard/emails/batch-sending); errors are
 * `{ "statusCode", "name", "message" }` (resend.com/docs/api-reference/errors): 401 missing_api_key,
 * 403 invalid_api_key, 422 validation_error, 429 rate_limit_exceeded, 500 internal_server_error. It
 * checks `Authorization: Bearer <key>`, honours `Idempotency-Key` like Resend (same key → the first
 * response again, nothing sent a second time), records every request and can be told to fail the next
 * N requests (with `Retry-After` for 429s).
 *
 * Point the Resend SDK at it with `RESEND_BASE_URL=fake.url` (the SDK reads it per client).
 */
export interface RecordedResendRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  idempotencyKey: string | undefined;
  /** An object for /emails, an array for /emails/batch. */
  body: Record<string, unknown> | Record<string, unknown>[];
}

export interface FakeResend {
  url: string;
  apiKey: string;
  /** Every request received, in order (including failed ones). */
  requests: RecordedResendRequest[];
  /** Emails actually "sent" (successful, not replayed from an idempotency key), single or batched. */
  sent: Array<{ id: string; body: Record<string, unknown> }>;
  /** Every POST /emails/batch, in order, with what it answered (ids, or the error status). */
  batches: Array<{
    idempotencyKey: string | undefined;
    emails: Record<string, unknown>[];
    status: number;
    ids: string[];
    replayed: boolean;
    /** When it was answered (ms since the epoch). */
    at: number;
  }>;
  /** Answers the next `count` POST /emails or /emails/batch with `status` (500, 429, 422...). */
  failNext(count: number, status?: number, opts?: { retryAfterSeconds?: number }): void;
  reset(): void;
  close(): Promise<void>;
}

const errorNames: Record<number, { name: string; message: string }> = {
  400: { name: "validation_error", message: "We found an error with one or more fields in the request." },
  401: { name: "missing_api_key", message: "Missing API key in the authorization header." },
  403: { name: "invalid_api_key", message: "API key is invalid." },
  409: {
    name: "concurrent_idempotent_requests",
    message: "Same idempotency key used while the original request is still in progress.",
  },
  422: { name: "validation_error", message: "Invalid `to` field." },
  429: {
    name: "rate_limit_exceeded",
    message: "Too many requests. You can only make 2 requests per second.",
  },
  500: { name: "internal_server_error", message: "An unexpected error occurred." },
};

export async function startFakeResend(apiKey = "re_test_key"): Promise<FakeResend> {
  const requests: RecordedResendRequest[] = [];
  const sent: FakeResend["sent"] = [];
  const batches: FakeResend["batches"] = [];
  const byIdempotencyKey = new Map<string, string>();
  const batchByIdempotencyKey = new Map<string, string[]>();
  let failures: Array<{ status: number; retryAfterSeconds?: number }> = [];

  const server: Server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const raw = await readBody(req);
    let parsed: unknown = {};
    try {
      parsed = raw ? JSON.parse(raw) : {};
    } catch {
      return sendError(res, 400);
    }
    const body = parsed as Record<string, unknown>;
    const idempotencyKey = header(req, "idempotency-key");
    const authorization = header(req, "authorization");
    requests.push({
      method: req.method ?? "",
      path: req.url ?? "",
      authorization,
      idempotencyKey,
      body: parsed as RecordedResendRequest["body"],
    });

    if (req.method === "POST" && req.url === "/emails/batch") {
      if (!authorization) return sendError(res, 401);
      if (authorization !== `Bearer ${apiKey}`) return sendError(res, 403);
      const emails = (Array.isArray(parsed) ? parsed : []) as Record<string, unknown>[];
      const record = (status: number, ids: string[] = [], replayed = false) =>
        batches.push({ idempotencyKey, emails, status, ids, replayed, at: Date.now() });
      const failure = failures.shift();
      if (failure) {
        if (failure.retryAfterSeconds) res.setHeader("retry-after", String(failure.retryAfterSeconds));
        record(failure.status);
        return sendError(res, failure.status);
      }
      if (idempotencyKey) {
        const previous = batchByIdempotencyKey.get(idempotencyKey);
        if (previous) {
          record(200, previous, true);
          return sendJson(res, 200, { data: previous.map((id) => ({ id })) });
        }
      }
      if (!Array.isArray(parsed) || emails.length === 0) {
        record(422);
        return sendError(res, 422, "validation_error", "The request body must be an array of emails.");
      }
      if (emails.length > 100) {
        record(422);
        return sendError(res, 422, "validation_error", "Too many emails in the batch: the maximum is 100.");
      }
      for (const [i, email] of emails.entries()) {
        for (const field of ["from", "to", "subject"]) {
          if (!email?.[field]) {
            record(422);
            return sendError(res, 422, "missing_required_field", `emails[${i}]: Missing \`${field}\` field.`);
          }
        }
      }
      const ids = emails.map(() => randomUUID());
      for (const [i, email] of emails.entries()) sent.push({ id: ids[i]!, body: email });
      if (idempotencyKey) batchByIdempotencyKey.set(idempotencyKey, ids);
      record(200, ids);
      return sendJson(res, 200, { data: ids.map((id) => ({ id })) });
    }

    if (req.method !== "POST" || req.url !== "/emails") return sendError(res, 404, "not_found", "Not found.");
    if (!authorization) return sendError(res, 401);
    if (authorization !== `Bearer ${apiKey}`) return sendError(res, 403);

    const failure = failures.shift();
    if (failure) {
      if (failure.retryAfterSeconds) res.setHeader("retry-after", String(failure.retryAfterSeconds));
      return sendError(res, failure.status);
    }
    for (const field of ["from", "to", "subject"]) {
      if (!body[field]) return sendError(res, 422, "missing_required_field", `Missing \`${field}\` field.`);
    }
    if (idempotencyKey) {
      const previous = byIdempotencyKey.get(idempotencyKey);
      if (previous) return sendJson(res, 200, { id: previous });
    }
    const id = randomUUID();
    if (idempotencyKey) byIdempotencyKey.set(idempotencyKey, id);
    sent.push({ id, body });
    return sendJson(res, 200, { id });
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    requests,
    sent,
    batches,
    failNext(count, status = 500, opts = {}) {
      for (let i = 0; i < count; i++) failures.push({ status, retryAfterSeconds: opts.retryAfterSeconds });
    },
    reset() {
      requests.length = 0;
      sent.length = 0;
      batches.length = 0;
      failures = [];
      byIdempotencyKey.clear();
      batchByIdempotencyKey.clear();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function sendJson(res: ServerResponse, status: number, payload: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(payload));
}

function sendError(res: ServerResponse, statusCode: number, name?: string, message?: string): void {
  const known = errorNames[statusCode] ?? { name: "application_error", message: "Unexpected error." };
  sendJson(res, statusCode, { statusCode, name: name ?? known.name, message: message ?? known.message });
}

// ---------------------------------------------------------------------------------------------------
// Webhooks

/** A Resend email event type (resend.com/docs/dashboard/webhooks/event-types). */
export type ResendEmailEventType =
  | "email.sent"
  | "email.delivered"
  | "email.delivery_delayed"
  | "email.complained"
  | "email.bounced"
  | "email.opened"
  | "email.clicked"
  | "email.failed";

/**
 * A Resend email webhook payload as documented (resend.com/docs/dashboard/webhooks/body-parameters and
 * the SDK's `EmailBouncedEvent`…): `{ type, created_at, data: { created_at, email_id, from, to[],
 * subject, … } }`, with `data.bounce { message, subType, type }` for bounces, `data.click { ipAddress,
 * link, timestamp, userAgent }` for clicks and `data.failed { reason }` for failures.
 */
export function resendEmailEvent(
  type: ResendEmailEventType,
  emailId: string,
  opts: { at?: Date; to?: string; data?: Record<string, unknown> } = {},
): Record<string, unknown> {
  const at = (opts.at ?? new Date()).toISOString();
  const extra: Record<string, unknown> =
    type === "email.bounced"
      ? {
          bounce: {
            message:
              "The recipient's email address is on the suppression list because it has a recent history of producing hard bounces.",
            subType: "Suppressed",
            type: "Permanent",
          },
        }
      : type === "email.clicked"
        ? {
            click: {
              ipAddress: "122.115.53.11",
              link: "https://glow.example/offer",
              timestamp: at,
              userAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)",
            },
          }
        : type === "email.failed"
          ? { failed: { reason: "reached_daily_quota" } }
          : {};
  return {
    type,
    created_at: at,
    data: {
      created_at: at,
      email_id: emailId,
      from: "Glow Salon <hello@glow.example>",
      to: [opts.to ?? "asha@example.com"],
      subject: "Diwali offer",
      tags: { campaign: "diwali" },
      ...extra,
      ...opts.data,
    },
  };
}

/** Options of `deliverWebhook`: the Svix message id and time, and headers to replace or drop (null). */
export interface WebhookDeliveryOptions {
  id?: string;
  timestamp?: Date;
  headers?: Record<string, string | null>;
  /** The raw body to send instead of `JSON.stringify(event)` (signed as sent). */
  rawBody?: string;
}

/**
 * Delivers `event` as Resend does: a POST with the JSON body and Svix's headers `svix-id`,
 * `svix-timestamp` (seconds) and `svix-signature: v1,<base64 HMAC-SHA256 over "<id>.<timestamp>.<body>"
 * keyed by the base64-decoded secret after `whsec_`>`, signed by the svix package's own `Webhook.sign`
 * (docs.svix.com/receiving/verifying-payloads/how-manual). `target` is a URL, or a route handler called
 * in-process (then the background run it queued is awaited too). Output: the response, and the headers
 * and body that were sent.
 */
export async function deliverWebhook(
  target: string | ((req: Request) => Promise<Response>),
  secret: string,
  event: unknown,
  opts: WebhookDeliveryOptions = {},
): Promise<{ response: Response; id: string; body: string; headers: Record<string, string> }> {
  const id = opts.id ?? `msg_${randomUUID().replaceAll("-", "")}`;
  const timestamp = opts.timestamp ?? new Date();
  const body = opts.rawBody ?? JSON.stringify(event);
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "svix-id": id,
    "svix-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
    "svix-signature": new Webhook(secret).sign(id, timestamp, body),
  };
  for (const [name, value] of Object.entries(opts.headers ?? {})) {
    if (value === null) delete headers[name];
    else headers[name] = value;
  }
  const url = typeof target === "string" ? target : "http://localhost:3000/api/webhooks/resend";
  const request = new Request(url, { method: "POST", headers, body });
  if (typeof target === "string") return { response: await fetch(request), id, body, headers };
  const response = await target(request);
  await (await import("./background")).settleBackground();
  return { response, id, body, headers };
}

/** A fresh Svix-style signing secret: `whsec_` and 24 random bytes in base64. */
export function newWebhookSecret(): string {
  return `whsec_${Buffer.from(randomUUID().replaceAll("-", "").slice(0, 24)).toString("base64")}`;
}
