import { randomInt, randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as restPOST } from "@/app/api/v1/[...path]/route";
import { POST as webhookPOST } from "@/app/api/webhooks/whatsapp/route";
import type { Db } from "@/db/client";
import { activities, customers, devWhatsappMessages, messageTemplates, whatsappMessages } from "@/db/schema";
import { settleBackground } from "../helpers/background";
import { callerFor, expectTRPCError } from "../helpers/caller";
import { testDb } from "../helpers/db";
import { createApiKeyFor, createBusiness, createUser } from "../helpers/factories";
import { type FakeWhatsapp, signWhatsappWebhook, startFakeWhatsapp } from "../helpers/fake-whatsapp";

/*
 * One-to-one WhatsApp messages from a customer's page, through the fake Cloud API: free-form text only
 * inside the 24-hour customer service window, templates any time, refusals, provider failures recorded,
 * and status webhooks moving the message forward only.
 */

let db: Db;
let fake: FakeWhatsapp;
const appSecret = "meta-app-secret-for-replies-0123";
/** The business connected to the fake Cloud API (phone number ids are unique across businesses). */
let connected: Awaited<ReturnType<typeof setupBusiness>>;

function digits(n: number): string {
  return String(randomInt(1, 10)) + Array.from({ length: n - 1 }, () => randomInt(0, 10)).join("");
}
const hours = (h: number) => h * 60 * 60 * 1000;

async function setupBusiness() {
  const owner = await createUser(db);
  const business = await createBusiness(db, { owner, name: "Glow Salon" });
  const asOwner = callerFor(db, owner);
  const [template] = await db
    .insert(messageTemplates)
    .values({
      businessId: business.id,
      channel: "whatsapp",
      name: "appointment_reminder",
      language: "en",
      status: "APPROVED",
      category: "UTILITY",
      components: [{ type: "BODY", text: "Hi {{1}}, your appointment at {{2}} is on {{3}}." }],
      variableMapping: {
        "body.1": { field: "customer.firstName", fallback: "there" },
        "body.2": { field: "business.name" },
      },
    })
    .returning();
  const [pending] = await db
    .insert(messageTemplates)
    .values({
      businessId: business.id,
      channel: "whatsapp",
      name: "new_offer",
      language: "en",
      status: "PENDING",
      components: [{ type: "BODY", text: "A new offer for you." }],
    })
    .returning();
  return { owner, business, businessId: business.id, asOwner, template: template!, pending: pending! };
}

/** A customer of the connected business; `inboundHoursAgo` sets their last inbound WhatsApp message. */
async function customer(
  values: Partial<typeof customers.$inferInsert> & { inboundHoursAgo?: number } = {},
  businessId = connected.businessId,
) {
  const number = `+91${digits(10).replace(/^./, "9")}`;
  const { inboundHoursAgo, ...rest } = values;
  const [row] = await db
    .insert(customers)
    .values({
      businessId,
      name: "Asha Rao",
      whatsapp: number,
      phoneDigits: number.slice(1),
      whatsappLastInboundAt:
        inboundHoursAgo === undefined ? null : new Date(Date.now() - hours(inboundHoursAgo)),
      ...rest,
    })
    .returning();
  return row!;
}

/** Posts a signed status or message delivery, then waits for the background function to apply it. */
async function webhook(value: Record<string, unknown>): Promise<Response> {
  const raw = JSON.stringify({
    object: "whatsapp_business_account",
    entry: [
      {
        id: fake.wabaId,
        changes: [
          {
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: "15550783881", phone_number_id: fake.phoneNumberId },
              ...value,
            },
          },
        ],
      },
    ],
  });
  const res = await webhookPOST(
    new Request("http://localhost:3000/api/webhooks/whatsapp", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-forwarded-for": "203.0.113.7",
        "x-hub-signature-256": signWhatsappWebhook(appSecret, raw),
      },
      body: raw,
    }),
  );
  await settleBackground();
  return res;
}

async function messagesOf(customerId: string) {
  return db.select().from(whatsappMessages).where(eq(whatsappMessages.customerId, customerId));
}

async function sentEntries(customerId: string) {
  return db
    .select()
    .from(activities)
    .where(and(eq(activities.customerId, customerId), eq(activities.type, "message_sent")));
}

