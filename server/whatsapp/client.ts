import { humanMessage, isRetriableWhatsappCode } from "@/server/domain/whatsapp-errors";
import { type DevOutboxTarget, recordDevWhatsappMessage } from "./dev-outbox";
import type { MetaTemplate, WhatsappConfig, WhatsappOutgoing } from "./types";

export type {
  MetaTemplate,
  WhatsappConfig,
  WhatsappOutgoing,
  WhatsappSendComponent,
  WhatsappTemplateParameter,
} from "./types";

/*
 * The WhatsApp Cloud API adapter (Graph API over fetch). Base URL: WHATSAPP_API_BASE_URL, default
 * https://graph.facebook.com/v23.0, read on every call so a fake or a proxy can stand in. Payloads follow
 * Meta's documentation: send message `POST /{phone-number-id}/messages` → `{ messaging_product,
 * contacts: [{ input, wa_id }], messages: [{ id }] }`; errors `{ error: { message, type, code,
 * error_subcode, error_data, fbtrace_id } }`; templates `GET /{waba-id}/message_templates` → `{ data,
 * paging: { cursors: { before, after }, next? } }`; the phone number's
 * `whatsapp_business_manager_messaging_limit` (TIER_250 … TIER_UNLIMITED).
 */

export const defaultWhatsappApiBaseUrl = "https://graph.facebook.com/v23.0";

/**
 * A failed Cloud API call. `code`/`subcode` are Meta's (`error.code`, `error.error_subcode`); null for a
 * network failure or an answer without an error object. `retriable` is true for network failures, 5xx,
 * HTTP 429 and Meta's rate and throughput limits (130429, 131056, 80007, 4, 613 …); false for permanent
 * errors (131026 undeliverable, 131047 outside the 24-hour window, 131051, 132000–132016 template
 * problems, 190 token, 100 invalid parameter …). `retryAfterMs` comes from a Retry-After header.
 * `humanMessage` is a sentence for the business (server/domain/whatsapp-errors.ts).
 */
export class WhatsappError extends Error {
  readonly code: number | null;
  readonly subcode: number | null;
  readonly status: number | null;
  readonly retriable: boolean;
  readonly retryAfterMs?: number;
  readonly humanMessage: string;
  readonly fbtraceId?: string;

  constructor(
    message: string,
    opts: {
      code: number | null;
      subcode?: number | null;
      status: number | null;
      retriable: boolean;
      retryAfterMs?: number;
      fbtraceId?: string;
      humanMessage?: string;
    },
  ) {
    super(message);
    this.name = "WhatsappError";
    this.code = opts.code;
    this.subcode = opts.subcode ?? null;
    this.status = opts.status;
    this.retriable = opts.retriable;
    this.retryAfterMs = opts.retryAfterMs;
    this.fbtraceId = opts.fbtraceId;
    this.humanMessage = opts.humanMessage ?? humanMessage(opts.code, message);
  }
}

/** The Graph API base URL: WHATSAPP_API_BASE_URL (no trailing slash), else v23.0 at graph.facebook.com. */
export function whatsappApiBaseUrl(): string {
  return (process.env.WHATSAPP_API_BASE_URL?.trim() || defaultWhatsappApiBaseUrl).replace(/\/+$/, "");
}

const timeoutMs = 15_000;

function retryAfter(res: Response): number | undefined {
  const seconds = Number(res.headers.get("retry-after"));
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}

