import { randomInt, randomUUID } from "node:crypto";
import { InngestTestEngine, mockCtx } from "@inngest/test";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { webhookDeliveries, webhookEvents } from "@/db/schema";
import { processWebhookDeliveryJob } from "@/server/jobs/functions/webhooks/process-delivery";
import { sweepWebhookDeliveries } from "@/server/jobs/functions/webhooks/sweep-deliveries";
import {
  markFailed,
  pendingWebhookDeliveries,
  processWebhookDelivery,
  pruneWebhookHistory,
  recordWebhookDelivery,
  whatsappDeliveryKey,
} from "@/server/services/webhook-deliveries";
import { testDb } from "../helpers/db";
import { createBusiness, createUser } from "../helpers/factories";

// With DATABASE_URL the database is shared by test files: the sweep's ages are measured from a point far in
// the past, where only the deliveries this file dates back are old enough.
let db: Db;
const minute = 60_000;
const ref = new Date(Date.UTC(1986, 0, 1) - randomInt(0, 3_000) * 86_400_000);

beforeAll(async () => {
  db = (await testDb()).db;
});

/** A Resend `email.delivered` event for an email no campaign sent. */
function resendEvent() {
  return {
    type: "email.delivered",
    created_at: "2026-12-01T10:00:00.000Z",
    data: { email_id: randomUUID(), created_at: "2026-12-01T09:59:58.000Z", to: ["asha@example.com"] },
  };
}

/** Stores a Resend delivery (a delivered event unless `payload` is given) under `key`. */
function storeResend(key = `msg_${randomUUID()}`, payload: unknown = resendEvent()) {
  return recordWebhookDelivery(db, { provider: "resend", deliveryKey: key, businessId: null, payload });
}

async function row(id: string) {
  const [r] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id));
  return r!;
}

describe("webhook deliveries", () => {
  it("are stored once per key; a replay is pending until processed, then not", async () => {
    const key = `msg_${randomUUID()}`;
    const input = { provider: "resend" as const, deliveryKey: key, businessId: null, payload: resendEvent() };
    const first = await recordWebhookDelivery(db, input);
    expect(first).toMatchObject({ duplicate: false, pending: true });
    expect(await recordWebhookDelivery(db, input)).toEqual({ id: first.id, duplicate: true, pending: true });
    await processWebhookDelivery(db, first.id);
    expect(await recordWebhookDelivery(db, input)).toEqual({ id: first.id, duplicate: true, pending: false });
  });

  it("key Meta's deliveries by the SHA-256 of the raw body", () => {
    const body = new TextEncoder().encode('{"object":"whatsapp_business_account"}');
    expect(whatsappDeliveryKey(body)).toMatch(/^[0-9a-f]{64}$/);
    expect(whatsappDeliveryKey(body)).toBe(whatsappDeliveryKey(new Uint8Array(body)));
  });
});

describe("process-webhook-delivery function", () => {
  const engine = (deliveryId: string) =>
    new InngestTestEngine({
      function: processWebhookDeliveryJob,
      events: [{ name: "webhooks/delivery.received", data: { deliveryId } }],
      transformCtx: (raw) => mockCtx(raw),
    });

  it("applies a Resend delivery once: the event is recorded, a second run skips it", async () => {
    const key = `msg_${randomUUID()}`;
    const { id } = await storeResend(key);
    const first = await engine(id).execute();
    expect(first.error).toBeUndefined();
    expect(first.result).toEqual({ kind: "resend", duplicate: false, applied: false });
    expect(await row(id)).toMatchObject({ attempts: 1, lastError: null, failedAt: null });
    expect((await row(id)).processedAt).toBeInstanceOf(Date);
    const events = await db.select().from(webhookEvents).where(eq(webhookEvents.eventId, key));
    expect(events).toHaveLength(1);

    const second = await engine(id).execute();
    expect(second.result).toEqual({ kind: "skipped" });
    expect((await row(id)).attempts).toBe(1);
  });

  it("keeps the error of a failed attempt and the delivery pending; given up, it is failed and never swept", async () => {
    const { id } = await storeResend(undefined, { not: "a Resend event" });
    await expect(processWebhookDelivery(db, id)).rejects.toThrow();
    const kept = await row(id);
    expect(kept).toMatchObject({ attempts: 1, processedAt: null, failedAt: null });
    expect(kept.lastError).toMatch(/type/);

    await markFailed(db, id, "gave up after 6 attempts");
    expect(await row(id)).toMatchObject({ lastError: "gave up after 6 attempts" });
    expect((await row(id)).failedAt).toBeInstanceOf(Date);
    expect(await processWebhookDelivery(db, id)).toEqual({ kind: "skipped" });
  });

  it("marks failed a WhatsApp delivery whose number the business no longer has", async () => {
    const owner = await createUser(db);
    const business = await createBusiness(db, { owner });
    const payload = {
      object: "whatsapp_business_account",
      entry: [
        { id: "1", changes: [{ field: "messages", value: { metadata: { phone_number_id: "1234567" } } }] },
      ],
    };
    const { id } = await recordWebhookDelivery(db, {
      provider: "whatsapp",
      deliveryKey: randomUUID(),
      businessId: business.id,
      payload,
    });
    expect(await processWebhookDelivery(db, id)).toEqual({ kind: "skipped" });
    const failed = await row(id);
    expect(failed.failedAt).toBeInstanceOf(Date);
    expect(failed.lastError).toMatch(/no longer belongs/);
  });
});