beforeAll(async () => {
  db = (await testDb()).db;
  fake = await startFakeWhatsapp({ phoneNumberId: digits(15), wabaId: digits(15) });
  process.env.WHATSAPP_API_BASE_URL = fake.url;
  connected = await setupBusiness();
  await connected.asOwner.messagingSettings.update({
    businessId: connected.businessId,
    whatsappPhoneNumberId: fake.phoneNumberId,
    whatsappWabaId: fake.wabaId,
    whatsappAccessToken: fake.accessToken,
    whatsappAppSecret: appSecret,
  });
});
afterAll(async () => {
  delete process.env.WHATSAPP_API_BASE_URL;
  await fake.close();
});
beforeEach(() => fake.reset());

describe("free-form text and the 24-hour customer service window", () => {
  it("sends text with Meta's documented payload when the customer wrote within 24 hours", async () => {
    const { asOwner, businessId, owner } = connected;
    const c = await customer();
    // The customer writes: the inbound webhook opens the window.
    const wroteAt = Math.floor(Date.now() / 1000) - 2 * 3600;
    const res = await webhook({
      contacts: [{ profile: { name: "Asha" }, wa_id: c.whatsapp!.slice(1) }],
      messages: [
        {
          from: c.whatsapp!.slice(1),
          id: `wamid.in-${randomUUID()}`,
          timestamp: String(wroteAt),
          type: "text",
          text: { body: "Is Saturday free?" },
        },
      ],
    });
    expect(res.status).toBe(200);

    const window = await asOwner.messages.whatsAppWindow({ businessId, customerId: c.id });
    expect(window).toMatchObject({ open: true, blocked: null, to: c.whatsapp, providerConnected: true });
    expect(window.closesAt?.toISOString()).toBe(new Date((wroteAt + 24 * 3600) * 1000).toISOString());

    const sent = await asOwner.messages.sendWhatsApp({
      businessId,
      customerId: c.id,
      text: "  Yes, Saturday at 11 works. See you!  ",
    });
    expect(fake.sent).toHaveLength(1);
    expect(fake.sent[0]!.body).toEqual({
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: c.whatsapp!.slice(1),
      type: "text",
      text: { preview_url: false, body: "Yes, Saturday at 11 works. See you!" },
    });
    expect(sent).toMatchObject({
      customerId: c.id,
      kind: "text",
      status: "sent",
      text: "Yes, Saturday at 11 works. See you!",
      providerMessageId: fake.sent[0]!.id,
      error: null,
    });
    const entries = await sentEntries(c.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actorUserId: owner.id,
      data: {
        channel: "whatsapp",
        whatsappMessageId: sent.id,
        text: "Yes, Saturday at 11 works. See you!",
        status: "sent",
      },
    });
  });

  it("refuses text once the window closed, says when and that a template is needed, and sends nothing", async () => {
    const { asOwner, businessId } = connected;
    const c = await customer({ inboundHoursAgo: 25 });
    const window = await asOwner.messages.whatsAppWindow({ businessId, customerId: c.id });
    expect(window.open).toBe(false);
    expect(window.closesAt!.getTime()).toBe(c.whatsappLastInboundAt!.getTime() + hours(24));
    const err = await expectTRPCError(
      asOwner.messages.sendWhatsApp({ businessId, customerId: c.id, text: "Hello again" }),
      "BAD_REQUEST",
      { appCode: "VALIDATION", fieldErrors: { text: expect.stringMatching(/window closed on .*template/) } },
    );
    expect(err.message).toContain(window.closesAt!.toISOString());

    const never = await customer();
    await expectTRPCError(
      asOwner.messages.sendWhatsApp({ businessId, customerId: never.id, text: "Hello" }),
      "BAD_REQUEST",
      { appCode: "VALIDATION", fieldErrors: { text: expect.stringMatching(/not written.*template/) } },
    );
    expect(fake.requests).toHaveLength(0);
    expect(await messagesOf(c.id)).toHaveLength(0);
    expect(await sentEntries(c.id)).toHaveLength(0);
  });

  it("checks the input: one of text or template, not blank, at most 4096 characters", async () => {
    const { asOwner, businessId, template } = connected;
    const c = await customer({ inboundHoursAgo: 1 });
    const send = (input: Record<string, unknown>) =>
      expectTRPCError(
        asOwner.messages.sendWhatsApp({ businessId, customerId: c.id, ...input }),
        "BAD_REQUEST",
      );
    expect((await send({ text: "   " })).message).toMatch(/Write a message/);
    expect((await send({})).message).toMatch(/Write a message or choose a template/);
    expect((await send({ text: "x", templateId: template.id })).message).toMatch(/not both/);
    expect((await send({ text: "x".repeat(4097) })).message).toMatch(/4096/);
    expect(fake.requests).toHaveLength(0);
  });
});

