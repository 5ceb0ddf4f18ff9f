import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import {
  campaignRecipients,
  campaigns,
  customers,
  devWhatsappMessages,
  emailMessages,
  messageTemplates,
} from "@/db/schema";
import { sendCampaign } from "@/server/jobs/functions/campaigns/send-campaign";
import { sendCampaignEmailBatch } from "@/server/jobs/functions/campaigns/send-email-batch";
import {
  sendCampaignWhatsappBatch,
  whatsappBatchHooks,
} from "@/server/jobs/functions/campaigns/send-whatsapp-batch";
import { LocalDriver } from "@/server/jobs/local/driver";
import { callerFor } from "../helpers/caller";
import { testDb } from "../helpers/db";
import { createBusiness, createUser } from "../helpers/factories";

const route = vi.hoisted(() => ({ send: async (_: unknown) => ({ ids: [] as string[] }) }));
vi.mock("@/server/jobs/send", () => ({ sendEvent: (e: unknown) => route.send(e) }));

let db: Db;
const drivers: LocalDriver[] = [];
beforeAll(async () => {
  db = (await testDb()).db;
});
afterEach(async () => {
  for (const d of drivers.splice(0)) await d.stop();
  for (const k of Object.keys(whatsappBatchHooks))
    delete whatsappBatchHooks[k as keyof typeof whatsappBatchHooks];
});

function driver() {
  const d = new LocalDriver({
    db,
    functions: [sendCampaign, sendCampaignEmailBatch, sendCampaignWhatsappBatch],
    sweepIntervalMs: 0,
    retryDelayMs: () => 0,
    concurrency: 4,
  });
  drivers.push(d);
  route.send = (e) => d.send(e as Parameters<LocalDriver["send"]>[0]);
  return d;
}

