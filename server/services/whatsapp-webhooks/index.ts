import { createHmac, timingSafeEqual } from "node:crypto";
import { and, eq, isNull, or, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { customers, webhookEvents } from "@/db/schema";
import { isOptOutText } from "@/server/domain/messaging-settings";
import type { DeliveryEventKind } from "@/server/domain/recipient-status";
import { humanMessage } from "@/server/domain/whatsapp-errors";
import { recordActivities } from "@/server/services/activities";
import { recordConsent } from "@/server/services/consent";
import { applyRecipientEvent } from "@/server/services/messaging/delivery-events";
import { applyWhatsappMessageEvent } from "@/server/services/whatsapp-messages/status";

/*
 * WhatsApp Cloud API webhooks (field `messages`): delivery statuses of sent messages and inbound
 * messages. Payload (Meta, "Webhooks components"): `{ object: "whatsapp_business_account", entry: [{ id,
 * changes: [{ field: "messages", value: { messaging_product, metadata: { display_phone_number,
 * phone_number_id }, contacts?: [{ profile: { name }, wa_id }], messages?: [{ from, id, timestamp,
 * type, text: { body } … }], statuses?: [{ id, status, timestamp, recipient_id, errors?: [{ code, title,
 * message, error_data: { details } }] }] } }] }] }`.
 */

const provider = "whatsapp";

/** `X-Hub-Signature-256` check: `sha256=<hex HMAC-SHA256(appSecret, rawBody)>`, compared in constant time. */
export function verifyWhatsappSignature(
  appSecret: string,
  rawBody: Uint8Array,
  header: string | null,
): boolean {
  if (!header?.startsWith("sha256=")) return false;
  const given = Buffer.from(header.slice("sha256=".length).trim(), "hex");
  const expected = createHmac("sha256", appSecret).update(rawBody).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}

interface StatusObject {
  id?: unknown;
  status?: unknown;
  timestamp?: unknown;
  recipient_id?: unknown;
  errors?: Array<{ code?: unknown; title?: unknown; message?: unknown }>;
}
interface MessageObject {
  id?: unknown;
  from?: unknown;
  timestamp?: unknown;
  type?: unknown;
  text?: { body?: unknown };
  button?: { text?: unknown };
  interactive?: { button_reply?: { title?: unknown }; list_reply?: { title?: unknown } };
}
interface ChangeValue {
  metadata?: { phone_number_id?: unknown };
  statuses?: StatusObject[];
  messages?: MessageObject[];
  contacts?: Array<{ wa_id?: unknown; profile?: { name?: unknown } }>;
}

/** The `value`s of a payload's `messages` changes. */
function changeValues(payload: unknown): ChangeValue[] {
  const entries = (payload as { entry?: unknown })?.entry;
  if (!Array.isArray(entries)) return [];
  const out: ChangeValue[] = [];
  for (const e of entries) {
    const changes = (e as { changes?: unknown })?.changes;
    if (!Array.isArray(changes)) continue;
    for (const c of changes as Array<{ field?: unknown; value?: unknown }>)
      if ((c.field === undefined || c.field === "messages") && c.value && typeof c.value === "object")
        out.push(c.value as ChangeValue);
  }
  return out;
}

/** The phone number id the payload is about (first change's `metadata.phone_number_id`), or null. */
export function whatsappPayloadPhoneNumberId(payload: unknown): string | null {
  const id = changeValues(payload)[0]?.metadata?.phone_number_id;
  return typeof id === "string" && id ? id : null;
}

const statusKinds: Record<string, DeliveryEventKind> = {
  sent: "sent",
  delivered: "delivered",
  read: "read",
  failed: "failed",
};

function timeOf(ts: unknown): Date {
  const n = Number(ts);
  return Number.isFinite(n) && n > 0 ? new Date(n * 1000) : new Date();
}

/** The text of an inbound message as the timeline shows it. */
export function inboundText(m: MessageObject): string {
  if (typeof m.text?.body === "string") return m.text.body;
  if (typeof m.button?.text === "string") return m.button.text;
  const reply = m.interactive?.button_reply?.title ?? m.interactive?.list_reply?.title;
  if (typeof reply === "string") return reply;
  return `[${typeof m.type === "string" ? m.type : "message"}]`;
}

/** Records an event once; true when it is new (a replay answers false and is not processed again). */
async function claimEvent(
  db: DbOrTx,
  businessId: string,
  eventId: string,
  type: string,
  payload: unknown,
): Promise<boolean> {
  const rows = await db
    .insert(webhookEvents)
    .values({ provider, eventId, businessId, type, payload, processedAt: new Date() })
    .onConflictDoNothing({ target: [webhookEvents.provider, webhookEvents.eventId] })
    .returning({ id: webhookEvents.id });
  return rows.length > 0;
}

/** Outcome counts of one webhook delivery. */
export interface WhatsappWebhookOutcome {
  statuses: number;
  messages: number;
  duplicates: number;
  optOuts: number;
}

/**
 * Processes a verified webhook payload for business `businessId` (the owner of `phoneNumberId`), in one
 * transaction, idempotently:
 * - each status is recorded in `webhook_events` as `status:<wamid>:<status>` (once); sent, delivered,
 *   read and failed move the campaign recipient, or else the one-to-one message of this business
 *   (`applyWhatsappMessageEvent`), forward only (`applyRecipientEvent`: a late `delivered` leaves `read`),
 *   failures with Meta's `errors[0].code` and a human sentence;
 * - each inbound message is recorded as `message:<wamid>` (once); the customer of this business with that
 *   WhatsApp number (else phone) gets `whatsapp_last_inbound_at` (opening the 24-hour window) and a
 *   `message_received` timeline entry; a text equal to an opt-out word opts them out of WhatsApp through
 *   the consent ledger (`whatsapp_opt_out`).
 * Changes about another phone number id are ignored. Output: counts.
 */
export async function processWhatsappWebhook(
  db: Db,
  business: { businessId: string; phoneNumberId: string; optOutWords: readonly string[] },
  payload: unknown,
): Promise<WhatsappWebhookOutcome> {
  const outcome: WhatsappWebhookOutcome = { statuses: 0, messages: 0, duplicates: 0, optOuts: 0 };
  await db.transaction(async (tx) => {
    for (const value of changeValues(payload)) {
      if (value.metadata?.phone_number_id !== business.phoneNumberId) continue;
      for (const s of value.statuses ?? []) {
        if (typeof s.id !== "string" || typeof s.status !== "string") continue;
        if (
          !(await claimEvent(tx, business.businessId, `status:${s.id}:${s.status}`, `status.${s.status}`, s))
        ) {
          outcome.duplicates++;
          continue;
        }
        outcome.statuses++;
        const kind = statusKinds[s.status];
        if (!kind) continue;
        const error = s.errors?.[0];
        const code = typeof error?.code === "number" ? error.code : null;
        const event = {
          providerMessageId: s.id,
          kind,
          occurredAt: timeOf(s.timestamp),
          ...(kind === "failed"
            ? {
                errorCode: code === null ? null : String(code),
                error: humanMessage(code, typeof error?.title === "string" ? error.title : null),
              }
            : {}),
        };
        // A campaign message, else a one-to-one message sent from a customer's page.
        if (!(await applyRecipientEvent(tx, { channel: "whatsapp", ...event })))
          await applyWhatsappMessageEvent(tx, business.businessId, event);
      }
      for (const m of value.messages ?? []) {
        if (typeof m.id !== "string" || typeof m.from !== "string") continue;
        if (!(await claimEvent(tx, business.businessId, `message:${m.id}`, "message", m))) {
          outcome.duplicates++;
          continue;
        }
        outcome.messages++;
        const digits = m.from.replace(/\D/g, "");
        if (!digits) continue;
        const number = `+${digits}`;
        const at = timeOf(m.timestamp);
        const matched = await tx
          .update(customers)
          .set({
            whatsappLastInboundAt: sql`greatest(${customers.whatsappLastInboundAt}, ${at.toISOString()}::timestamptz)`,
          })
          .where(
            and(
              eq(customers.businessId, business.businessId),
              isNull(customers.deletedAt),
              or(
                eq(customers.whatsapp, number),
                and(isNull(customers.whatsapp), eq(customers.phone, number)),
              ),
            ),
          )
          .returning({ id: customers.id });
        const text = inboundText(m);
        await recordActivities(
          tx,
          matched.map((c) => ({
            businessId: business.businessId,
            customerId: c.id,
            type: "message_received" as const,
            data: { channel: "whatsapp", text, messageId: m.id, messageType: m.type ?? "text", from: number },
            createdAt: at,
          })),
        );
        if (matched.length > 0 && isOptOutText(text, business.optOutWords)) {
          for (const c of matched) {
            const done = await recordConsent(tx, {
              businessId: business.businessId,
              customerId: c.id,
              channel: "whatsapp",
              granted: false,
              source: "whatsapp_opt_out",
              data: { word: text.trim(), messageId: m.id },
              occurredAt: at,
            });
            if (done) outcome.optOuts++;
          }
        }
      }
    }
  });
  return outcome;
}