describe("templates", () => {
  it("sends an approved template outside the window, filled from its mapping with overrides", async () => {
    const { asOwner, businessId, template, pending } = connected;
    const c = await customer({ name: "Meera Iyer", inboundHoursAgo: 30 });
    const window = await asOwner.messages.whatsAppWindow({ businessId, customerId: c.id });
    expect(window.templates.map((t) => t.id)).toEqual([template.id]);
    expect(window.templates).not.toContainEqual(expect.objectContaining({ id: pending.id }));
    expect(window.templates[0]).toMatchObject({
      name: "appointment_reminder",
      slots: [
        { key: "body.1", value: "Meera" },
        { key: "body.2", value: "Glow Salon" },
        { key: "body.3", value: null },
      ],
      preview: "Hi Meera, your appointment at Glow Salon is on {{body.3}}.",
    });

    // body.3 has no mapping: it must be given.
    await expectTRPCError(
      asOwner.messages.sendWhatsApp({ businessId, customerId: c.id, templateId: template.id }),
      "BAD_REQUEST",
      {
        appCode: "VALIDATION",
        fieldErrors: { "variables.body.3": expect.stringMatching(/Enter body variable 3/) },
      },
    );
    await expectTRPCError(
      asOwner.messages.sendWhatsApp({
        businessId,
        customerId: c.id,
        templateId: template.id,
        variables: { "body.3": "Friday", "body.9": "x" },
      }),
      "BAD_REQUEST",
      { fieldErrors: { "variables.body.9": "This template has no such variable." } },
    );
    expect(fake.requests).toHaveLength(0);

    const sent = await asOwner.messages.sendWhatsApp({
      businessId,
      customerId: c.id,
      templateId: template.id,
      variables: { "body.1": "Meera ji", "body.3": "Friday\n 5 pm" },
    });
    expect(fake.sent[0]!.body).toEqual({
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: c.whatsapp!.slice(1),
      type: "template",
      template: {
        name: "appointment_reminder",
        language: { code: "en" },
        components: [
          {
            type: "body",
            parameters: [
              { type: "text", text: "Meera ji" },
              { type: "text", text: "Glow Salon" },
              { type: "text", text: "Friday 5 pm" },
            ],
          },
        ],
      },
    });
    expect(sent).toMatchObject({
      kind: "template",
      status: "sent",
      templateId: template.id,
      templateName: "appointment_reminder",
      language: "en",
      text: "Hi Meera ji, your appointment at Glow Salon is on Friday 5 pm.",
    });
    expect((await sentEntries(c.id))[0]!.data).toMatchObject({
      templateName: "appointment_reminder",
      text: "Hi Meera ji, your appointment at Glow Salon is on Friday 5 pm.",
    });
  });

  it("refuses a template that is not approved", async () => {
    const { asOwner, businessId, pending } = connected;
    const c = await customer();
    await expectTRPCError(
      asOwner.messages.sendWhatsApp({ businessId, customerId: c.id, templateId: pending.id }),
      "BAD_REQUEST",
      { appCode: "VALIDATION", fieldErrors: { templateId: expect.stringMatching(/not approved/) } },
    );
    expect(fake.requests).toHaveLength(0);
  });
});

