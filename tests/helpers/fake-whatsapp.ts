import { createHmac, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local stand-in for the WhatsApp Cloud API (Graph API), on 127.0.0.1 and a random port, speaking
 * Meta's documented payloads:
 * - `POST /{phone-number-id}/messages` (Bearer token checked) → `{ messaging_product: "whatsapp",
 *   contacts: [{ input, wa_id }], messages: [{ id: "wamid.…" }] }`; errors as Graph API error objects
 *   `{ error: { message, type, code, error_subcode?, error_data: { messaging_product, details },
 *   fbtrace_id } }` (HTTP 400, or 401 for code 190, 429 for 130429/131056/80007, 5xx for 131000);
 * - `GET /{waba-id}/message_templates?limit&after` → `{ data: [...], paging: { cursors: { before, after },
 *   next? } }`, `limit` per page;
 * - `GET /{phone-number-id}?fields=whatsapp_business_manager_messaging_limit` → `{ whatsapp_business_manager_messaging_limit, id }`.
 * Records every request; `failNext(n, code)` makes the next n sends fail with Meta error `code`.
 * Point the adapter at it with `WHATSAPP_API_BASE_URL=fake.url`.
 */
export interface RecordedWhatsappRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  body: Record<string, unknown> | null;
}

export interface FakeWhatsapp {
  url: string;
  accessToken: string;
  phoneNumberId: string;
  wabaId: string;
  requests: RecordedWhatsappRequest[];
  /** Messages accepted, with the id given. */
  sent: Array<{ id: string; body: Record<string, unknown> }>;
  /** Templates the WABA lists (replace freely). */
  templates: Array<Record<string, unknown>>;
  /** The messaging limit tier the phone number reports. */
  messagingLimitTier: string;
  failNext(count: number, code: number, opts?: { retryAfterSeconds?: number }): void;
  reset(): void;
  close(): Promise<void>;
}

const errorCatalog: Record<number, { status: number; message: string; type: string; details: string }> = {
  100: {
    status: 400,
    message: "(#100) Invalid parameter",
    type: "OAuthException",
    details: "Parameter value is not valid",
  },
  190: {
    status: 401,
    message: "Error validating access token: Session has expired.",
    type: "OAuthException",
    details: "The access token has expired",
  },
  130429: {
    status: 429,
    message: "(#130429) Rate limit hit",
    type: "OAuthException",
    details: "Cloud API message throughput has been reached.",
  },
  131026: {
    status: 400,
    message: "(#131026) Message undeliverable",
    type: "OAuthException",
    details: "Unable to deliver message.",
  },
  131047: {
    status: 400,
    message: "(#131047) Re-engagement message",
    type: "OAuthException",
    details:
      "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
  },
  131056: {
    status: 429,
    message: "(#131056) (Business Account, Consumer Account) pair rate limit hit",
    type: "OAuthException",
    details:
      "Too many messages sent from the sender phone number to the same recipient phone number in a short period of time.",
  },
  132001: {
    status: 400,
    message: "(#132001) Template name does not exist in the translation",
    type: "OAuthException",
    details: "template name (x) does not exist in en",
  },
  131000: {
    status: 500,
    message: "(#131000) Something went wrong",
    type: "OAuthException",
    details: "Message failed to send due to an unknown error.",
  },
};

export async function startFakeWhatsapp(
  opts: { accessToken?: string; phoneNumberId?: string; wabaId?: string } = {},
): Promise<FakeWhatsapp> {
  const accessToken = opts.accessToken ?? `EAAG${randomBytes(12).toString("hex")}`;
  const phoneNumberId = opts.phoneNumberId ?? "106540352242922";
  const wabaId = opts.wabaId ?? "102290129340398";
  const requests: RecordedWhatsappRequest[] = [];
  const sent: FakeWhatsapp["sent"] = [];
  let failures: Array<{ code: number; retryAfterSeconds?: number }> = [];
  const state = { templates: [] as Array<Record<string, unknown>>, tier: "TIER_2K" };

  const server: Server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const raw = await readBody(req);
    let body: Record<string, unknown> | null = null;
    if (raw) {
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        return graphError(res, 100);
      }
    }
    const url = new URL(req.url ?? "/", "http://fake");
    const authorization = req.headers.authorization;
    requests.push({ method: req.method ?? "", path: url.pathname + url.search, authorization, body });
    if (authorization !== `Bearer ${accessToken}`) return graphError(res, 190);

    if (req.method === "POST" && url.pathname === `/${phoneNumberId}/messages`) {
      const failure = failures.shift();
      if (failure) {
        if (failure.retryAfterSeconds) res.setHeader("retry-after", String(failure.retryAfterSeconds));
        return graphError(res, failure.code);
      }
      if (body?.messaging_product !== "whatsapp" || typeof body.to !== "string" || !body.type)
        return graphError(res, 100);
      const id = `wamid.${Buffer.from(randomBytes(18)).toString("base64url")}`;
      sent.push({ id, body });
      return json(res, 200, {
        messaging_product: "whatsapp",
        contacts: [{ input: body.to, wa_id: String(body.to).replace(/^\+/, "") }],
        messages: [{ id }],
      });
    }
    if (req.method === "GET" && url.pathname === `/${wabaId}/message_templates`) {
      const limit = Math.max(1, Number(url.searchParams.get("limit") ?? 25));
      const after = url.searchParams.get("after");
      const start = after ? Number(Buffer.from(after, "base64url").toString()) : 0;
      const page = state.templates.slice(start, start + limit);
      const end = start + page.length;
      const cursor = (n: number) => Buffer.from(String(n)).toString("base64url");
      const next = new URL(`http://fake/${wabaId}/message_templates`);
      next.searchParams.set("limit", String(limit));
      next.searchParams.set("after", cursor(end));
      return json(res, 200, {
        data: page,
        paging: {
          cursors: { before: cursor(start), after: cursor(end) },
          ...(end < state.templates.length ? { next: next.toString() } : {}),
        },
      });
    }
    if (req.method === "GET" && url.pathname === `/${phoneNumberId}`) {
      return json(res, 200, { whatsapp_business_manager_messaging_limit: state.tier, id: phoneNumberId });
    }
    return graphError(res, 100);
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    accessToken,
    phoneNumberId,
    wabaId,
    requests,
    sent,
    get templates() {
      return state.templates;
    },
    set templates(value) {
      state.templates = value;
    },
    get messagingLimitTier() {
      return state.tier;
    },
    set messagingLimitTier(value) {
      state.tier = value;
    },
    failNext(count, code, o = {}) {
      for (let i = 0; i < count; i++) failures.push({ code, retryAfterSeconds: o.retryAfterSeconds });
    },
    reset() {
      requests.length = 0;
      sent.length = 0;
      failures = [];
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** `X-Hub-Signature-256` value Meta sends for `body`: `sha256=<hex HMAC-SHA256(appSecret, body)>`. */
export function signWhatsappWebhook(appSecret: string, body: string): string {
  return `sha256=${createHmac("sha256", appSecret).update(body, "utf8").digest("hex")}`;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function json(res: ServerResponse, status: number, payload: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(payload));
}

function graphError(res: ServerResponse, code: number): void {
  const known = errorCatalog[code] ?? {
    status: 400,
    message: `(#${code}) Error`,
    type: "OAuthException",
    details: "Error",
  };
  json(res, known.status, {
    error: {
      message: known.message,
      type: known.type,
      code,
      error_data: { messaging_product: "whatsapp", details: known.details },
      fbtrace_id: randomBytes(8).toString("base64url"),
    },
  });
}
