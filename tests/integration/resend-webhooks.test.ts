import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { Webhook } from "svix";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/webhooks/resend/route";
import type { Db } from "@/db/client";
import {
  activities,
  campaignRecipients,
  consentEvents,
  customers,
  messagingSettings,
  webhookEvents,
} from "@/db/schema";
import { sealSecret } from "@/server/crypto/secret-box";
import { insertCustomer, insertSentCampaign } from "../helpers/campaign-rows";
import { testDb } from "../helpers/db";
import { createBusiness, createUser } from "../helpers/factories";
import { deliverWebhook, newWebhookSecret, resendEmailEvent } from "../helpers/fake-resend";

let db: Db;
let businessId: string;
let otherBusinessId: string;
const businessSecret = newWebhookSecret();
const otherSecret = newWebhookSecret();
const sharedSecret = newWebhookSecret();

beforeAll(async () => {
  db = (await testDb()).db;
  const owner = await createUser(db);
  businessId = (await createBusiness(db, { owner })).id;
  otherBusinessId = (await createBusiness(db, { owner })).id;
  await db.insert(messagingSettings).values([
    { businessId, resendWebhookSecretEnc: sealSecret(businessSecret) },
    { businessId: otherBusinessId, resendWebhookSecretEnc: sealSecret(otherSecret) },
  ]);
  delete process.env.RESEND_WEBHOOK_SECRET;
});

afterAll(() => {
  delete process.env.RESEND_WEBHOOK_SECRET;
});

async function sentRecipient(bizId = businessId) {
  const customer = await insertCustomer(db, bizId);
  const { campaign, recipients } = await insertSentCampaign(db, bizId, [customer]);
  return { customer, campaign, recipient: recipients[0]! };
}

async function recipientNow(id: number) {
  const [row] = await db.select().from(campaignRecipients).where(eq(campaignRecipients.id, id));
  return row!;
}

async function storedEvents(eventId: string) {
  return db
    .select()
    .from(webhookEvents)
    .where(and(eq(webhookEvents.provider, "resend"), eq(webhookEvents.eventId, eventId)));
}