describe("who can be messaged", () => {
  it("refuses a customer without a number or who opted out of WhatsApp, with a field error", async () => {
    const { asOwner, businessId, template } = connected;
    const none = await customer({ whatsapp: null, phone: null, inboundHoursAgo: 1 });
    expect(await asOwner.messages.whatsAppWindow({ businessId, customerId: none.id })).toMatchObject({
      to: null,
      blocked: "no_number",
    });
    await expectTRPCError(
      asOwner.messages.sendWhatsApp({ businessId, customerId: none.id, text: "Hi" }),
      "BAD_REQUEST",
      { appCode: "VALIDATION", fieldErrors: { customerId: expect.stringMatching(/WhatsApp number/) } },
    );
    const optedOut = await customer({
      whatsappConsent: false,
      whatsappConsentAt: new Date(),
      inboundHoursAgo: 1,
    });
    expect((await asOwner.messages.whatsAppWindow({ businessId, customerId: optedOut.id })).blocked).toBe(
      "consent_denied",
    );
    for (const input of [{ text: "Hi" }, { templateId: template.id, variables: { "body.3": "Monday" } }]) {
      await expectTRPCError(
        asOwner.messages.sendWhatsApp({ businessId, customerId: optedOut.id, ...input }),
        "BAD_REQUEST",
        { appCode: "VALIDATION", fieldErrors: { customerId: expect.stringMatching(/opted out/) } },
      );
    }
    expect(fake.requests).toHaveLength(0);
  });

  it("uses the phone when there is no WhatsApp number, and answers NOT_FOUND for another business's customer", async () => {
    const { asOwner, businessId } = connected;
    const phone = `+91${digits(10).replace(/^./, "8")}`;
    const c = await customer({ whatsapp: null, phone, inboundHoursAgo: 3 });
    await asOwner.messages.sendWhatsApp({ businessId, customerId: c.id, text: "Hi" });
    expect(fake.sent[0]!.body.to).toBe(phone.slice(1));

    const other = await setupBusiness();
    const theirs = await customer({ inboundHoursAgo: 1 }, other.businessId);
    await expectTRPCError(
      asOwner.messages.sendWhatsApp({ businessId, customerId: theirs.id, text: "Hi" }),
      "NOT_FOUND",
    );
    await expectTRPCError(
      asOwner.messages.sendWhatsApp({ businessId, customerId: c.id, templateId: other.template.id }),
      "NOT_FOUND",
    );
  });
});

describe("provider failures are recorded, never dropped", () => {
  it("records a refused message as failed with Meta's code and sentence, on the timeline too", async () => {
    const { asOwner, businessId } = connected;
    const c = await customer({ inboundHoursAgo: 1 });
    fake.failNext(1, 131026);
    await expectTRPCError(
      asOwner.messages.sendWhatsApp({ businessId, customerId: c.id, text: "Are you there?" }),
      "BAD_REQUEST",
      { appCode: "BAD_REQUEST", message: /could not deliver/ },
    );
    const [row] = await messagesOf(c.id);
    expect(row).toMatchObject({
      status: "failed",
      errorCode: "131026",
      error: expect.stringMatching(/WhatsApp could not deliver the message/),
      providerMessageId: null,
      text: "Are you there?",
    });
    expect(row!.failedAt).toBeInstanceOf(Date);
    expect((await sentEntries(c.id))[0]!.data).toMatchObject({ status: "failed", error: row!.error });
  });

  it("answers rate limits and outages with a retryable error and records them", async () => {
    const { asOwner, businessId } = connected;
    const c = await customer({ inboundHoursAgo: 1 });
    fake.failNext(1, 130429);
    await expectTRPCError(
      asOwner.messages.sendWhatsApp({ businessId, customerId: c.id, text: "One" }),
      "TOO_MANY_REQUESTS",
      { appCode: "RATE_LIMITED", message: /try again/ },
    );
    fake.failNext(1, 131000);
    await expectTRPCError(
      asOwner.messages.sendWhatsApp({ businessId, customerId: c.id, text: "Two" }),
      "SERVICE_UNAVAILABLE",
      { appCode: "UNAVAILABLE", message: /try again/ },
    );
    const rows = await messagesOf(c.id);
    expect(rows.map((r) => [r.text, r.status, r.errorCode]).sort()).toEqual([
      ["One", "failed", "130429"],
      ["Two", "failed", "131000"],
    ]);
    // The retry goes through.
    expect((await asOwner.messages.sendWhatsApp({ businessId, customerId: c.id, text: "Two" })).status).toBe(
      "sent",
    );
  });
});

