import { randomUUID } from "node:crypto";
import { InngestTestEngine } from "@inngest/test";
import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import {
  activities,
  campaignRecipients,
  campaigns,
  customers,
  emailMessages,
  messagingSettings,
} from "@/db/schema";
import { sealSecret } from "@/server/crypto/secret-box";
import { sendCampaign } from "@/server/jobs/functions/campaigns/send-campaign";
import { emailBatchHooks, sendCampaignEmailBatch } from "@/server/jobs/functions/campaigns/send-email-batch";
import { LocalDriver } from "@/server/jobs/local/driver";
import { claimRecipients } from "@/server/services/campaigns/batch";
import { sendEmailBatchOf } from "@/server/services/campaigns/delivery";
import { planCampaignSend } from "@/server/services/campaigns/start";
import { callerFor } from "../helpers/caller";
import { testDb } from "../helpers/db";
import { createBusiness, createUser } from "../helpers/factories";
import { type FakeResend, startFakeResend } from "../helpers/fake-resend";

// Services hand events to whichever driver the test runs.
const route = vi.hoisted(() => ({ send: async (_: unknown) => ({ ids: [] as string[] }) }));
vi.mock("@/server/jobs/send", () => ({ sendEvent: (e: unknown) => route.send(e) }));

let db: Db;
let fake: FakeResend;
const drivers: LocalDriver[] = [];

beforeAll(async () => {
  db = (await testDb()).db;
  fake = await startFakeResend();
  process.env.RESEND_BASE_URL = fake.url;
});
afterEach(async () => {
  for (const d of drivers.splice(0)) await d.stop();
  for (const k of Object.keys(emailBatchHooks)) delete emailBatchHooks[k as keyof typeof emailBatchHooks];
  fake.reset();
});
afterAll(async () => {
  delete process.env.RESEND_BASE_URL;
  await fake.close();
});

