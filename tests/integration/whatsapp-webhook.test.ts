import { randomInt, randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { GET, POST } from "@/app/api/webhooks/whatsapp/route";
import type { Db } from "@/db/client";
import {
  activities,
  campaignRecipients,
  campaigns,
  consentEvents,
  customers,
  webhookEvents,
} from "@/db/schema";
import { settleBackground } from "../helpers/background";
import { callerFor } from "../helpers/caller";
import { testDb } from "../helpers/db";
import { createBusiness, createUser } from "../helpers/factories";
import { signWhatsappWebhook } from "../helpers/fake-whatsapp";

let db: Db;
beforeAll(async () => {
  db = (await testDb()).db;
});

const appSecret = "meta-app-secret-0123456789abcdef";
const url = "http://localhost:3000/api/webhooks/whatsapp";

function digits(n: number): string {
  return String(randomInt(1, 10)) + Array.from({ length: n - 1 }, () => randomInt(0, 10)).join("");
}

/** A business connected to WhatsApp (its own phone number id), with one customer and one campaign message. */
async function setup() {
  const owner = await createUser(db);
  const business = await createBusiness(db, { owner });
  const phoneNumberId = digits(15);
  const verifyToken = `verify-${randomUUID()}`;
  await callerFor(db, owner).messagingSettings.update({
    businessId: business.id,
    whatsappPhoneNumberId: phoneNumberId,
    whatsappAccessToken: "EAAGtoken0123456789",
    whatsappAppSecret: appSecret,
    whatsappVerifyToken: verifyToken,
    optOutWords: ["STOP", "Band karo"],
  });
  const number = `+91${digits(10).replace(/^./, "9")}`;
  const [customer] = await db
    .insert(customers)
    .values({ businessId: business.id, name: "Asha Rao", whatsapp: number, phoneDigits: number.slice(1) })
    .returning();
  const [campaign] = await db
    .insert(campaigns)
    .values({
      businessId: business.id,
      name: "Offer",
      channel: "whatsapp",
      audience: { type: "everyone" },
      status: "sending",
    })
    .returning();
  const wamid = `wamid.${randomUUID()}`;
  const [recipient] = await db
    .insert(campaignRecipients)
    .values({
      businessId: business.id,
      campaignId: campaign!.id,
      customerId: customer!.id,
      channel: "whatsapp",
      address: number,
      status: "sending",
      providerMessageId: wamid,
    })
    .returning();
  return {
    business,
    phoneNumberId,
    verifyToken,
    customer: customer!,
    number,
    wamid,
    recipientId: recipient!.id,
  };
}

function payload(phoneNumberId: string, value: Record<string, unknown>) {
  return {
    object: "whatsapp_business_account",
    entry: [
      {
        id: "102290129340398",
        changes: [
          {
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: "15550783881", phone_number_id: phoneNumberId },
              ...value,
            },
          },
        ],
      },
    ],
  };
}

const status = (id: string, s: string, ts: number, extra: Record<string, unknown> = {}) => ({
  id,
  status: s,
  timestamp: String(ts),
  recipient_id: "919812345678",
  ...extra,
});

/** Posts a delivery as Meta does, then waits for the background function to apply it. */
async function post(body: unknown, signature: string | null = null, secret = appSecret): Promise<Response> {
  const raw = JSON.stringify(body);
  const headers = new Headers({ "content-type": "application/json", "x-forwarded-for": "203.0.113.9" });
  const sig = signature ?? signWhatsappWebhook(secret, raw);
  if (sig) headers.set("x-hub-signature-256", sig);
  const res = await POST(new Request(url, { method: "POST", headers, body: raw }));
  await settleBackground();
  return res;
}

async function recipient(id: number) {
  const [row] = await db.select().from(campaignRecipients).where(eq(campaignRecipients.id, id));
  return row!;
}