describe("delivery status webhooks", () => {
  const status = (id: string, s: string, at: number, extra: Record<string, unknown> = {}) => ({
    id,
    status: s,
    timestamp: String(at),
    recipient_id: "919812345678",
    ...extra,
  });

  it("moves the message forward (delivered, read) and never back", async () => {
    const { asOwner, businessId } = connected;
    const c = await customer({ inboundHoursAgo: 1 });
    const sent = await asOwner.messages.sendWhatsApp({ businessId, customerId: c.id, text: "Booked!" });
    const wamid = sent.providerMessageId!;
    const t = Math.floor(Date.now() / 1000);
    expect((await webhook({ statuses: [status(wamid, "delivered", t + 1)] })).status).toBe(200);
    let [row] = await messagesOf(c.id);
    expect(row).toMatchObject({ status: "delivered" });
    expect(row!.deliveredAt?.toISOString()).toBe(new Date((t + 1) * 1000).toISOString());

    await webhook({ statuses: [status(wamid, "read", t + 5)] });
    // A late "sent" arrives after "read": nothing moves back.
    await webhook({ statuses: [status(wamid, "sent", t)] });
    [row] = await messagesOf(c.id);
    expect(row).toMatchObject({ status: "read" });
    expect(row!.readAt?.toISOString()).toBe(new Date((t + 5) * 1000).toISOString());
    expect((await sentEntries(c.id))[0]!.data).toMatchObject({ status: "read" });
  });

  it("records a failed status with Meta's code and sentence", async () => {
    const { asOwner, businessId } = connected;
    const c = await customer({ inboundHoursAgo: 1 });
    const sent = await asOwner.messages.sendWhatsApp({ businessId, customerId: c.id, text: "Hi" });
    await webhook({
      statuses: [
        status(sent.providerMessageId!, "failed", Math.floor(Date.now() / 1000), {
          errors: [{ code: 131047, title: "Re-engagement message" }],
        }),
      ],
    });
    const [row] = await messagesOf(c.id);
    expect(row).toMatchObject({
      status: "failed",
      errorCode: "131047",
      error: "More than 24 hours since the customer last wrote: only an approved template can be sent.",
    });
    expect((await sentEntries(c.id))[0]!.data).toMatchObject({ status: "failed", error: row!.error });
  });
});

describe("merging duplicates", () => {
  it("keeps the merged customer's WhatsApp messages and open service window on the survivor", async () => {
    const { asOwner, businessId } = connected;
    const survivor = await customer({ name: "Asha R" });
    const duplicate = await customer({ inboundHoursAgo: 1 });
    const sent = await asOwner.messages.sendWhatsApp({ businessId, customerId: duplicate.id, text: "Hi" });
    await asOwner.customers.merge({ businessId, survivorId: survivor.id, mergedIds: [duplicate.id] });
    expect((await messagesOf(survivor.id)).map((m) => m.id)).toEqual([sent.id]);
    const window = await asOwner.messages.whatsAppWindow({ businessId, customerId: survivor.id });
    expect(window.open).toBe(true);
    await asOwner.messages.sendWhatsApp({ businessId, customerId: survivor.id, text: "Still here" });
  });
});

describe("without a WhatsApp provider", () => {
  it("puts the message in the dev outbox with the same payload", async () => {
    const other = await setupBusiness();
    const c = await customer({ inboundHoursAgo: 2 }, other.businessId);
    const window = await other.asOwner.messages.whatsAppWindow({
      businessId: other.businessId,
      customerId: c.id,
    });
    expect(window.providerConnected).toBe(false);
    const sent = await other.asOwner.messages.sendWhatsApp({
      businessId: other.businessId,
      customerId: c.id,
      text: "See you soon",
    });
    expect(sent.providerMessageId).toMatch(/^wamid\.dev-/);
    const [outbox] = await db
      .select()
      .from(devWhatsappMessages)
      .where(eq(devWhatsappMessages.providerMessageId, sent.providerMessageId!));
    expect(outbox).toMatchObject({ kind: "text", text: "See you soon", to: c.whatsapp });
    expect(outbox!.payload).toMatchObject({ type: "text", text: { body: "See you soon" } });
    expect(fake.requests).toHaveLength(0);
  });
});

describe("REST: POST /api/v1/customers/{customerId}/whatsapp-messages", () => {
  it("sends with an API key and answers 400 with the reason when the window is closed", async () => {
    const other = await setupBusiness();
    const key = await createApiKeyFor(db, other.business);
    const post = (customerId: string, body: unknown) =>
      restPOST(
        new Request(`http://localhost:3000/api/v1/customers/${customerId}/whatsapp-messages`, {
          method: "POST",
          headers: { authorization: `Bearer ${key.key}`, "content-type": "application/json" },
          body: JSON.stringify(body),
        }),
      );
    const open = await customer({ inboundHoursAgo: 1 }, other.businessId);
    const ok = await post(open.id, { text: "Thanks for writing!" });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ customerId: open.id, kind: "text", status: "sent" });

    const closed = await customer({ inboundHoursAgo: 48 }, other.businessId);
    const refused = await post(closed.id, { text: "Hello?" });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(await refused.json())).toMatch(/window closed/);

    const theirs = await customer({ inboundHoursAgo: 1 });
    expect((await post(theirs.id, { text: "Hi" })).status).toBe(404);
  });
});
