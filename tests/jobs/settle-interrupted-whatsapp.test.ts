import { randomInt } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { InngestTestEngine, mockCtx } from "@inngest/test";
import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { activities, whatsappMessages } from "@/db/schema";
import {
  settleInterruptedSettings,
  settleInterruptedWhatsapp,
} from "@/server/jobs/functions/whatsapp/settle-interrupted";
import {
  INTERRUPTED_AFTER_MINUTES,
  INTERRUPTED_ERROR,
  settleInterruptedWhatsappMessages,
} from "@/server/services/whatsapp-messages/interrupted";
import { insertCustomer } from "../helpers/campaign-rows";
import { testDb } from "../helpers/db";
import { createBusiness, createUser } from "../helpers/factories";

// The sweep works across businesses, and with DATABASE_URL the database is shared by test files. Each
// test measures ages from its own point far in the past, 200 days before the previous one's, so only
// the messages it dates back there are old enough to be settled.
let db: Db;
const tmpRoot = mkdtempSync(path.join(tmpdir(), "crm-settle-wa-"));
const minute = 60_000;
const day = 86_400_000;
let nextRef = Date.UTC(1984, 0, 1) - randomInt(0, 3_000) * day;
const savedSettings = { ...settleInterruptedSettings };

function freshRef(): Date {
  nextRef -= 200 * day;
  return new Date(nextRef);
}

beforeAll(async () => {
  process.env.MINI_CRM_DATA_DIR = path.join(tmpRoot, "data");
  db = (await testDb()).db;
});
afterEach(() => Object.assign(settleInterruptedSettings, savedSettings));
afterAll(() => rmSync(tmpRoot, { recursive: true, force: true }));

/** A business with a customer and a member who sends. */
async function setup() {
  const owner = await createUser(db);
  const business = await createBusiness(db, { owner });
  const customer = await insertCustomer(db, business.id, { whatsapp: "+919876543210" });
  return { owner, business, customer };
}

async function message(
  s: Awaited<ReturnType<typeof setup>>,
  values: Partial<typeof whatsappMessages.$inferInsert> & { createdAt: Date },
) {
  const [row] = await db
    .insert(whatsappMessages)
    .values({
      businessId: s.business.id,
      customerId: s.customer.id,
      to: "+919876543210",
      kind: "text",
      text: "Your order is ready",
      status: "sending",
      sentBy: s.owner.id,
      ...values,
    })
    .returning();
  return row!;
}

async function reread(id: string) {
  const [row] = await db.select().from(whatsappMessages).where(eq(whatsappMessages.id, id));
  return row!;
}

describe("settling one-to-one WhatsApp sends cut off mid-call", () => {
  it("marks old `sending` messages without a Meta id failed, with a sentence and a timeline entry", async () => {
    const s = await setup();
    const now = freshRef();
    const old = new Date(now.getTime() - (INTERRUPTED_AFTER_MINUTES + 1) * minute);
    const cutOff = await message(s, { createdAt: old });
    const recent = await message(s, { createdAt: new Date(now.getTime() - 2 * minute) });
    const accepted = await message(s, { createdAt: old, providerMessageId: "wamid.accepted" });
    const sent = await message(s, { createdAt: old, status: "sent", providerMessageId: "wamid.sent" });

    expect(await settleInterruptedWhatsappMessages(db, { now })).toEqual({ settled: 1, more: false });

    const settled = await reread(cutOff.id);
    expect(settled).toMatchObject({
      status: "failed",
      errorCode: INTERRUPTED_ERROR.code,
      error: INTERRUPTED_ERROR.message,
      failedAt: now,
    });
    expect((await reread(recent.id)).status).toBe("sending");
    expect((await reread(accepted.id)).status).toBe("sending");
    expect((await reread(sent.id)).status).toBe("sent");

    const timeline = await db
      .select()
      .from(activities)
      .where(and(eq(activities.customerId, s.customer.id), eq(activities.type, "message_sent")));
    expect(timeline).toHaveLength(1);
    expect(timeline[0]!.actorUserId).toBe(s.owner.id);
    expect(timeline[0]!.data).toMatchObject({
      channel: "whatsapp",
      whatsappMessageId: cutOff.id,
      status: "failed",
      error: INTERRUPTED_ERROR.message,
    });

    // A second pass finds nothing more to do.
    expect(await settleInterruptedWhatsappMessages(db, { now })).toEqual({ settled: 0, more: false });
  });
});

describe("settle-interrupted-whatsapp function", () => {
  const engine = (ref: Date) =>
    new InngestTestEngine({
      function: settleInterruptedWhatsapp,
      events: [{ name: "inngest/scheduled.timer", data: { cron: "*/10 * * * *" }, ts: ref.getTime() }],
      transformCtx: (raw) => mockCtx(raw),
    });

  it("settles in bounded steps, measured from the schedule slot", async () => {
    const s = await setup();
    const ref = freshRef();
    const old = new Date(ref.getTime() - 30 * minute);
    const rows = await Promise.all([1, 2, 3].map(() => message(s, { createdAt: old })));
    Object.assign(settleInterruptedSettings, { batchSize: 2, maxBatches: 1 });

    const first = await engine(ref).execute();
    expect(first.result).toEqual({ settled: 2, more: true });
    const second = await engine(ref).execute();
    expect(second.result).toEqual({ settled: 1, more: false });
    for (const row of rows) expect((await reread(row.id)).status).toBe("failed");
  });
});
