import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { recordConsent } from "@/server/services/consent";
import { callerFor, expectTRPCError } from "../helpers/caller";
import { insertCustomer, insertSentCampaign } from "../helpers/campaign-rows";
import { testDb } from "../helpers/db";
import { addMember, createBusiness, createUser, type TestUser } from "../helpers/factories";

let db: Db;
let ownerA: TestUser;
let ownerB: TestUser;
let bizA: { id: string };
let bizB: { id: string };

beforeAll(async () => {
  db = (await testDb()).db;
  ownerA = await createUser(db);
  ownerB = await createUser(db);
  bizA = await createBusiness(db, { owner: ownerA });
  bizB = await createBusiness(db, { owner: ownerB });
});

describe("consent.history", () => {
  it("lists a customer's consent changes, newest first, with the campaign they came from", async () => {
    const customer = await insertCustomer(db, bizA.id);
    const { campaign } = await insertSentCampaign(db, bizA.id, [customer], { name: "Diwali offer" });
    const t0 = Date.now() - 60_000;
    await recordConsent(db, {
      businessId: bizA.id,
      customerId: customer.id,
      channel: "email",
      granted: true,
      source: "lead_form",
      occurredAt: new Date(t0),
    });
    await recordConsent(db, {
      businessId: bizA.id,
      customerId: customer.id,
      channel: "whatsapp",
      granted: true,
      source: "member",
      actorUserId: ownerA.id,
      occurredAt: new Date(t0 + 1_000),
    });
    await recordConsent(db, {
      businessId: bizA.id,
      customerId: customer.id,
      channel: "email",
      granted: false,
      source: "one_click_unsubscribe",
      campaignId: campaign.id,
      occurredAt: new Date(t0 + 2_000),
    });

    const { data } = await callerFor(db, ownerA).consent.history({
      businessId: bizA.id,
      customerId: customer.id,
    });
    expect(data.map((e) => [e.channel, e.granted, e.source, e.campaignName])).toEqual([
      ["email", false, "one_click_unsubscribe", "Diwali offer"],
      ["whatsapp", true, "member", null],
      ["email", true, "lead_form", null],
    ]);
    expect(data[0]).toMatchObject({ campaignId: campaign.id, occurredAt: new Date(t0 + 2_000) });

    const limited = await callerFor(db, ownerA).consent.history({
      businessId: bizA.id,
      customerId: customer.id,
      limit: 1,
    });
    expect(limited.data).toHaveLength(1);
  });

  it("is empty for a customer with no changes, and readable by a member", async () => {
    const customer = await insertCustomer(db, bizA.id);
    const { user } = await addMember(db, bizA, "member");
    expect(
      await callerFor(db, user).consent.history({ businessId: bizA.id, customerId: customer.id }),
    ).toEqual({
      data: [],
    });
  });

  it("never shows another business's customer: NOT_FOUND under A, NOT_FOUND for B's business", async () => {
    const customerOfB = await insertCustomer(db, bizB.id);
    await recordConsent(db, {
      businessId: bizB.id,
      customerId: customerOfB.id,
      channel: "email",
      granted: false,
      source: "member",
    });
    await expectTRPCError(
      callerFor(db, ownerA).consent.history({ businessId: bizA.id, customerId: customerOfB.id }),
      "NOT_FOUND",
    );
    await expectTRPCError(
      callerFor(db, ownerA).consent.history({ businessId: bizB.id, customerId: customerOfB.id }),
      "NOT_FOUND",
    );
    expect(
      (await callerFor(db, ownerB).consent.history({ businessId: bizB.id, customerId: customerOfB.id })).data,
    ).toHaveLength(1);
  });
});