/** Calls the Graph API; JSON in and out. Errors: WhatsappError. */
async function graph<T>(
  config: Pick<WhatsappConfig, "accessToken">,
  method: "GET" | "POST",
  path: string,
  body?: unknown,
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`${whatsappApiBaseUrl()}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${config.accessToken}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    throw new WhatsappError(`WhatsApp could not be reached: ${(e as Error).message}`, {
      code: null,
      status: null,
      retriable: true,
      humanMessage: "WhatsApp could not be reached. Sending resumes shortly.",
    });
  }
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (res.ok && json !== null) return json as T;
  const error = (json as { error?: Record<string, unknown> } | null)?.error;
  const code = typeof error?.code === "number" ? error.code : null;
  const subcode = typeof error?.error_subcode === "number" ? error.error_subcode : null;
  const details = (error?.error_data as { details?: unknown } | undefined)?.details;
  const message =
    typeof error?.message === "string"
      ? `${error.message}${typeof details === "string" ? ` (${details})` : ""}`
      : `HTTP ${res.status} from WhatsApp`;
  const retriable = res.status === 429 || res.status >= 500 || isRetriableWhatsappCode(code);
  throw new WhatsappError(message, {
    code,
    subcode,
    status: res.status,
    retriable,
    retryAfterMs: retryAfter(res),
    fbtraceId: typeof error?.fbtrace_id === "string" ? error.fbtrace_id : undefined,
    humanMessage:
      code === null && retriable
        ? "WhatsApp is temporarily unavailable. Sending resumes shortly."
        : humanMessage(code, typeof error?.message === "string" ? error.message : null),
  });
}

const e164 = /^\+?[1-9]\d{6,14}$/;

/** The Cloud API request body for `message` (also what the dev outbox stores). */
export function whatsappRequestBody(message: WhatsappOutgoing): Record<string, unknown> {
  const to = message.to.replace(/^\+/, "");
  if ("template" in message) {
    return {
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to,
      type: "template",
      template: {
        name: message.template.name,
        language: { code: message.template.language },
        ...(message.template.components.length > 0 ? { components: message.template.components } : {}),
      },
    };
  }
  return {
    messaging_product: "whatsapp",
    recipient_type: "individual",
    to,
    type: "text",
    text: { preview_url: false, body: message.text },
  };
}

/**
 * Sends one WhatsApp message. With a `config`, `POST {base}/{phone-number-id}/messages` with the
 * access token; with `config` null (no provider configured) the message goes to the WhatsApp dev outbox
 * (`dev_whatsapp_messages`, shown at /dev/whatsapp) and nothing leaves the machine.
 * `outbox` names the business (and optionally what the customer reads, `preview`) for the dev outbox.
 * Output: `{ providerMessageId }` (`wamid.…`; `wamid.dev-…` for the dev outbox) and the transport used.
 * Errors: WhatsappError — check `retriable`, `code` (Meta's), `retryAfterMs`, `humanMessage`. A `to`
 * that is not E.164 is a permanent WhatsappError (code 100) without a request.
 */
export async function sendWhatsappMessage(
  config: WhatsappConfig | null,
  message: WhatsappOutgoing,
  outbox: DevOutboxTarget,
): Promise<{ providerMessageId: string; transport: "cloud_api" | "dev_outbox" }> {
  if (!e164.test(message.to)) {
    throw new WhatsappError(`Not a WhatsApp number: ${message.to}`, {
      code: 100,
      status: null,
      retriable: false,
      humanMessage: "The customer's WhatsApp number is not a valid international number.",
    });
  }
  const body = whatsappRequestBody(message);
  if (!config) {
    const id = await recordDevWhatsappMessage(outbox, message, body);
    return { providerMessageId: id, transport: "dev_outbox" };
  }
  const res = await graph<{ messages?: Array<{ id?: string }> }>(
    config,
    "POST",
    `/${encodeURIComponent(config.phoneNumberId)}/messages`,
    body,
  );
  const id = res.messages?.[0]?.id;
  if (!id) {
    throw new WhatsappError("WhatsApp answered without a message id.", {
      code: null,
      status: 200,
      retriable: true,
    });
  }
  return { providerMessageId: id, transport: "cloud_api" };
}

/**
 * Every message template of the business's WhatsApp Business Account, following the pages
 * (`paging.cursors.after` while `paging.next` is given; 100 a page, at most 50 pages).
 * Errors: WhatsappError; a config without `wabaId` is a permanent WhatsappError.
 */
export async function listWhatsappTemplates(
  config: Pick<WhatsappConfig, "accessToken" | "wabaId">,
): Promise<MetaTemplate[]> {
  if (!config.wabaId) {
    throw new WhatsappError("No WhatsApp Business Account id.", {
      code: null,
      status: null,
      retriable: false,
      humanMessage: "Enter the WhatsApp Business Account id in Messaging settings to sync templates.",
    });
  }
  const out: MetaTemplate[] = [];
  let after: string | null = null;
  for (let page = 0; page < 50; page++) {
    const query = new URLSearchParams({
      fields: "id,name,language,status,category,components,parameter_format",
      limit: "100",
    });
    if (after) query.set("after", after);
    const res: {
      data?: Array<Record<string, unknown>>;
      paging?: { cursors?: { after?: string }; next?: string };
    } = await graph(config, "GET", `/${encodeURIComponent(config.wabaId)}/message_templates?${query}`);
    for (const t of res.data ?? []) {
      if (typeof t.name !== "string" || typeof t.language !== "string") continue;
      out.push({
        id: String(t.id ?? ""),
        name: t.name,
        language: t.language,
        status: typeof t.status === "string" ? t.status : "PENDING",
        category: typeof t.category === "string" ? t.category : null,
        components: Array.isArray(t.components) ? t.components : [],
        parameterFormat: t.parameter_format === "NAMED" ? "NAMED" : "POSITIONAL",
      });
    }
    after = res.paging?.next ? (res.paging.cursors?.after ?? null) : null;
    if (!after) break;
  }
  return out;
}

/** Meta's messaging limit tiers → unique customers per 24 h (null = unlimited). */
export const messagingLimitTiers: Record<string, number | null> = {
  TIER_50: 50,
  TIER_250: 250,
  TIER_1K: 1000,
  TIER_2K: 2000,
  TIER_10K: 10_000,
  TIER_100K: 100_000,
  TIER_UNLIMITED: null,
};

/**
 * The business portfolio's messaging limit, read from the phone number
 * (`GET /{phone-number-id}?fields=whatsapp_business_manager_messaging_limit`). Output: the tier and the
 * limit (null = unlimited). Errors: WhatsappError (an unknown tier is a permanent one).
 */
export async function fetchMessagingLimit(
  config: Pick<WhatsappConfig, "accessToken" | "phoneNumberId">,
): Promise<{ tier: string; limit: number | null }> {
  const res: { whatsapp_business_manager_messaging_limit?: string; messaging_limit_tier?: string } =
    await graph(
      config,
      "GET",
      `/${encodeURIComponent(config.phoneNumberId)}?fields=whatsapp_business_manager_messaging_limit`,
    );
  const tier = res.whatsapp_business_manager_messaging_limit ?? res.messaging_limit_tier ?? "";
  if (!(tier in messagingLimitTiers)) {
    throw new WhatsappError(`Unknown messaging limit tier: ${tier || "(none)"}`, {
      code: null,
      status: 200,
      retriable: false,
      humanMessage: "WhatsApp did not say the messaging limit. Set it by hand.",
    });
  }
  return { tier, limit: messagingLimitTiers[tier] ?? null };
}