describe("sweep-webhook-deliveries function", () => {
  const engine = () =>
    new InngestTestEngine({
      function: sweepWebhookDeliveries,
      steps: [{ id: "resend", handler: () => ({ ids: [] }) }],
      events: [{ name: "inngest/scheduled.timer", data: { cron: "*/15 * * * *" }, ts: ref.getTime() }],
      transformCtx: (raw) => mockCtx(raw),
    });

  async function storedAgo(ms: number): Promise<string> {
    const { id } = await storeResend();
    await db
      .update(webhookDeliveries)
      .set({ receivedAt: new Date(ref.getTime() - ms) })
      .where(eq(webhookDeliveries.id, id));
    return id;
  }

  it("hands deliveries still pending after 10 minutes to the function again, with ids per slot", async () => {
    const lost = await storedAgo(30 * minute);
    const recent = await storedAgo(5 * minute);
    const done = await storedAgo(40 * minute);
    await processWebhookDelivery(db, done);
    const given = await storedAgo(50 * minute);
    await markFailed(db, given, "gave up");

    expect(await pendingWebhookDeliveries(db, ref)).toEqual([lost]);
    const result = await engine().execute();
    expect(result.error).toBeUndefined();
    expect(result.result).toEqual({ resent: 1 });
    const sent = result.ctx.step.sendEvent as unknown as { mock: { calls: unknown[][] } };
    expect(sent.mock.calls.flatMap((c) => c[1] as unknown[])).toEqual([
      {
        id: `webhook-sweep-${lost}-${ref.getTime()}`,
        name: "webhooks/delivery.received",
        data: { deliveryId: lost },
      },
    ]);
    expect(recent).not.toBe(lost);
  });
});

describe("webhook history retention", () => {
  it("deletes processed and given-up deliveries and their events after 30 days; pending ones stay", async () => {
    const day = 86_400_000;
    // Dated 40 and 20 days before `at`, in this file's own past (see the top of the file).
    const at = new Date(ref.getTime() - 400 * day);
    const stored = async (ageDays: number, state: "processed" | "failed" | "pending") => {
      const key = `msg_${randomUUID()}`;
      const { id } = await storeResend(key);
      if (state === "processed") await processWebhookDelivery(db, id);
      if (state === "failed") await markFailed(db, id, "gave up");
      const when = new Date(at.getTime() - ageDays * day);
      await db.update(webhookDeliveries).set({ receivedAt: when }).where(eq(webhookDeliveries.id, id));
      await db.update(webhookEvents).set({ receivedAt: when }).where(eq(webhookEvents.eventId, key));
      return { id, key };
    };
    const oldDone = await stored(40, "processed");
    const oldFailed = await stored(40, "failed");
    const oldPending = await stored(40, "pending");
    const recent = await stored(20, "processed");

    // One delivery and one event at a time: the bound holds, the oldest go first.
    expect(await pruneWebhookHistory(db, { now: at, limit: 1 })).toBe(2);
    const deleted = await pruneWebhookHistory(db, { now: at, limit: 100 });
    expect(deleted).toBe(1);
    const left = await db.select({ id: webhookDeliveries.id }).from(webhookDeliveries);
    const ids = new Set(left.map((r) => r.id));
    expect([oldDone.id, oldFailed.id].some((id) => ids.has(id))).toBe(false);
    expect(ids.has(oldPending.id)).toBe(true);
    expect(ids.has(recent.id)).toBe(true);
    expect(await db.select().from(webhookEvents).where(eq(webhookEvents.eventId, oldDone.key))).toHaveLength(
      0,
    );
    expect(await db.select().from(webhookEvents).where(eq(webhookEvents.eventId, recent.key))).toHaveLength(
      1,
    );
  });
});
