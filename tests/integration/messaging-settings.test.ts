import { randomInt } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditEvents, devWhatsappMessages, messageTemplates, messagingSettings } from "@/db/schema";
import { tokenHash } from "@/server/crypto/secret-box";
import { loadMessagingConfig } from "@/server/services/messaging-settings";
import { assertSendable, sendableWhatsappTemplate } from "@/server/services/whatsapp-templates";
import { sendWhatsappMessage, WhatsappError } from "@/server/whatsapp/client";
import { callerFor, expectTRPCError } from "../helpers/caller";
import { testDb } from "../helpers/db";
import { addMember, createBusiness, createUser } from "../helpers/factories";
import { type FakeWhatsapp, startFakeWhatsapp } from "../helpers/fake-whatsapp";

let db: Db;
let fake: FakeWhatsapp;
beforeAll(async () => {
  db = (await testDb()).db;
  fake = await startFakeWhatsapp({ phoneNumberId: digits(15), wabaId: digits(15) });
  process.env.WHATSAPP_API_BASE_URL = fake.url;
});
afterAll(async () => {
  delete process.env.WHATSAPP_API_BASE_URL;
  await fake.close();
});

function digits(n: number): string {
  return String(randomInt(1, 10)) + Array.from({ length: n - 1 }, () => randomInt(0, 10)).join("");
}

async function setup() {
  const owner = await createUser(db);
  const business = await createBusiness(db, { owner, name: "Glow Salon" });
  return { owner, business, businessId: business.id, asOwner: callerFor(db, owner) };
}

/** Connects a business to the fake Cloud API (its own phone number id: ids are unique across businesses). */
async function connect(
  asOwner: ReturnType<typeof callerFor>,
  businessId: string,
  phoneNumberId = fake.phoneNumberId,
) {
  return asOwner.messagingSettings.update({
    businessId,
    whatsappPhoneNumberId: phoneNumberId,
    whatsappWabaId: fake.wabaId,
    whatsappAccessToken: fake.accessToken,
    whatsappAppSecret: "app-secret-0123456789",
  });
}

