import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { notifyMembers } from "@/server/services/notifications";
import { callerFor, callerForApiKey, expectTRPCError } from "../helpers/caller";
import { testDb } from "../helpers/db";
import { addMember, createApiKeyFor, createBusiness, createUser } from "../helpers/factories";

let db: Db;
beforeAll(async () => {
  db = (await testDb()).db;
});

async function setup() {
  const owner = await createUser(db);
  const business = await createBusiness(db, { owner });
  const member = await addMember(db, business, "member");
  return { owner, member: member.user, business, businessId: business.id };
}

describe("in-app notifications", () => {
  it("notifies members only, lists newest first in pages, counts and marks read", async () => {
    const { owner, member, businessId } = await setup();
    const outsider = await createUser(db);
    for (let i = 1; i <= 25; i++)
      await notifyMembers(db, businessId, [owner.id, outsider.id, owner.id], {
        kind: "lead_form_submission",
        title: `New lead ${i}`,
        body: i === 25 ? "x".repeat(2_000) : null,
        url: i === 24 ? "https://evil.example/" : `/b/x/customers/${i}`,
      });
    const asOwner = callerFor(db, owner);
    const first = await asOwner.notifications.list({ businessId });
    expect(first.unread).toBe(25);
    expect(first.data).toHaveLength(20);
    expect(first.data[0]).toMatchObject({ title: "New lead 25", readAt: null });
    expect(first.data[0]!.body).toHaveLength(1_000);
    expect(first.data[0]!.body!.endsWith("…")).toBe(true);
    // Only app paths are kept as links.
    expect(first.data[1]).toMatchObject({ title: "New lead 24", url: null });
    const second = await asOwner.notifications.list({ businessId, cursor: first.nextCursor });
    expect(second.data.map((n) => n.title)).toEqual([5, 4, 3, 2, 1].map((i) => `New lead ${i}`));
    expect(second.nextCursor).toBeNull();
    await expectTRPCError(asOwner.notifications.list({ businessId, cursor: "nonsense" }), "BAD_REQUEST");

    // The member and the outsider were not notified.
    expect((await callerFor(db, member).notifications.unreadCount({ businessId })).unread).toBe(0);

    // Another member cannot mark the owner's notifications read.
    const ids = first.data.slice(0, 2).map((n) => n.id);
    expect(await callerFor(db, member).notifications.markRead({ businessId, ids })).toEqual({
      updated: 0,
      unread: 0,
    });
    expect(await asOwner.notifications.markRead({ businessId, ids })).toEqual({ updated: 2, unread: 23 });
    expect((await asOwner.notifications.list({ businessId, unread: true, limit: 100 })).data).toHaveLength(
      23,
    );
    expect(await asOwner.notifications.markRead({ businessId, all: true })).toEqual({
      updated: 23,
      unread: 0,
    });
    expect((await asOwner.notifications.unreadCount({ businessId })).unread).toBe(0);
  });

  it("keeps each business's notifications apart and refuses API keys", async () => {
    const a = await setup();
    const b = await setup();
    await notifyMembers(db, a.businessId, [a.owner.id], {
      kind: "import_finished",
      title: "Import finished",
    });
    // The owner of A is not a member of B: nothing is made there.
    expect(await notifyMembers(db, b.businessId, [a.owner.id], { kind: "import_finished", title: "x" })).toBe(
      0,
    );
    const asA = callerFor(db, a.owner);
    await expectTRPCError(asA.notifications.list({ businessId: b.businessId }), "NOT_FOUND");
    const [mine] = (await asA.notifications.list({ businessId: a.businessId })).data;
    // B's owner cannot mark A's notification, even by id.
    await callerFor(db, b.owner).notifications.markRead({ businessId: b.businessId, ids: [mine!.id] });
    expect((await asA.notifications.unreadCount({ businessId: a.businessId })).unread).toBe(1);
    const key = await createApiKeyFor(db, a.business);
    await expectTRPCError(
      callerForApiKey(db, key).notifications.list({ businessId: a.businessId }),
      "FORBIDDEN",
    );
  });
});