async function untilSettled(d: LocalDriver, campaignId: string) {
  for (let i = 0; i < 400; i++) {
    await d.idle();
    const [c] = await db
      .select({ status: campaigns.status })
      .from(campaigns)
      .where(eq(campaigns.id, campaignId));
    if (c && c.status !== "sending") return c.status;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error("the campaign did not finish");
}

/**
 * A business with `opted` customers who opted in to WhatsApp, `emailOnly` reachable only by email, an
 * approved template "diwali_offer" (body "Hi {{1}}, …") mapped to the first name, and a campaign on
 * WhatsApp with email as fallback.
 */
async function setup(
  opted: number,
  emailOnly: number,
  templateStatus = "APPROVED",
  template: { components: unknown[]; variableMapping: Record<string, unknown> } = {
    components: [{ type: "BODY", text: "Hi {{1}}, our Diwali sale starts today." }],
    variableMapping: { "body.1": { field: "customer.firstName", fallback: "there" } },
  },
) {
  const owner = await createUser(db);
  const business = await createBusiness(db, { owner });
  const tag = `t${randomUUID().slice(0, 6)}`;
  const now = new Date();
  await db.insert(customers).values([
    ...Array.from({ length: opted }, (_, i) => ({
      businessId: business.id,
      name: `Asha ${i}`,
      whatsapp: `+9198${String(10_000_000 + i).padStart(8, "0")}`,
      whatsappConsent: true,
      whatsappConsentAt: now,
      tags: [tag],
    })),
    ...Array.from({ length: emailOnly }, (_, i) => ({
      businessId: business.id,
      name: `Ravi ${i}`,
      email: `ravi${i}.${tag}@example.com`,
      tags: [tag],
    })),
  ]);
  const [row] = await db
    .insert(messageTemplates)
    .values({
      businessId: business.id,
      channel: "whatsapp",
      name: "diwali_offer",
      language: "en",
      status: templateStatus,
      category: "MARKETING",
      ...template,
    })
    .returning();
  const asOwner = callerFor(db, owner);
  const campaign = await asOwner.campaigns.create({
    businessId: business.id,
    name: "Diwali",
    channel: "whatsapp_email_fallback",
    audience: { type: "tags", tags: [tag] },
    whatsapp: { templateId: row!.id },
    email: {
      subject: "Diwali",
      preheader: "",
      blocks: [{ type: "text", text: "Hi {{customer.firstName}}" }],
    },
  });
  return { businessId: business.id, asOwner, campaign };
}

describe("sending a WhatsApp campaign with email as fallback", () => {
  it("sends the template to those who opted in and email to the others, to the dev outboxes", async () => {
    const d = driver();
    const { businessId, asOwner, campaign } = await setup(5, 3);
    await asOwner.campaigns.send({ businessId, campaignId: campaign.id });
    expect(await untilSettled(d, campaign.id)).toBe("completed");
    const wa = await db
      .select()
      .from(devWhatsappMessages)
      .where(eq(devWhatsappMessages.businessId, businessId));
    expect(wa).toHaveLength(5);
    expect(wa.map((m) => m.text).sort()[0]).toBe("Hi Asha, our Diwali sale starts today.");
    expect(wa[0]!.payload).toMatchObject({
      messaging_product: "whatsapp",
      type: "template",
      template: {
        name: "diwali_offer",
        language: { code: "en" },
        components: [{ type: "body", parameters: [{ type: "text", text: "Asha" }] }],
      },
    });
    const mails = await db
      .select()
      .from(emailMessages)
      .where(and(eq(emailMessages.businessId, businessId), eq(emailMessages.template, "campaign")));
    expect(mails).toHaveLength(3);
    const stats = await asOwner.campaigns.stats({ businessId, campaignId: campaign.id });
    expect(stats).toMatchObject({ status: "completed", targeted: 8, sent: 8, failed: 0 });
    const rows = await db
      .select()
      .from(campaignRecipients)
      .where(eq(campaignRecipients.campaignId, campaign.id));
    expect(
      rows.filter((r) => r.channel === "whatsapp" && r.providerMessageId?.startsWith("wamid.")),
    ).toHaveLength(5);
  });

  it("a crash after WhatsApp took a message never sends it again: that recipient is recorded, not resent", async () => {
    const d = driver();
    const { businessId, asOwner, campaign } = await setup(6, 0);
    let calls = 0;
    whatsappBatchHooks.afterProviderCall = () => {
      if (++calls === 3) throw new Error("process died after the provider call");
    };
    await asOwner.campaigns.send({ businessId, campaignId: campaign.id });
    expect(await untilSettled(d, campaign.id)).toBe("completed");
    const wa = await db
      .select()
      .from(devWhatsappMessages)
      .where(eq(devWhatsappMessages.businessId, businessId));
    expect(wa).toHaveLength(6);
    expect(new Set(wa.map((m) => m.to)).size).toBe(6);
    const rows = await db
      .select()
      .from(campaignRecipients)
      .where(eq(campaignRecipients.campaignId, campaign.id));
    expect(rows.filter((r) => r.status === "sent")).toHaveLength(5);
    expect(rows.filter((r) => r.status === "failed").map((r) => r.errorCode)).toEqual(["unknown_outcome"]);
  });

  it("a template that is not approved fails its recipients with the reason, before any message", async () => {
    const d = driver();
    const { businessId, asOwner, campaign } = await setup(2, 0, "PENDING");
    await asOwner.campaigns.send({ businessId, campaignId: campaign.id });
    expect(await untilSettled(d, campaign.id)).toBe("completed");
    const rows = await db
      .select()
      .from(campaignRecipients)
      .where(eq(campaignRecipients.campaignId, campaign.id));
    expect(rows.every((r) => r.status === "failed" && r.errorCode === "template_not_sendable")).toBe(true);
    expect(rows[0]!.error).toMatch(/not approved/);
    expect(
      await db.select().from(devWhatsappMessages).where(eq(devWhatsappMessages.businessId, businessId)),
    ).toHaveLength(0);
  });

  it("fills an image header with its link, and the outbox shows what the customer sees", async () => {
    const d = driver();
    const banner = "https://cdn.example.com/diwali-banner.jpg";
    const { businessId, asOwner, campaign } = await setup(2, 0, "APPROVED", {
      components: [
        { type: "HEADER", format: "IMAGE", example: { header_handle: ["4::aW1hZ2U="] } },
        { type: "BODY", text: "Hi {{1}}, our Diwali sale starts today." },
      ],
      variableMapping: {
        "header.media": { text: banner },
        "body.1": { field: "customer.firstName", fallback: "there" },
      },
    });
    await asOwner.campaigns.send({ businessId, campaignId: campaign.id });
    expect(await untilSettled(d, campaign.id)).toBe("completed");
    const wa = await db
      .select()
      .from(devWhatsappMessages)
      .where(eq(devWhatsappMessages.businessId, businessId));
    expect(wa).toHaveLength(2);
    expect(wa[0]!.payload).toMatchObject({
      template: {
        components: [
          { type: "header", parameters: [{ type: "image", image: { link: banner } }] },
          { type: "body", parameters: [{ type: "text", text: "Asha" }] },
        ],
      },
    });
    expect(wa[0]!.text).toBe(`[Image: ${banner}]\n\nHi Asha, our Diwali sale starts today.`);
  });

  it("pins a location header's map for each customer, and the outbox shows the place", async () => {
    const d = driver();
    const { businessId, asOwner, campaign } = await setup(2, 0, "APPROVED", {
      components: [
        { type: "HEADER", format: "LOCATION" },
        { type: "BODY", text: "Hi {{1}}, our new branch is open." },
      ],
      variableMapping: {
        "header.latitude": { text: "18.5204" },
        "header.longitude": { text: "73.8567" },
        "header.name": { field: "business.name" },
        "header.address": { text: "Lane 5, Koregaon Park, Pune" },
        "body.1": { field: "customer.firstName", fallback: "there" },
      },
    });
    await asOwner.campaigns.send({ businessId, campaignId: campaign.id });
    expect(await untilSettled(d, campaign.id)).toBe("completed");
    const wa = await db
      .select()
      .from(devWhatsappMessages)
      .where(eq(devWhatsappMessages.businessId, businessId));
    expect(wa).toHaveLength(2);
    const header = (wa[0]!.payload as { template: { components: { type: string; parameters: unknown[] }[] } })
      .template.components[0]!;
    expect(header).toEqual({
      type: "header",
      parameters: [
        {
          type: "location",
          location: {
            latitude: "18.5204",
            longitude: "73.8567",
            name: expect.any(String),
            address: "Lane 5, Koregaon Park, Pune",
          },
        },
      ],
    });
    expect(wa[0]!.text).toMatch(
      /^\[Location: .+, Lane 5, Koregaon Park, Pune \(18\.5204, 73\.8567\)\]\n\nHi Asha, our new branch is open\.$/,
    );
  });
});