describe("messaging settings", () => {
  it("starts unconfigured: both channels deliver to the dev outbox", async () => {
    const { businessId, asOwner } = await setup();
    const view = await asOwner.messagingSettings.get({ businessId });
    expect(view.email).toMatchObject({
      configured: false,
      apiKey: null,
      ratePerSecond: 2,
      requiresOptIn: false,
    });
    expect(view.whatsapp).toMatchObject({
      configured: false,
      accessToken: null,
      messagingLimit: 250,
      ratePerSecond: 80,
    });
    expect(view.optOutWords).toEqual(["STOP", "UNSUBSCRIBE"]);
    const config = await loadMessagingConfig(db, businessId);
    expect(config.email).toBeNull();
    expect(config.whatsapp).toBeNull();
  });

  it("stores secrets encrypted, shows them masked, never returns them; replace and clear", async () => {
    const { businessId, asOwner } = await setup();
    const resendKey = "re_live_abcdefghijklmnop1234";
    const token = "EAAGsecretaccesstokenWXYZ";
    const view = await asOwner.messagingSettings.update({
      businessId,
      resendApiKey: resendKey,
      resendWebhookSecret: "whsec_signingsecretvalue9876",
      emailFrom: "Glow Salon <hello@glow.example>",
      emailReplyTo: "owner@glow.example",
      postalAddress: "12 MG Road, Pune",
      emailRequiresOptIn: true,
      whatsappPhoneNumberId: digits(15),
      whatsappWabaId: digits(15),
      whatsappAccessToken: token,
      whatsappAppSecret: "appsecret-abcdef-4321",
      whatsappVerifyToken: "verify-me-please",
      optOutWords: ["stop", "band karo"],
    });
    expect(view.email).toMatchObject({ configured: true, apiKey: "••••1234", webhookSecret: "••••9876" });
    expect(view.whatsapp).toMatchObject({
      configured: true,
      accessToken: "••••WXYZ",
      appSecret: "••••4321",
      verifyTokenSet: true,
    });
    expect(view.optOutWords).toEqual(["STOP", "BAND KARO"]);
    const answer = JSON.stringify([view, await asOwner.messagingSettings.get({ businessId })]);
    for (const secret of [
      resendKey,
      token,
      "appsecret-abcdef-4321",
      "verify-me-please",
      "whsec_signingsecretvalue9876",
    ])
      expect(answer).not.toContain(secret);

    // At rest: ciphertext, and the verify token only as its hash.
    const [row] = await db
      .select()
      .from(messagingSettings)
      .where(eq(messagingSettings.businessId, businessId));
    const stored = JSON.stringify(row);
    for (const secret of [resendKey, token, "appsecret-abcdef-4321", "verify-me-please"])
      expect(stored).not.toContain(secret);
    expect(row!.resendApiKeyEnc).toMatch(/^v1\./);
    expect(row!.whatsappVerifyTokenHash).toBe(tokenHash("verify-me-please"));

    // The senders get the plaintext.
    const config = await loadMessagingConfig(db, businessId);
    expect(config.email).toMatchObject({
      apiKey: resendKey,
      from: "Glow Salon <hello@glow.example>",
      requiresOptIn: true,
    });
    expect(config.whatsapp).toMatchObject({ accessToken: token, appSecret: "appsecret-abcdef-4321" });
    expect(config.optOutWords).toEqual(["STOP", "BAND KARO"]);

    // Omitted keeps; a new value replaces; "" clears.
    const kept = await asOwner.messagingSettings.update({ businessId, emailRatePerSecond: 5 });
    expect(kept.email.apiKey).toBe("••••1234");
    const replaced = await asOwner.messagingSettings.update({
      businessId,
      resendApiKey: "re_other_key_9999zzzz",
    });
    expect(replaced.email.apiKey).toBe("••••zzzz");
    const cleared = await asOwner.messagingSettings.update({
      businessId,
      resendApiKey: "",
      whatsappAccessToken: "",
    });
    expect(cleared.email).toMatchObject({ configured: false, apiKey: null });
    expect(cleared.whatsapp).toMatchObject({ configured: false, accessToken: null, appSecret: "••••4321" });
    expect((await loadMessagingConfig(db, businessId)).email).toBeNull();

    // Audited by field name, never value.
    const audits = await db.select().from(auditEvents).where(eq(auditEvents.businessId, businessId));
    const updates = audits.filter((a) => a.action === "messaging_settings.updated");
    expect(updates.length).toBe(4);
    expect(JSON.stringify(updates)).not.toContain(resendKey);
    expect(JSON.stringify(updates)).toContain("resendApiKey");
  });

  it("answers field errors for bad values", async () => {
    const { businessId, asOwner } = await setup();
    await expectTRPCError(
      asOwner.messagingSettings.update({
        businessId,
        emailFrom: "Glow Salon",
        whatsappPhoneNumberId: "12-34",
        whatsappRatePerSecond: 5000,
        emailRatePerSecond: 0,
        optOutWords: ["<script>"],
      }),
      "BAD_REQUEST",
      {
        fieldErrors: {
          emailFrom: expect.any(String),
          whatsappPhoneNumberId: expect.any(String),
          whatsappRatePerSecond: expect.any(String),
          emailRatePerSecond: expect.any(String),
          "optOutWords.0": expect.any(String),
        },
      },
    );
    await expectTRPCError(asOwner.messagingSettings.update({ businessId, optOutWords: [] }), "BAD_REQUEST", {
      fieldErrors: { optOutWords: expect.any(String) },
    });
  });

  it("refuses members (FORBIDDEN) and a phone number id another business uses (CONFLICT)", async () => {
    const { business, businessId, asOwner } = await setup();
    const { user: member } = await addMember(db, business, "member");
    await expectTRPCError(callerFor(db, member).messagingSettings.get({ businessId }), "FORBIDDEN");
    await expectTRPCError(
      callerFor(db, member).messagingSettings.update({ businessId, emailRatePerSecond: 3 }),
      "FORBIDDEN",
    );
    const shared = digits(15);
    await asOwner.messagingSettings.update({ businessId, whatsappPhoneNumberId: shared });
    const other = await setup();
    await expectTRPCError(
      other.asOwner.messagingSettings.update({ businessId: other.businessId, whatsappPhoneNumberId: shared }),
      "CONFLICT",
      { fieldErrors: { whatsappPhoneNumberId: expect.any(String) } },
    );
  });

  it("reads the messaging limit from Meta", async () => {
    const { businessId, asOwner } = await setup();
    await expectTRPCError(asOwner.messagingSettings.refreshMessagingLimit({ businessId }), "BAD_REQUEST", {
      appCode: "VALIDATION",
    });
    await connect(asOwner, businessId);
    fake.messagingLimitTier = "TIER_10K";
    expect(
      (await asOwner.messagingSettings.refreshMessagingLimit({ businessId })).whatsapp.messagingLimit,
    ).toBe(10_000);
    fake.messagingLimitTier = "TIER_UNLIMITED";
    expect(
      (await asOwner.messagingSettings.refreshMessagingLimit({ businessId })).whatsapp.messagingLimit,
    ).toBeNull();
    expect(fake.requests.at(-1)?.path).toBe(
      `/${fake.phoneNumberId}?fields=whatsapp_business_manager_messaging_limit`,
    );
    // Set by hand.
    expect(
      (await asOwner.messagingSettings.update({ businessId, whatsappMessagingLimit: 2000 })).whatsapp
        .messagingLimit,
    ).toBe(2000);
    await db
      .update(messagingSettings)
      .set({ whatsappPhoneNumberId: null })
      .where(eq(messagingSettings.businessId, businessId));
  });
});