describe("POST /api/webhooks/resend", () => {
  it("applies a correctly signed event to the recipient and records it once", async () => {
    const { recipient } = await sentRecipient();
    const at = new Date(Date.now() - 60_000);
    const { response, id } = await deliverWebhook(
      POST,
      businessSecret,
      resendEmailEvent("email.delivered", recipient.providerMessageId!, { at }),
    );

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true, duplicate: false });
    const row = await recipientNow(recipient.id);
    expect(row.status).toBe("delivered");
    expect(row.deliveredAt?.toISOString()).toBe(new Date(Math.floor(at.getTime())).toISOString());
    const [stored] = await storedEvents(id);
    expect(stored).toMatchObject({ businessId, type: "email.delivered" });
    expect(stored!.processedAt).toBeInstanceOf(Date);
  });

  it("refuses a wrong, missing, expired or body-altered signature with 401 and stores nothing", async () => {
    const { recipient } = await sentRecipient();
    const event = resendEmailEvent("email.clicked", recipient.providerMessageId!);
    const attempts = [
      // Signed with another business's secret.
      await deliverWebhook(POST, otherSecret, event),
      // No signature header, or none of the three.
      await deliverWebhook(POST, businessSecret, event, { headers: { "svix-signature": null } }),
      await deliverWebhook(POST, businessSecret, event, {
        headers: { "svix-id": null, "svix-timestamp": null, "svix-signature": null },
      }),
      // Correctly signed, but 10 minutes old (Svix's tolerance is 5).
      await deliverWebhook(POST, businessSecret, event, { timestamp: new Date(Date.now() - 10 * 60_000) }),
      // A signature that is not v1 base64 at all.
      await deliverWebhook(POST, businessSecret, event, { headers: { "svix-signature": "v1,bm90IGl0" } }),
    ];
    // Signed over one body, sent with another.
    const id = `msg_${randomUUID()}`;
    const timestamp = new Date();
    const signedBody = JSON.stringify(resendEmailEvent("email.delivered", recipient.providerMessageId!));
    attempts.push(
      await deliverWebhook(POST, businessSecret, event, {
        id,
        timestamp,
        headers: { "svix-signature": new Webhook(businessSecret).sign(id, timestamp, signedBody) },
      }),
    );

    for (const [i, a] of attempts.entries()) {
      expect(a.response.status, `attempt ${i}`).toBe(401);
      expect(await storedEvents(a.id)).toHaveLength(0);
    }
    expect((await recipientNow(recipient.id)).status).toBe("sent");
  });

  it("answers a replay (same svix-id) with 200 and does not process it again", async () => {
    const { customer, recipient } = await sentRecipient();
    const event = resendEmailEvent("email.complained", recipient.providerMessageId!);
    const first = await deliverWebhook(POST, businessSecret, event);
    const again = await deliverWebhook(POST, businessSecret, event, { id: first.id });

    expect(first.response.status).toBe(200);
    expect(again.response.status).toBe(200);
    expect(await again.response.json()).toEqual({ received: true, duplicate: true });
    expect(await storedEvents(first.id)).toHaveLength(1);
    const ledger = await db.select().from(consentEvents).where(eq(consentEvents.customerId, customer.id));
    expect(ledger).toHaveLength(1);
  });

  it("never moves a status backwards: clicked, then a late delivered, stays clicked", async () => {
    const { recipient } = await sentRecipient();
    const clickedAt = new Date(Date.now() - 30_000);
    const deliveredAt = new Date(Date.now() - 90_000);
    const email = recipient.providerMessageId!;
    await deliverWebhook(POST, businessSecret, resendEmailEvent("email.clicked", email, { at: clickedAt }));
    const late = await deliverWebhook(
      POST,
      businessSecret,
      resendEmailEvent("email.delivered", email, { at: deliveredAt }),
    );

    expect(late.response.status).toBe(200);
    const row = await recipientNow(recipient.id);
    expect(row.status).toBe("clicked");
    expect(row.clickedAt?.getTime()).toBe(clickedAt.getTime());
    // The late event's time is still kept for reports.
    expect(row.deliveredAt?.getTime()).toBe(deliveredAt.getTime());
  });

  it("a complaint withdraws email consent: ledger, customer field and timeline", async () => {
    const { customer, campaign, recipient } = await sentRecipient();
    const at = new Date(Date.now() - 5_000);
    const { response } = await deliverWebhook(
      POST,
      businessSecret,
      resendEmailEvent("email.complained", recipient.providerMessageId!, { at }),
    );

    expect(response.status).toBe(200);
    expect((await recipientNow(recipient.id)).status).toBe("complained");
    const [ledger] = await db.select().from(consentEvents).where(eq(consentEvents.customerId, customer.id));
    expect(ledger).toMatchObject({
      businessId,
      channel: "email",
      granted: false,
      source: "email_complaint",
      campaignId: campaign.id,
    });
    const [after] = await db.select().from(customers).where(eq(customers.id, customer.id));
    expect(after).toMatchObject({ emailConsent: false, emailConsentSource: "email_complaint" });
    const timeline = await db
      .select()
      .from(activities)
      .where(and(eq(activities.customerId, customer.id), eq(activities.type, "consent_changed")));
    expect(timeline).toHaveLength(1);
    expect(timeline[0]!.data).toMatchObject({
      channel: "email",
      granted: false,
      source: "email_complaint",
      campaignId: campaign.id,
    });
  });

  it("keeps a bounce's type and message, and a failure's reason, on the recipient", async () => {
    const bounced = await sentRecipient();
    await deliverWebhook(
      POST,
      businessSecret,
      resendEmailEvent("email.bounced", bounced.recipient.providerMessageId!),
    );
    expect(await recipientNow(bounced.recipient.id)).toMatchObject({
      status: "bounced",
      errorCode: "Permanent/Suppressed",
      error: expect.stringContaining("suppression list"),
    });

    const failed = await sentRecipient();
    await deliverWebhook(
      POST,
      businessSecret,
      resendEmailEvent("email.failed", failed.recipient.providerMessageId!),
    );
    expect(await recipientNow(failed.recipient.id)).toMatchObject({
      status: "failed",
      errorCode: "reached_daily_quota",
      error: "Resend did not send it: the daily sending quota was reached.",
    });
  });

  it("records a delivery delay without changing the status", async () => {
    const { recipient } = await sentRecipient();
    const { response, id } = await deliverWebhook(
      POST,
      businessSecret,
      resendEmailEvent("email.delivery_delayed", recipient.providerMessageId!),
    );
    expect(response.status).toBe(200);
    expect((await recipientNow(recipient.id)).status).toBe("sent");
    expect(await storedEvents(id)).toHaveLength(1);
  });

  it("uses RESEND_WEBHOOK_SECRET for transactional emails and businesses without their own secret", async () => {
    process.env.RESEND_WEBHOOK_SECRET = sharedSecret;
    try {
      // A transactional email: no campaign recipient has this id; accepted, recorded, nothing changed.
      const transactional = await deliverWebhook(
        POST,
        sharedSecret,
        resendEmailEvent("email.delivered", randomUUID()),
      );
      expect(transactional.response.status).toBe(200);
      const [stored] = await storedEvents(transactional.id);
      expect(stored).toMatchObject({ businessId: null, type: "email.delivered" });

      // A business with no messaging settings: the shared secret verifies, the event is applied.
      const owner = await createUser(db);
      const plain = await createBusiness(db, { owner });
      const { recipient } = await sentRecipient(plain.id);
      const opened = await deliverWebhook(
        POST,
        sharedSecret,
        resendEmailEvent("email.opened", recipient.providerMessageId!),
      );
      expect(opened.response.status).toBe(200);
      expect((await recipientNow(recipient.id)).status).toBe("opened");
      expect((await storedEvents(opened.id))[0]).toMatchObject({ businessId: plain.id });

      // Another business's secret still does not verify an event about this business's email.
      const forged = await deliverWebhook(
        POST,
        otherSecret,
        resendEmailEvent("email.clicked", recipient.providerMessageId!),
      );
      expect(forged.response.status).toBe(401);
    } finally {
      delete process.env.RESEND_WEBHOOK_SECRET;
    }
  });

  it("refuses everything when no secret is configured for the email", async () => {
    const { response, id } = await deliverWebhook(
      POST,
      sharedSecret,
      resendEmailEvent("email.delivered", randomUUID()),
    );
    expect(response.status).toBe(401);
    expect(await storedEvents(id)).toHaveLength(0);
  });

  it("refuses a body over 256 KiB with 413", async () => {
    const { response } = await deliverWebhook(POST, businessSecret, null, {
      rawBody: "x".repeat(300 * 1024),
    });
    expect(response.status).toBe(413);
  });
});