function driver() {
  const d = new LocalDriver({
    db,
    functions: [sendCampaign, sendCampaignEmailBatch],
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

/** A business with `n` customers tagged vip (emails p<i>@example.com) and 1 without email. */
async function businessWith(n: number, opts: { resendKey?: string } = {}) {
  const owner = await createUser(db);
  const business = await createBusiness(db, { owner });
  const tag = `vip${randomUUID().slice(0, 6)}`;
  await db.insert(customers).values([
    ...Array.from({ length: n }, (_, i) => ({
      businessId: business.id,
      name: `Person ${i} <b>`,
      email: `p${i}.${tag}@example.com`,
      tags: [tag],
    })),
    { businessId: business.id, name: "No Email", phone: "+919876543210", tags: [tag] },
  ]);
  if (opts.resendKey) {
    await db.insert(messagingSettings).values({
      businessId: business.id,
      resendApiKeyEnc: sealSecret(opts.resendKey),
      emailFrom: "Glow Salon <hello@glow.example>",
      postalAddress: "12 MG Road, Pune 411001",
    });
  }
  const asOwner = callerFor(db, owner);
  const campaign = await asOwner.campaigns.create({
    businessId: business.id,
    name: "Diwali",
    channel: "email",
    audience: { type: "tags", tags: [tag] },
    email: {
      subject: "Hi {{customer.firstName}}",
      preheader: "",
      blocks: [{ type: "text", text: "Hello {{customer.name}}, our sale starts today." }],
    },
  });
  return { business, asOwner, campaign, businessId: business.id };
}

async function recipientsOf(campaignId: string) {
  return db.select().from(campaignRecipients).where(eq(campaignRecipients.campaignId, campaignId));
}

describe("claiming a campaign's recipients", () => {
  it("starts past the rows this process claimed before, and still finds a row left queued below them", async () => {
    const { campaign, businessId } = await businessWith(250);
    const people = await db
      .select({ id: customers.id, email: customers.email })
      .from(customers)
      .where(and(eq(customers.businessId, businessId), sql`${customers.email} is not null`));
    await db.insert(campaignRecipients).values(
      people.map((p) => ({
        businessId,
        campaignId: campaign.id,
        customerId: p.id,
        channel: "email" as const,
        address: p.email!,
        status: "queued" as const,
      })),
    );
    await db.update(campaigns).set({ status: "sending" }).where(eq(campaigns.id, campaign.id));
    const args = (claimKey: string) => ({
      businessId,
      campaignId: campaign.id,
      channel: "email" as const,
      claimKey,
      size: 100,
    });

    const a = await claimRecipients(db, args("run-a"), true);
    expect(a).toHaveLength(100);
    // Ten of them back in the queue (a claim that did not go through): below where the next claim starts.
    const back = a.slice(0, 10).map((r) => r.id);
    await db
      .update(campaignRecipients)
      .set({ status: "queued", claimKey: null })
      .where(inArray(campaignRecipients.id, back));

    const b = await claimRecipients(db, args("run-b"), true);
    expect(b).toHaveLength(100);
    expect(b[0]!.id).toBeGreaterThan(a.at(-1)!.id);
    // 50 left above, too few: the claim looks again from the start and takes the ten.
    const c = await claimRecipients(db, args("run-c"), true);
    expect(c).toHaveLength(60);
    expect(c.slice(0, 10).map((r) => r.id)).toEqual(back);
    expect(await claimRecipients(db, args("run-d"), true)).toEqual([]);
    // A retried run gets its own rows back, whatever the floor.
    expect((await claimRecipients(db, args("run-b"), true)).map((r) => r.id)).toEqual(b.map((r) => r.id));

    const claimed = await recipientsOf(campaign.id);
    expect(claimed.filter((r) => r.status === "sending")).toHaveLength(250);
    expect(new Set([...a.slice(10), ...b, ...c].map((r) => r.id)).size).toBe(250);
  });
});

describe("sending an email campaign", () => {
  it("delivers to the dev outbox when no provider is configured, once per recipient, and completes", async () => {
    const d = driver();
    const { asOwner, campaign, businessId } = await businessWith(230);
    await asOwner.campaigns.send({ businessId, campaignId: campaign.id });
    expect(await untilSettled(d, campaign.id)).toBe("completed");

    const rows = await recipientsOf(campaign.id);
    expect(rows.filter((r) => r.status === "sent")).toHaveLength(230);
    expect(rows.filter((r) => r.status === "excluded").map((r) => r.exclusionReason)).toEqual(["no_address"]);
    const outbox = await db
      .select()
      .from(emailMessages)
      .where(and(eq(emailMessages.businessId, businessId), eq(emailMessages.template, "campaign")));
    expect(outbox).toHaveLength(230);
    const first = outbox.find((m) => m.to.startsWith("p0."))!;
    expect(first.subject).toBe("Hi Person");
    expect(first.html).toContain("Person 0 &lt;b&gt;");
    expect(first.text).toContain("Person 0 <b>");
    expect(first.html).toMatch(/\/u\/[A-Za-z0-9_-]+/);
    const [timeline] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(activities)
      .where(and(eq(activities.businessId, businessId), eq(activities.type, "message_sent")));
    expect(timeline?.n).toBe(230);
    const stats = await asOwner.campaigns.stats({ businessId, campaignId: campaign.id });
    expect(stats).toMatchObject({ status: "completed", targeted: 230, excluded: 1, queued: 0, sent: 230 });
  });

  it("sends through Resend's batch endpoint, 100 a call, with unsubscribe headers and the business's sender", async () => {
    const d = driver();
    const { asOwner, campaign, businessId } = await businessWith(230, { resendKey: fake.apiKey });
    await asOwner.campaigns.send({ businessId, campaignId: campaign.id });
    expect(await untilSettled(d, campaign.id)).toBe("completed");
    expect(fake.batches.map((b) => b.emails.length)).toEqual([100, 100, 30]);
    expect(new Set(fake.batches.map((b) => b.idempotencyKey)).size).toBe(3);
    const email = fake.batches[0]!.emails[0]! as { from: string; headers: Record<string, string> };
    expect(email.from).toBe("Glow Salon <hello@glow.example>");
    expect(email.headers["List-Unsubscribe"]).toMatch(/^<http:\/\/localhost:3000\/u\/.+>$/);
    expect(email.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    const rows = await recipientsOf(campaign.id);
    const ids = new Set(fake.sent.map((s) => s.id));
    expect(
      rows.filter((r) => r.status === "sent" && r.providerMessageId && ids.has(r.providerMessageId)),
    ).toHaveLength(230);
  });

  it("waits out a 429 and retries a 500 without sending anything twice", async () => {
    const d = driver();
    const { asOwner, campaign, businessId } = await businessWith(150, { resendKey: fake.apiKey });
    fake.failNext(1, 429, { retryAfterSeconds: 1 });
    fake.failNext(1, 500);
    await asOwner.campaigns.send({ businessId, campaignId: campaign.id });
    expect(await untilSettled(d, campaign.id)).toBe("completed");
    expect(fake.sent).toHaveLength(150);
    expect(new Set(fake.sent.map((s) => String(s.body.to))).size).toBe(150);
  });

  it("records a permanent provider error on each recipient of the batch, with the code", async () => {
    const d = driver();
    const { asOwner, campaign, businessId } = await businessWith(5, { resendKey: fake.apiKey });
    fake.failNext(1, 422);
    await asOwner.campaigns.send({ businessId, campaignId: campaign.id });
    expect(await untilSettled(d, campaign.id)).toBe("completed");
    const rows = (await recipientsOf(campaign.id)).filter((r) => r.status !== "excluded");
    expect(rows.every((r) => r.status === "failed" && r.errorCode === "validation_error" && r.error)).toBe(
      true,
    );
  });

  it("a crash after the provider call is retried by the driver and sends nothing twice", async () => {
    const d = driver();
    const { asOwner, campaign, businessId } = await businessWith(250, { resendKey: fake.apiKey });
    let crashes = 0;
    emailBatchHooks.afterProviderCall = () => {
      if (crashes++ < 2) throw new Error("process died after the provider call");
    };
    await asOwner.campaigns.send({ businessId, campaignId: campaign.id });
    expect(await untilSettled(d, campaign.id)).toBe("completed");
    expect(fake.batches.filter((b) => b.replayed)).toHaveLength(2);
    expect(fake.sent).toHaveLength(250);
    expect((await recipientsOf(campaign.id)).filter((r) => r.status === "sent")).toHaveLength(250);
  });

  it("pausing stops new batches; resuming sends the rest; cancelling leaves the queued cancelled", async () => {
    const d = driver();
    const { asOwner, campaign, businessId } = await businessWith(300, { resendKey: fake.apiKey });
    let batches = 0;
    emailBatchHooks.afterRecord = async () => {
      if (++batches === 1) await asOwner.campaigns.pause({ businessId, campaignId: campaign.id });
    };
    await asOwner.campaigns.send({ businessId, campaignId: campaign.id });
    expect(await untilSettled(d, campaign.id)).toBe("paused");
    expect(fake.sent).toHaveLength(100);
    delete emailBatchHooks.afterRecord;
    await asOwner.campaigns.resume({ businessId, campaignId: campaign.id });
    expect(await untilSettled(d, campaign.id)).toBe("completed");
    expect(fake.sent).toHaveLength(300);

    const other = await businessWith(300, { resendKey: fake.apiKey });
    fake.reset();
    emailBatchHooks.afterRecord = async () => {
      await other.asOwner.campaigns.cancel({ businessId: other.businessId, campaignId: other.campaign.id });
    };
    await other.asOwner.campaigns.send({ businessId: other.businessId, campaignId: other.campaign.id });
    expect(await untilSettled(d, other.campaign.id)).toBe("cancelled");
    const rows = await recipientsOf(other.campaign.id);
    expect(rows.filter((r) => r.status === "sent")).toHaveLength(100);
    expect(rows.filter((r) => r.status === "cancelled")).toHaveLength(200);
  });

  it("a scheduled campaign waits for its time", async () => {
    const { asOwner, businessId, campaign } = await businessWith(3);
    const at = new Date(Date.now() + 3_600_000);
    await asOwner.campaigns.update({ businessId, campaignId: campaign.id, scheduledAt: at });
    route.send = async () => ({ ids: [] });
    expect((await asOwner.campaigns.send({ businessId, campaignId: campaign.id })).status).toBe("scheduled");
    expect(await planCampaignSend(db, { businessId, campaignId: campaign.id })).toEqual({
      kind: "wait",
      until: at.toISOString(),
    });
    const plan = await planCampaignSend(
      db,
      { businessId, campaignId: campaign.id },
      new Date(at.getTime() + 1),
    );
    expect(plan).toMatchObject({ kind: "send", email: 3, whatsapp: 0 });
    const [row] = await db.select().from(campaigns).where(eq(campaigns.id, campaign.id));
    expect(row).toMatchObject({ status: "sending", targeted: 3, excluded: 1 });
  });
});

describe("exactly once under crashes", () => {
  it("over 1,000 batch runs with a crash injected at a random step boundary, no duplicate and no loss", async () => {
    const { asOwner, campaign, businessId } = await businessWith(1000, { resendKey: fake.apiKey });
    route.send = async () => ({ ids: [] });
    await asOwner.campaigns.send({ businessId, campaignId: campaign.id });
    await planCampaignSend(db, { businessId, campaignId: campaign.id });
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const boundaries = ["afterClaim", "afterProviderCall", "afterRecord"] as const;
    let runs = 0;
    let crashes = 0;
    for (; runs < 1000; runs++) {
      const claimKey = `run-${runs}`;
      // One send run: each attempt may crash at one boundary; the run retries (same key) until it
      // gets through, as Inngest and the local driver retry a failed step.
      for (let attempt = 0; ; attempt++) {
        const crashAt = attempt < 3 && random() < 0.5 ? boundaries[Math.floor(random() * 3)] : undefined;
        const hooks = crashAt
          ? {
              [crashAt]: () => {
                throw new Error(`crash ${crashAt}`);
              },
            }
          : {};
        try {
          const out = await sendEmailBatchOf(
            db,
            { businessId, campaignId: campaign.id, channel: "email", claimKey, size: 1 + (runs % 3) },
            hooks,
          );
          if (out.skipped === "nothing_queued") break;
          break;
        } catch {
          crashes += 1;
        }
      }
      const [left] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(campaignRecipients)
        .where(
          and(
            eq(campaignRecipients.campaignId, campaign.id),
            sql`${campaignRecipients.status} in ('queued', 'sending')`,
          ),
        );
      if (left?.n === 0) break;
    }
    expect(crashes).toBeGreaterThan(100);
    const addresses = fake.sent.map((s) => String(s.body.to));
    expect(addresses).toHaveLength(1000);
    expect(new Set(addresses).size).toBe(1000);
    const rows = (await recipientsOf(campaign.id)).filter((r) => r.status !== "excluded");
    expect(rows.filter((r) => r.status === "sent")).toHaveLength(1000);
    const [c] = await db.select().from(campaigns).where(eq(campaigns.id, campaign.id));
    expect(c?.status).toBe("completed");
  });
});

describe("the send functions under @inngest/test", () => {
  it("the batch function claims under its run id and sends one batch", async () => {
    const { asOwner, campaign, businessId } = await businessWith(120, { resendKey: fake.apiKey });
    route.send = async () => ({ ids: [] });
    await asOwner.campaigns.send({ businessId, campaignId: campaign.id });
    await planCampaignSend(db, { businessId, campaignId: campaign.id });
    const event = { name: "campaigns/email-batch.requested", data: { businessId, campaignId: campaign.id } };
    const { result } = await new InngestTestEngine({ function: sendCampaignEmailBatch }).execute({
      events: [event],
    });
    expect(result).toMatchObject({ sent: 100, failed: 0, completed: false });
    const again = await new InngestTestEngine({ function: sendCampaignEmailBatch }).execute({
      events: [event],
    });
    expect(again.result).toMatchObject({ sent: 20, completed: true });
  });

  it("the campaign function fans out one event per 100 recipients", async () => {
    const { asOwner, campaign, businessId } = await businessWith(250);
    route.send = async () => ({ ids: [] });
    await asOwner.campaigns.send({ businessId, campaignId: campaign.id });
    const engine = new InngestTestEngine({ function: sendCampaign });
    const fannedOut: unknown[] = [];
    const { result, error } = await engine.execute({
      events: [{ name: "campaigns/send.requested", data: { businessId, campaignId: campaign.id } }],
      // step.sendEvent goes to Inngest; here the step is stood in for, recording what it was given.
      steps: [{ id: "email-batches-0", handler: () => ({ ids: ["e1", "e2", "e3"] }) }],
      transformCtx: (ctx) => {
        const original = ctx.step.sendEvent;
        ctx.step.sendEvent = ((id: string, events: unknown) => {
          fannedOut.push(...(Array.isArray(events) ? events : [events]));
          return original(id, events as never);
        }) as typeof original;
        return ctx;
      },
    });
    expect(error).toBeUndefined();
    expect(result).toMatchObject({ kind: "sending", email: 250, whatsapp: 0 });
    expect(fannedOut).toHaveLength(3);
    expect(fannedOut[0]).toEqual({
      name: "campaigns/email-batch.requested",
      data: { businessId, campaignId: campaign.id },
    });
  });
});

describe("A/B test of the subject", () => {
  it("sends the test share in equal variants, picks the better open rate, and sends the rest with it", async () => {
    const { asOwner, campaign, businessId } = await businessWith(100, { resendKey: fake.apiKey });
    route.send = async () => ({ ids: [] });
    await asOwner.campaigns.update({
      businessId,
      campaignId: campaign.id,
      abTest: {
        variants: [{ subject: "Diwali offer inside" }, { subject: "{{customer.firstName}}, 20% off today" }],
        testPercent: 20,
        metric: "open",
        waitHours: 4,
      },
    });
    await asOwner.campaigns.send({ businessId, campaignId: campaign.id });
    const plan = await planCampaignSend(db, { businessId, campaignId: campaign.id });
    expect(plan).toMatchObject({ kind: "send", email: 20, abWaitHours: 4 });
    const rows = await recipientsOf(campaign.id);
    expect(rows.filter((r) => r.status === "held")).toHaveLength(80);
    expect(rows.filter((r) => r.variant === 0)).toHaveLength(10);
    expect(rows.filter((r) => r.variant === 1)).toHaveLength(10);

    await sendEmailBatchOf(db, {
      businessId,
      campaignId: campaign.id,
      channel: "email",
      claimKey: "ab-test",
    });
    const subjects = fake.batches[0]!.emails.map((e) => String(e.subject));
    expect(subjects.filter((s) => s === "Diwali offer inside")).toHaveLength(10);
    expect(subjects.filter((s) => /^Person, 20% off today$/.test(s))).toHaveLength(10);
    // Variant B (index 1) is opened more.
    const sent = await recipientsOf(campaign.id);
    const opened = sent.filter((r) => r.variant === 1).slice(0, 4);
    opened.push(...sent.filter((r) => r.variant === 0).slice(0, 1));
    for (const r of opened) {
      await db
        .update(campaignRecipients)
        .set({ openedAt: new Date(), status: "opened" })
        .where(eq(campaignRecipients.id, r.id));
    }
    const live = await asOwner.campaigns.abResults({ businessId, campaignId: campaign.id });
    expect(live).toMatchObject({ phase: "testing", winner: null });
    expect(live!.variants.map((v) => v.rate)).toEqual([0.1, 0.4]);

    const { pickAbWinner } = await import("@/server/services/campaigns/ab-test");
    expect(await pickAbWinner(db, { businessId, campaignId: campaign.id })).toEqual({
      winner: 1,
      email: 80,
      whatsapp: 0,
    });
    expect(await pickAbWinner(db, { businessId, campaignId: campaign.id })).toMatchObject({ email: 0 });
    fake.reset();
    for (let i = 0; i < 3; i++) {
      await sendEmailBatchOf(db, {
        businessId,
        campaignId: campaign.id,
        channel: "email",
        claimKey: `rest-${i}`,
      });
    }
    const rest = fake.batches.flatMap((b) => b.emails.map((e) => String(e.subject)));
    expect(rest).toHaveLength(80);
    expect(rest.every((s) => s === "Person, 20% off today")).toBe(true);
    const [c] = await db.select().from(campaigns).where(eq(campaigns.id, campaign.id));
    expect(c?.status).toBe("completed");
    const decided = await asOwner.campaigns.abResults({ businessId, campaignId: campaign.id });
    expect(decided).toMatchObject({ phase: "decided", winner: 1 });
    expect(decided!.variants.map((v) => v.sent)).toEqual([10, 10]);
  });
});
