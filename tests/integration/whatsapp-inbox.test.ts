import { randomInt } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as restGET } from "@/app/api/v1/[...path]/route";
import type { Db } from "@/db/client";
import { activities, customers, whatsappMessages } from "@/db/schema";
import { callerFor, expectTRPCError } from "../helpers/caller";
import { testDb } from "../helpers/db";
import { createApiKeyFor, createBusiness, createUser } from "../helpers/factories";

/*
 * The WhatsApp inbox: customers who wrote, latest first, with their last message, whether the business
 * has answered since, the 24-hour window; only those awaiting a reply on request; keyset pages; another
 * business's conversations never listed; the same through REST.
 */

let db: Db;
beforeAll(async () => {
  db = (await testDb()).db;
});

const minutes = (m: number) => new Date(Date.now() - m * 60_000);

async function setup() {
  const owner = await createUser(db);
  const business = await createBusiness(db, { owner, name: "Chai Point" });
  return { owner, business, businessId: business.id, asOwner: callerFor(db, owner) };
}

/** A customer who last wrote `wroteMinutesAgo` minutes ago saying `text` (and, if given, was answered). */
async function conversation(
  businessId: string,
  name: string,
  wroteMinutesAgo: number | null,
  opts: { text?: string; repliedMinutesAgo?: number; deleted?: boolean } = {},
) {
  const number = `+9198${String(randomInt(10_000_000, 99_999_999))}`;
  const [c] = await db
    .insert(customers)
    .values({
      businessId,
      name,
      whatsapp: number,
      phoneDigits: number.slice(1),
      whatsappLastInboundAt: wroteMinutesAgo === null ? null : minutes(wroteMinutesAgo),
      deletedAt: opts.deleted ? new Date() : null,
    })
    .returning();
  if (wroteMinutesAgo !== null) {
    await db.insert(activities).values([
      {
        businessId,
        customerId: c!.id,
        type: "message_received",
        data: { channel: "whatsapp", text: "An older message", from: number.slice(1) },
        createdAt: minutes(wroteMinutesAgo + 30),
      },
      {
        businessId,
        customerId: c!.id,
        type: "message_received",
        data: { channel: "whatsapp", text: opts.text ?? `Hello from ${name}`, from: number.slice(1) },
        createdAt: minutes(wroteMinutesAgo),
      },
    ]);
  }
  if (opts.repliedMinutesAgo !== undefined)
    await db.insert(whatsappMessages).values({
      businessId,
      customerId: c!.id,
      to: number,
      kind: "text",
      text: "Thanks, we will get back to you.",
      status: "sent",
      createdAt: minutes(opts.repliedMinutesAgo),
    });
  return c!;
}

describe("WhatsApp inbox", () => {
  it("lists who wrote, latest first, with their last message, the reply state and the window", async () => {
    const { businessId, asOwner } = await setup();
    const asha = await conversation(businessId, "Asha Rao", 5, { text: "Is the shop open on Sunday?" });
    const ravi = await conversation(businessId, "Ravi Kumar", 60, { repliedMinutesAgo: 30 });
    const meena = await conversation(businessId, "Meena Iyer", 26 * 60, { repliedMinutesAgo: 27 * 60 });
    await conversation(businessId, "Never wrote", null);
    await conversation(businessId, "In the Trash", 1, { deleted: true });

    const inbox = await asOwner.messages.whatsAppInbox({ businessId });
    expect(inbox.data.map((c) => c.name)).toEqual(["Asha Rao", "Ravi Kumar", "Meena Iyer"]);
    expect(inbox.nextCursor).toBeNull();
    const [a, r, m] = inbox.data;
    expect(a).toMatchObject({
      customerId: asha.id,
      number: asha.whatsapp,
      lastInboundText: "Is the shop open on Sunday?",
      lastReplyAt: null,
      awaitingReply: true,
      windowOpen: true,
    });
    expect(a!.windowClosesAt.getTime() - a!.lastInboundAt.getTime()).toBe(24 * 3600_000);
    expect(r).toMatchObject({ customerId: ravi.id, awaitingReply: false, windowOpen: true });
    expect(r!.lastReplyAt).toBeInstanceOf(Date);
    // Wrote 26 hours ago, answered an hour before that: still awaiting, and only a template may go now.
    expect(m).toMatchObject({ customerId: meena.id, awaitingReply: true, windowOpen: false });

    const awaiting = await asOwner.messages.whatsAppInbox({ businessId, show: "awaiting" });
    expect(awaiting.data.map((c) => c.name)).toEqual(["Asha Rao", "Meena Iyer"]);
  });

  it("pages by cursor without skipping or repeating anyone, equal times included", async () => {
    const { businessId, asOwner } = await setup();
    for (let i = 0; i < 7; i++) await conversation(businessId, `Customer ${i}`, i < 4 ? 10 : 20 + i);
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page++) {
      const res = await asOwner.messages.whatsAppInbox({ businessId, limit: 3, cursor });
      seen.push(...res.data.map((c) => c.name));
      if (!res.nextCursor) break;
      cursor = res.nextCursor;
    }
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
    await expectTRPCError(
      asOwner.messages.whatsAppInbox({ businessId, cursor: "not-a-cursor" }),
      "BAD_REQUEST",
    );
  });

  it("never lists another business's conversations, and answers the same through REST", async () => {
    const mine = await setup();
    const theirs = await setup();
    await conversation(mine.businessId, "Mine", 3);
    await conversation(theirs.businessId, "Theirs", 2);
    const inbox = await mine.asOwner.messages.whatsAppInbox({ businessId: mine.businessId });
    expect(inbox.data.map((c) => c.name)).toEqual(["Mine"]);
    await expectTRPCError(
      mine.asOwner.messages.whatsAppInbox({ businessId: theirs.businessId }),
      "NOT_FOUND",
    );

    const key = await createApiKeyFor(db, mine.business);
    const res = await restGET(
      new Request("http://localhost:3000/api/v1/whatsapp-conversations?show=awaiting&limit=10", {
        headers: { authorization: `Bearer ${key.key}` },
      }),
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: { name: string; awaitingReply: boolean }[]; nextCursor: null };
    expect(body).toMatchObject({ data: [{ name: "Mine", awaitingReply: true }], nextCursor: null });
  });
});