const metaTemplate = (i: number, status = "APPROVED") => ({
  name: `promo_${String(i).padStart(2, "0")}`,
  language: "en",
  status,
  category: "MARKETING",
  id: String(900000 + i),
  components: [
    { type: "BODY", text: "Hi {{1}}, {{2}} off today", example: { body_text: [["Asha", "20%"]] } },
    { type: "BUTTONS", buttons: [{ type: "URL", text: "Shop", url: "https://shop.example/{{1}}" }] },
  ],
});

describe("WhatsApp templates", () => {
  it("syncs every page from Meta, updates statuses, marks templates gone from Meta DELETED and keeps mappings", async () => {
    const { businessId, asOwner } = await setup();
    await connect(asOwner, businessId);
    fake.templates = Array.from({ length: 130 }, (_, i) => metaTemplate(i, i === 1 ? "PENDING" : "APPROVED"));
    fake.reset();
    expect(await asOwner.whatsappTemplates.sync({ businessId })).toEqual({
      synced: 130,
      deleted: 0,
      source: "meta",
    });
    // Two pages of 100, the second asked for with the first page's `after` cursor.
    const pages = fake.requests.filter((r) => r.path.startsWith(`/${fake.wabaId}/message_templates`));
    expect(pages).toHaveLength(2);
    expect(pages[1]!.path).toContain("after=");
    expect(pages[0]!.authorization).toBe(`Bearer ${fake.accessToken}`);

    const { data } = await asOwner.whatsappTemplates.list({ businessId });
    expect(data).toHaveLength(130);
    const first = data.find((t) => t.name === "promo_00")!;
    expect(first).toMatchObject({
      status: "APPROVED",
      category: "MARKETING",
      externalId: "900000",
      language: "en",
    });
    expect(first.slots.map((s) => s.key)).toEqual(["body.1", "body.2", "button.0.1"]);
    expect(first.problems).toEqual(expect.arrayContaining([expect.stringMatching(/Map Body variable 1/)]));

    const mapped = await asOwner.whatsappTemplates.setMapping({
      businessId,
      templateId: first.id,
      mapping: {
        "body.1": { field: "customer.firstName", fallback: "there" },
        "body.2": { text: "20%" },
        "button.0.1": { text: "spring" },
      },
    });
    expect(mapped.problems).toEqual([]);

    // Meta approves promo_01 and deletes promo_02..; a re-sync keeps promo_00's mapping.
    fake.templates = [metaTemplate(0), metaTemplate(1, "APPROVED")];
    expect(await asOwner.whatsappTemplates.sync({ businessId })).toEqual({
      synced: 2,
      deleted: 128,
      source: "meta",
    });
    const after = (await asOwner.whatsappTemplates.list({ businessId })).data;
    expect(after.find((t) => t.name === "promo_01")!.status).toBe("APPROVED");
    expect(after.find((t) => t.name === "promo_05")!.status).toBe("DELETED");
    expect(after.find((t) => t.name === "promo_00")!.mapping).toMatchObject({ "body.2": { text: "20%" } });
    // Syncing again counts nothing newly deleted.
    expect((await asOwner.whatsappTemplates.sync({ businessId })).deleted).toBe(0);
    await db
      .update(messagingSettings)
      .set({ whatsappPhoneNumberId: null })
      .where(eq(messagingSettings.businessId, businessId));
  });

  it("refuses mappings to slots the template lacks and to unknown custom fields", async () => {
    const { businessId, asOwner } = await setup();
    await asOwner.whatsappTemplates.sync({ businessId }); // no provider: the sample templates
    const { data } = await asOwner.whatsappTemplates.list({ businessId });
    const offer = data.find((t) => t.name === "seasonal_offer")!;
    await expectTRPCError(
      asOwner.whatsappTemplates.setMapping({
        businessId,
        templateId: offer.id,
        mapping: { "body.9": { text: "x" }, "body.1": { field: "customer.custom.nope" } },
      }),
      "BAD_REQUEST",
      { fieldErrors: { "mapping.body.9": expect.any(String), "mapping.body.1": expect.any(String) } },
    );
    await expectTRPCError(
      asOwner.whatsappTemplates.setMapping({
        businessId,
        templateId: offer.id,
        mapping: { "body.1": { field: "customer.password" } },
      }),
      "BAD_REQUEST",
    );
  });

  it("assertSendable: a clear error before sending a template that is not approved or not mapped", async () => {
    const { businessId, asOwner } = await setup();
    await asOwner.whatsappTemplates.sync({ businessId });
    const rows = await db.select().from(messageTemplates).where(eq(messageTemplates.businessId, businessId));
    const pending = rows.find((r) => r.name === "appointment_reminder")!;
    expect(() => assertSendable(pending)).toThrow(/not approved/);
    const offer = rows.find((r) => r.name === "seasonal_offer")!;
    try {
      assertSendable(offer);
      expect.unreachable();
    } catch (e) {
      expect((e as { code: string; fieldErrors: Record<string, string> }).code).toBe("VALIDATION");
      expect(Object.keys((e as { fieldErrors: Record<string, string> }).fieldErrors)).toContain(
        "mapping.header.1",
      );
    }
    await asOwner.whatsappTemplates.setMapping({
      businessId,
      templateId: offer.id,
      mapping: {
        "header.1": { field: "customer.firstName", fallback: "you" },
        "body.1": { field: "customer.firstName", fallback: "there" },
        "body.2": { field: "business.name" },
        "body.3": { text: "20%" },
        "button.0.1": { text: "spring" },
      },
    });
    const sendable = await sendableWhatsappTemplate(db, businessId, offer.id);
    expect(sendable).toMatchObject({ name: "seasonal_offer", language: "en" });
    await expect(sendableWhatsappTemplate(db, businessId, pending.id)).rejects.toMatchObject({
      code: "VALIDATION",
      message: expect.stringMatching(/not approved/),
    });
  });
});