describe("WhatsApp webhook: handshake", () => {
  it("answers the challenge for a business's verify token, 403 otherwise", async () => {
    const { verifyToken } = await setup();
    const ok = await GET(
      new Request(
        `${url}?hub.mode=subscribe&hub.verify_token=${encodeURIComponent(verifyToken)}&hub.challenge=1158201444`,
      ),
    );
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await ok.text()).toBe("1158201444");
    const wrong = await GET(new Request(`${url}?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1`));
    expect(wrong.status).toBe(403);
    const mode = await GET(
      new Request(
        `${url}?hub.mode=unsubscribe&hub.verify_token=${encodeURIComponent(verifyToken)}&hub.challenge=1`,
      ),
    );
    expect(mode.status).toBe(403);
  });

  it("accepts WHATSAPP_VERIFY_TOKEN from the environment", async () => {
    process.env.WHATSAPP_VERIFY_TOKEN = "env-verify-token";
    try {
      const res = await GET(
        new Request(`${url}?hub.mode=subscribe&hub.verify_token=env-verify-token&hub.challenge=abc`),
      );
      expect(res.status).toBe(200);
      expect(await res.text()).toBe("abc");
    } finally {
      delete process.env.WHATSAPP_VERIFY_TOKEN;
    }
  });
});

describe("WhatsApp webhook: deliveries", () => {
  it("a bad or missing signature is 401 and nothing is stored", async () => {
    const { phoneNumberId, wamid, recipientId } = await setup();
    const body = payload(phoneNumberId, { statuses: [status(wamid, "delivered", 1750857384)] });
    expect((await post(body, `sha256=${"0".repeat(64)}`)).status).toBe(401);
    expect((await post(body, "", appSecret)).status).toBe(401);
    expect((await post(body, null, "another-secret")).status).toBe(401);
    expect((await post(payload(digits(15), { statuses: [status(wamid, "delivered", 1)] }))).status).toBe(401);
    const events = await db
      .select()
      .from(webhookEvents)
      .where(eq(webhookEvents.eventId, `status:${wamid}:delivered`));
    expect(events).toHaveLength(0);
    expect((await recipient(recipientId)).status).toBe("sending");
  });

  it("applies statuses forward only (read stays read), and a replay is stored once", async () => {
    const { phoneNumberId, wamid, recipientId } = await setup();
    const sent = payload(phoneNumberId, { statuses: [status(wamid, "sent", 1750857384)] });
    const res = await post(sent);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, duplicate: false });
    expect(await recipient(recipientId)).toMatchObject({ status: "sent", sentAt: new Date(1750857384_000) });

    expect(
      (await post(payload(phoneNumberId, { statuses: [status(wamid, "read", 1750857400)] }))).status,
    ).toBe(200);
    // A late delivered: the time is stamped, the status stays read.
    expect(
      (await post(payload(phoneNumberId, { statuses: [status(wamid, "delivered", 1750857390)] }))).status,
    ).toBe(200);
    expect(await recipient(recipientId)).toMatchObject({
      status: "read",
      deliveredAt: new Date(1750857390_000),
    });

    const replay = await post(sent);
    expect(await replay.json()).toEqual({ ok: true, duplicate: true });
    const rows = await db
      .select()
      .from(webhookEvents)
      .where(and(eq(webhookEvents.provider, "whatsapp"), eq(webhookEvents.eventId, `status:${wamid}:sent`)));
    expect(rows).toHaveLength(1);
  });

  it("a failed status records Meta's code and a sentence", async () => {
    const { phoneNumberId, wamid, recipientId } = await setup();
    const failed = status(wamid, "failed", 1750857384, {
      errors: [
        {
          code: 131026,
          title: "Message undeliverable",
          message: "Message undeliverable",
          error_data: { details: "Message Undeliverable." },
        },
      ],
    });
    expect((await post(payload(phoneNumberId, { statuses: [failed] }))).status).toBe(200);
    expect(await recipient(recipientId)).toMatchObject({
      status: "failed",
      errorCode: "131026",
      error: expect.stringMatching(/could not deliver/),
    });
  });

  it("an inbound message opens the 24-hour window and lands on the timeline; STOP opts out", async () => {
    const { phoneNumberId, customer, number, business } = await setup();
    const hello = {
      from: number.slice(1),
      id: `wamid.${randomUUID()}`,
      timestamp: "1750857384",
      type: "text",
      text: { body: "Is the offer still on?" },
    };
    const contacts = [{ profile: { name: "Asha" }, wa_id: number.slice(1) }];
    expect((await post(payload(phoneNumberId, { contacts, messages: [hello] }))).status).toBe(200);
    const [after] = await db.select().from(customers).where(eq(customers.id, customer.id));
    expect(after!.whatsappLastInboundAt).toEqual(new Date(1750857384_000));
    const timeline = await db
      .select()
      .from(activities)
      .where(and(eq(activities.customerId, customer.id), eq(activities.type, "message_received")));
    expect(timeline).toHaveLength(1);
    expect(timeline[0]!.data).toMatchObject({ channel: "whatsapp", text: "Is the offer still on?" });
    expect(after!.whatsappConsent).toBeNull();

    const stop = {
      ...hello,
      id: `wamid.${randomUUID()}`,
      timestamp: "1750857500",
      text: { body: "  stop " },
    };
    expect((await post(payload(phoneNumberId, { contacts, messages: [stop] }))).status).toBe(200);
    // Replayed: the same delivery is stored once; the same message in another delivery is applied once.
    expect(await (await post(payload(phoneNumberId, { contacts, messages: [stop] }))).json()).toEqual({
      ok: true,
      duplicate: true,
    });
    expect(await (await post(payload(phoneNumberId, { messages: [stop] }))).json()).toEqual({
      ok: true,
      duplicate: false,
    });
    const ledger = await db.select().from(consentEvents).where(eq(consentEvents.customerId, customer.id));
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({
      businessId: business.id,
      channel: "whatsapp",
      granted: false,
      source: "whatsapp_opt_out",
    });
    const [optedOut] = await db.select().from(customers).where(eq(customers.id, customer.id));
    expect(optedOut).toMatchObject({ whatsappConsent: false, whatsappConsentSource: "whatsapp_opt_out" });
    expect(optedOut!.whatsappLastInboundAt).toEqual(new Date(1750857500_000));

    // The business's own opt-out words count too.
    const other = await setup();
    const band = {
      ...hello,
      from: other.number.slice(1),
      id: `wamid.${randomUUID()}`,
      text: { body: "BAND KARO" },
    };
    await post(payload(other.phoneNumberId, { messages: [band] }));
    const [otherCustomer] = await db.select().from(customers).where(eq(customers.id, other.customer.id));
    expect(otherCustomer!.whatsappConsent).toBe(false);
  });

  it("a message from an unknown number is recorded and touches no customer", async () => {
    const { phoneNumberId } = await setup();
    const id = `wamid.${randomUUID()}`;
    const res = await post(
      payload(phoneNumberId, {
        messages: [{ from: "15550001111", id, timestamp: "1", type: "text", text: { body: "STOP" } }],
      }),
    );
    expect(await res.json()).toEqual({ ok: true, duplicate: false });
    expect(
      await db
        .select()
        .from(webhookEvents)
        .where(eq(webhookEvents.eventId, `message:${id}`)),
    ).toHaveLength(1);
  });

  it("refuses unreadable JSON and bodies over the limit", async () => {
    const bad = await POST(new Request(url, { method: "POST", body: "{nope" }));
    expect(bad.status).toBe(400);
    const huge = await POST(
      new Request(url, {
        method: "POST",
        headers: { "content-length": String(10 * 1024 * 1024) },
        body: "x".repeat(16),
      }),
    );
    expect(huge.status).toBe(413);
  });
});
