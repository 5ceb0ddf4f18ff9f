import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local stand-in for Resend's HTTP API (POST /emails), on 127.0.0.1 and a random port, with the
 * documented payloads: success `200 { "id": "<uuid>" }`; errors `{ "statusCode", "name", "message" }`
 * (resend.com/docs/api-reference/errors): 401 missing_api_key, 403 invalid_api_key, 422
 * validation_error, 429 rate_limit_exceeded, 500 internal_server_error. It checks
 * `Authorization: Bearer <key>`, honours `Idempotency-Key` like Resend (same key → same response, no
 * second email), records every request and can be told to fail the next N requests.
 *
 * Point the Resend SDK at it with `RESEND_BASE_URL=fake.url` (the SDK reads it per client).
 */
export interface RecordedResendRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  idempotencyKey: string | undefined;
  body: Record<string, unknown>;
}

export interface FakeResend {
  url: string;
  apiKey: string;
  /** Every request received, in order (including failed ones). */
  requests: RecordedResendRequest[];
  /** Emails actually "sent" (successful, not replayed from an idempotency key). */
  sent: Array<{ id: string; body: Record<string, unknown> }>;
  /** Answers the next `count` POST /emails with `status` (500, 429, 422...). */
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
  const byIdempotencyKey = new Map<string, string>();
  let failures: Array<{ status: number; retryAfterSeconds?: number }> = [];

  const server: Server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const raw = await readBody(req);
    let body: Record<string, unknown> = {};
    try {
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      return sendError(res, 400);
    }
    const idempotencyKey = header(req, "idempotency-key");
    const authorization = header(req, "authorization");
    requests.push({ method: req.method ?? "", path: req.url ?? "", authorization, idempotencyKey, body });

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
    failNext(count, status = 500, opts = {}) {
      for (let i = 0; i < count; i++) failures.push({ status, retryAfterSeconds: opts.retryAfterSeconds });
    },
    reset() {
      requests.length = 0;
      sent.length = 0;
      failures = [];
      byIdempotencyKey.clear();
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