describe("WhatsApp client against the Cloud API", () => {
  const config = () => ({
    phoneNumberId: fake.phoneNumberId,
    wabaId: fake.wabaId,
    accessToken: fake.accessToken,
    appSecret: null,
    ratePerSecond: 80,
    messagingLimit: 250,
  });

  it("sends a template and answers Meta's message id", async () => {
    const { businessId } = await setup();
    fake.reset();
    const result = await sendWhatsappMessage(
      config(),
      {
        to: "+919812345678",
        template: {
          name: "promo_00",
          language: "en",
          components: [{ type: "body", parameters: [{ type: "text", text: "Asha" }] }],
        },
      },
      { db, businessId },
    );
    expect(result.transport).toBe("cloud_api");
    expect(result.providerMessageId).toBe(fake.sent[0]!.id);
    expect(fake.sent[0]!.body).toEqual({
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: "919812345678",
      type: "template",
      template: {
        name: "promo_00",
        language: { code: "en" },
        components: [{ type: "body", parameters: [{ type: "text", text: "Asha" }] }],
      },
    });
    expect(fake.requests[0]!.authorization).toBe(`Bearer ${fake.accessToken}`);
  });

  it("131047 outside the 24-hour window is permanent, with a human sentence", async () => {
    const { businessId } = await setup();
    fake.failNext(1, 131047);
    const err = await sendWhatsappMessage(
      config(),
      { to: "+919812345678", text: "Hello" },
      { db, businessId },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WhatsappError);
    expect(err).toMatchObject({
      code: 131047,
      retriable: false,
      humanMessage:
        "More than 24 hours since the customer last wrote: only an approved template can be sent.",
    });
  });

  it("130429 throughput is retriable with Retry-After; 5xx and network failures too; a bad token is not", async () => {
    const { businessId } = await setup();
    fake.failNext(1, 130429, { retryAfterSeconds: 2 });
    await expect(
      sendWhatsappMessage(config(), { to: "+919812345678", text: "Hi" }, { db, businessId }),
    ).rejects.toMatchObject({
      code: 130429,
      status: 429,
      retriable: true,
      retryAfterMs: 2000,
    });
    fake.failNext(1, 131000);
    await expect(
      sendWhatsappMessage(config(), { to: "+919812345678", text: "Hi" }, { db, businessId }),
    ).rejects.toMatchObject({
      retriable: true,
    });
    await expect(
      sendWhatsappMessage(
        { ...config(), accessToken: "wrong" },
        { to: "+919812345678", text: "Hi" },
        { db, businessId },
      ),
    ).rejects.toMatchObject({ code: 190, retriable: false });
    const saved = process.env.WHATSAPP_API_BASE_URL;
    process.env.WHATSAPP_API_BASE_URL = "http://127.0.0.1:1";
    try {
      await expect(
        sendWhatsappMessage(config(), { to: "+919812345678", text: "Hi" }, { db, businessId }),
      ).rejects.toMatchObject({
        code: null,
        retriable: true,
      });
    } finally {
      process.env.WHATSAPP_API_BASE_URL = saved;
    }
  });

  it("without a provider, messages go to the WhatsApp dev outbox", async () => {
    const { businessId } = await setup();
    const sentBefore = fake.sent.length;
    const result = await sendWhatsappMessage(
      null,
      { to: "+919812345678", template: { name: "hello_world", language: "en_US", components: [] } },
      { db, businessId, preview: "Hello World" },
    );
    expect(result).toMatchObject({
      transport: "dev_outbox",
      providerMessageId: expect.stringMatching(/^wamid\.dev-/),
    });
    expect(fake.sent.length).toBe(sentBefore);
    const [row] = await db
      .select()
      .from(devWhatsappMessages)
      .where(sql`${devWhatsappMessages.providerMessageId} = ${result.providerMessageId}`);
    expect(row).toMatchObject({ businessId, to: "+919812345678", kind: "template", text: "Hello World" });
    await expect(
      sendWhatsappMessage(null, { to: "12", text: "x" }, { db, businessId }),
    ).rejects.toMatchObject({
      retriable: false,
    });
  });
});
