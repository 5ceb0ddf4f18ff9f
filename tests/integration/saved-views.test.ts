import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
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
  const { user: alice } = await addMember(db, business, "member");
  const { user: bob } = await addMember(db, business, "member");
  return {
    business,
    asOwner: callerFor(db, owner),
    asAlice: callerFor(db, alice),
    asBob: callerFor(db, bob),
  };
}

const view = {
  name: "VIP in Pune",
  filters: { tags: { any: ["vip"] }, search: "Pune" },
  sort: { field: "lastActivityAt", direction: "desc" as const },
  columns: ["name", "phone", "tags"],
};

describe("saved views", () => {
  it("personal views are seen and changed by their owner only", async () => {
    const { business, asAlice, asBob } = await setup();
    const id = business.id;
    const mine = await asAlice.savedViews.create({ businessId: id, ...view });
    expect(mine).toMatchObject({ ...view, shared: false });
    expect((await asAlice.savedViews.list({ businessId: id })).map((v) => v.id)).toEqual([mine.id]);
    expect(await asBob.savedViews.list({ businessId: id })).toEqual([]);
    for (const call of [
      () => asBob.savedViews.get({ businessId: id, savedViewId: mine.id }),
      () => asBob.savedViews.update({ businessId: id, savedViewId: mine.id, name: "hijack" }),
      () => asBob.savedViews.delete({ businessId: id, savedViewId: mine.id }),
    ]) {
      await expectTRPCError(call(), "NOT_FOUND");
    }

    const renamed = await asAlice.savedViews.update({
      businessId: id,
      savedViewId: mine.id,
      name: "VIP",
      filters: { tags: { all: ["vip", "pune"] } },
      sort: null,
      columns: ["name"],
    });
    expect(renamed).toMatchObject({
      name: "VIP",
      filters: { tags: { all: ["vip", "pune"] } },
      sort: null,
      columns: ["name"],
    });
    // A condition the filter schema does not accept is left out of what the list gets back.
    const odd = await asAlice.savedViews.update({
      businessId: id,
      savedViewId: mine.id,
      filters: { lifecycleStages: ["nonsense"], hasEmail: true, city: "Pune" },
    });
    expect(odd.filters).toEqual({ hasEmail: true });
    expect((await asAlice.savedViews.list({ businessId: id }))[0]!.filters).toEqual({ hasEmail: true });
    await asAlice.savedViews.delete({ businessId: id, savedViewId: mine.id });
    expect(await asAlice.savedViews.list({ businessId: id })).toEqual([]);
  });

  it("shared views are visible to everyone and managed by owners and admins", async () => {
    const { business, asOwner, asAlice } = await setup();
    const id = business.id;
    const shared = await asOwner.savedViews.create({
      businessId: id,
      ...view,
      name: "Team: new leads",
      shared: true,
    });
    expect(shared).toMatchObject({ shared: true, userId: null });
    const personal = await asAlice.savedViews.create({ businessId: id, name: "a mine" });
    expect((await asAlice.savedViews.list({ businessId: id })).map((v) => v.name)).toEqual([
      "Team: new leads",
      "a mine",
    ]);
    expect(await asAlice.savedViews.get({ businessId: id, savedViewId: shared.id })).toMatchObject({
      shared: true,
    });

    await expectTRPCError(
      asAlice.savedViews.create({ businessId: id, name: "x", shared: true }),
      "FORBIDDEN",
      {
        fieldErrors: { shared: expect.any(String) },
      },
    );
    await expectTRPCError(
      asAlice.savedViews.update({ businessId: id, savedViewId: shared.id, name: "mine now" }),
      "FORBIDDEN",
    );
    await expectTRPCError(asAlice.savedViews.delete({ businessId: id, savedViewId: shared.id }), "FORBIDDEN");
    await expectTRPCError(
      asAlice.savedViews.update({ businessId: id, savedViewId: personal.id, shared: true }),
      "FORBIDDEN",
    );

    // The owner un-shares a view: it becomes the owner's personal view.
    const unshared = await asOwner.savedViews.update({
      businessId: id,
      savedViewId: shared.id,
      shared: false,
    });
    expect(unshared.shared).toBe(false);
    expect((await asAlice.savedViews.list({ businessId: id })).map((v) => v.name)).toEqual(["a mine"]);
  });

  it("validates names and filter size; API keys make shared views", async () => {
    const { business, asAlice } = await setup();
    await expectTRPCError(asAlice.savedViews.create({ businessId: business.id, name: "  " }), "BAD_REQUEST", {
      fieldErrors: { name: "Name the view." },
    });
    await expectTRPCError(
      asAlice.savedViews.create({
        businessId: business.id,
        name: "huge",
        filters: { q: "x".repeat(20_001) },
      }),
      "BAD_REQUEST",
      { fieldErrors: { filters: "These filters are too large to save." } },
    );
    const key = await createApiKeyFor(db, business);
    const viaKey = await callerForApiKey(db, key).savedViews.create({ name: "From the API" });
    expect(viaKey.shared).toBe(true);
    expect((await asAlice.savedViews.list({ businessId: business.id })).map((v) => v.name)).toEqual([
      "From the API",
    ]);
  });

  it("another business's member gets NOT_FOUND", async () => {
    const a = await setup();
    const b = await setup();
    const shared = await a.asOwner.savedViews.create({
      businessId: a.business.id,
      name: "A shared",
      shared: true,
    });
    await expectTRPCError(
      b.asOwner.savedViews.get({ businessId: b.business.id, savedViewId: shared.id }),
      "NOT_FOUND",
    );
    await expectTRPCError(
      b.asOwner.savedViews.delete({ businessId: b.business.id, savedViewId: shared.id }),
      "NOT_FOUND",
    );
    expect(await b.asOwner.savedViews.list({ businessId: b.business.id })).toEqual([]);
  });
});
