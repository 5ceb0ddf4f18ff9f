import { randomInt } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as restGET, POST as restPOST } from "@/app/api/v1/[...path]/route";
import type { Db } from "@/db/client";
import { activities, businessMembers, customers, whatsappMessages } from "@/db/schema";
import { createApiKey } from "@/server/services/api-keys";
import { markWhatsappConversationRead } from "@/server/services/whatsapp-messages";
import { callerFor, expectTRPCError } from "../helpers/caller";
import { testDb } from "../helpers/db";
import { addMember, createApiKeyFor, createBusiness, createUser } from "../helpers/factories";

/*
 * The WhatsApp inbox: customers who wrote, latest first, with their last message, whether the business
 * has answered since, the 24-hour window; only those awaiting a reply on request; read and unread per
 * member; assigned through the customer's owner; keyset pages; another business's conversations never
 * listed; the same through REST.
 */

let db: Db;
beforeAll(async () => {
  db = (await testDb()).db;
});

const minutes = (m: number) => new Date(Date.now() - m * 60_000);

/** The owner's user id of a business made by `setup` (its first member). */
async function asOwnerId(businessId: string): Promise<string | null> {
  const [m] = await db
    .select({ userId: businessMembers.userId })
    .from(businessMembers)
    .where(and(eq(businessMembers.businessId, businessId), eq(businessMembers.role, "owner")));
  return m?.userId ?? null;
}

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

  it("is unread per member until that member opens it, and unread again when the customer writes again", async () => {
    const { business, businessId, asOwner } = await setup();
    const { user: staff } = await addMember(db, business, "member");
    const asStaff = callerFor(db, staff);
    const asha = await conversation(businessId, "Asha Rao", 30);
    const ravi = await conversation(businessId, "Ravi Kumar", 60);
    const never = await conversation(businessId, "Never wrote", null);

    expect((await asOwner.messages.whatsAppInbox({ businessId })).data.map((c) => c.unread)).toEqual([
      true,
      true,
    ]);
    const read = await asOwner.messages.markWhatsAppRead({ businessId, customerId: asha.id });
    expect(read.readAt).toBeInstanceOf(Date);
    // Read for the owner only; the staff member still has both unread.
    const forOwner = await asOwner.messages.whatsAppInbox({ businessId });
    expect(forOwner.data.map((c) => [c.name, c.unread])).toEqual([
      ["Asha Rao", false],
      ["Ravi Kumar", true],
    ]);
    expect(
      (await asOwner.messages.whatsAppInbox({ businessId, show: "unread" })).data.map((c) => c.name),
    ).toEqual(["Ravi Kumar"]);
    expect((await asStaff.messages.whatsAppInbox({ businessId, show: "unread" })).data).toHaveLength(2);

    // Asha writes again: unread again for the owner. Marking read never moves the time back.
    await db
      .update(customers)
      .set({ whatsappLastInboundAt: new Date(Date.now() + 1000) })
      .where(eq(customers.id, asha.id));
    expect(
      (await asOwner.messages.whatsAppInbox({ businessId, show: "unread" })).data.map((c) => c.name),
    ).toEqual(["Asha Rao", "Ravi Kumar"]);
    const earlier = await markWhatsappConversationRead(
      db,
      { businessId, userId: (await asOwnerId(businessId))! },
      ravi.id,
      new Date(Date.now() - 3 * 3600_000),
    );
    const later = await asOwner.messages.markWhatsAppRead({ businessId, customerId: ravi.id });
    const again = await markWhatsappConversationRead(
      db,
      { businessId, userId: (await asOwnerId(businessId))! },
      ravi.id,
      new Date(Date.now() - 3600_000),
    );
    expect(earlier.readAt!.getTime()).toBeLessThan(later.readAt!.getTime());
    expect(again.readAt).toEqual(later.readAt);

    // Nothing to read for a customer who never wrote; another business's customer is not found.
    expect(await asOwner.messages.markWhatsAppRead({ businessId, customerId: never.id })).toEqual({
      readAt: null,
    });
    const other = await setup();
    const theirs = await conversation(other.businessId, "Theirs", 5);
    await expectTRPCError(
      asOwner.messages.markWhatsAppRead({ businessId, customerId: theirs.id }),
      "NOT_FOUND",
    );
    await expectTRPCError(
      asOwner.messages.markWhatsAppRead({ businessId: other.businessId, customerId: theirs.id }),
      "NOT_FOUND",
    );
  });

  it("assigns a conversation through the customer's owner: Mine lists the caller's own", async () => {
    const { business, businessId, owner, asOwner } = await setup();
    const { user: staff } = await addMember(db, business, "member", { name: "Kiran Staff" });
    const asha = await conversation(businessId, "Asha Rao", 30);
    await conversation(businessId, "Ravi Kumar", 60);
    await db.update(customers).set({ ownerId: staff.id }).where(eq(customers.id, asha.id));

    const all = await asOwner.messages.whatsAppInbox({ businessId });
    expect(all.data.map((c) => [c.name, c.ownerId, c.ownerName])).toEqual([
      ["Asha Rao", staff.id, "Kiran Staff"],
      ["Ravi Kumar", null, null],
    ]);
    const staffMine = await callerFor(db, staff).messages.whatsAppInbox({ businessId, show: "mine" });
    expect(staffMine.data.map((c) => c.name)).toEqual(["Asha Rao"]);
    expect((await asOwner.messages.whatsAppInbox({ businessId, show: "mine" })).data).toEqual([]);
    expect(owner.id).not.toBe(staff.id);
  });

  it("reads as the API key's creator through REST: mark read, then the unread list", async () => {
    const { businessId, owner } = await setup();
    const asha = await conversation(businessId, "Asha Rao", 30);
    await conversation(businessId, "Ravi Kumar", 60);
    const key = await createApiKey(db, { businessId, userId: owner.id }, { name: "Helpdesk" });
    const auth = { authorization: `Bearer ${key.key}` };
    const marked = await restPOST(
      new Request(`http://localhost:3000/api/v1/customers/${asha.id}/whatsapp-read`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body: "{}",
      }),
    );
    expect(marked.status).toBe(200);
    expect(((await marked.json()) as { readAt: string }).readAt).toMatch(/Z$/);
    const res = await restGET(
      new Request("http://localhost:3000/api/v1/whatsapp-conversations?show=unread", { headers: auth }),
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: { name: string; unread: boolean }[] };
    expect(body.data.map((c) => [c.name, c.unread])).toEqual([["Ravi Kumar", true]]);
    // The owner in the app sees the same: the key read as them.
    const inApp = await callerFor(db, owner).messages.whatsAppInbox({ businessId, show: "unread" });
    expect(inApp.data.map((c) => c.name)).toEqual(["Ravi Kumar"]);
  });
});
