import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { customers } from "@/db/schema";
import { isAppError } from "@/server/errors";
import { validateCustomFieldValues } from "@/server/services/custom-fields";
import { callerFor, callerForApiKey, expectTRPCError } from "../helpers/caller";
import { testDb } from "../helpers/db";
import { addMember, createApiKeyFor, createBusiness, createUser } from "../helpers/factories";

let db: Db;
beforeAll(async () => {
  db = (await testDb()).db;
});

async function setup(overrides: { country?: string; currency?: string } = {}) {
  const owner = await createUser(db);
  const business = await createBusiness(db, { owner, ...overrides });
  return { owner, business, asOwner: callerFor(db, owner) };
}

describe("customFields.create", () => {
  it("derives the key from the label, places fields last and keeps options for selects only", async () => {
    const { business, asOwner } = await setup();
    const a = await asOwner.customFields.create({
      businessId: business.id,
      label: "Date of joining",
      type: "date",
      options: ["ignored"],
    });
    expect(a).toMatchObject({
      key: "date_of_joining",
      type: "date",
      options: [],
      required: false,
      position: 0,
    });
    const b = await asOwner.customFields.create({
      businessId: business.id,
      label: "Tier",
      type: "single_select",
      options: ["Gold", "Silver"],
      required: true,
    });
    expect(b).toMatchObject({ key: "tier", options: ["Gold", "Silver"], required: true, position: 1 });
    const list = await asOwner.customFields.list({ businessId: business.id });
    expect(list.map((f) => f.key)).toEqual(["date_of_joining", "tier"]);
  });

  it("keeps keys unique with a suffix and refuses a duplicate label", async () => {
    const { business, asOwner } = await setup();
    await asOwner.customFields.create({ businessId: business.id, label: "Size", type: "text" });
    const second = await asOwner.customFields.create({
      businessId: business.id,
      label: "Size!",
      type: "text",
    });
    expect(second.key).toBe("size_2");
    await expectTRPCError(
      asOwner.customFields.create({ businessId: business.id, label: "size", type: "number" }),
      "CONFLICT",
      { fieldErrors: { label: "A field with this name already exists." } },
    );
  });

  it("requires options for select types and accepts every type of the enum", async () => {
    const { business, asOwner } = await setup();
    await expectTRPCError(
      asOwner.customFields.create({ businessId: business.id, label: "Plan", type: "multi_select" }),
      "BAD_REQUEST",
      { fieldErrors: { options: "Add at least one option." } },
    );
    await expectTRPCError(
      asOwner.customFields.create({
        businessId: business.id,
        label: "Plan",
        type: "single_select",
        options: ["A", "a"],
      }),
      "BAD_REQUEST",
      { fieldErrors: { options: "Each option must be different." } },
    );
    for (const type of [
      "text",
      "long_text",
      "number",
      "currency",
      "boolean",
      "url",
      "email",
      "phone",
    ] as const) {
      await asOwner.customFields.create({ businessId: business.id, label: `F ${type}`, type });
    }
    expect(await asOwner.customFields.list({ businessId: business.id })).toHaveLength(8);
  });

  it("is for owners and admins; members can list but not define", async () => {
    const { business, asOwner } = await setup();
    const { user: member } = await addMember(db, business, "member");
    const { user: admin } = await addMember(db, business, "admin");
    await callerFor(db, admin).customFields.create({
      businessId: business.id,
      label: "By admin",
      type: "text",
    });
    await expectTRPCError(
      callerFor(db, member).customFields.create({ businessId: business.id, label: "Nope", type: "text" }),
      "FORBIDDEN",
    );
    expect(await callerFor(db, member).customFields.list({ businessId: business.id })).toHaveLength(1);
    expect(await asOwner.customFields.list({ businessId: business.id })).toHaveLength(1);
  });
});

describe("customFields.update / reorder / delete", () => {
  it("renames, changes options and required, but never the key", async () => {
    const { business, asOwner } = await setup();
    const f = await asOwner.customFields.create({
      businessId: business.id,
      label: "Tier",
      type: "single_select",
      options: ["Gold"],
    });
    const updated = await asOwner.customFields.update({
      businessId: business.id,
      customFieldId: f.id,
      label: "Loyalty tier",
      options: ["Gold", "Platinum"],
      required: true,
    });
    expect(updated).toMatchObject({
      key: "tier",
      label: "Loyalty tier",
      options: ["Gold", "Platinum"],
      required: true,
    });
    const text = await asOwner.customFields.create({ businessId: business.id, label: "Notes", type: "text" });
    await expectTRPCError(
      asOwner.customFields.update({ businessId: business.id, customFieldId: text.id, options: ["x"] }),
      "BAD_REQUEST",
      { fieldErrors: { options: "Only select fields have options." } },
    );
    await expectTRPCError(
      asOwner.customFields.update({ businessId: business.id, customFieldId: text.id, label: "loyalty TIER" }),
      "CONFLICT",
    );
  });

  it("reorders: listed fields first, the rest after in their order; unknown ids are NOT_FOUND", async () => {
    const { business, asOwner } = await setup();
    const made = [];
    for (const label of ["A", "B", "C", "D"]) {
      made.push(await asOwner.customFields.create({ businessId: business.id, label, type: "text" }));
    }
    const result = await asOwner.customFields.reorder({
      businessId: business.id,
      customFieldIds: [made[2]!.id, made[0]!.id],
    });
    expect(result.map((f) => f.label)).toEqual(["C", "A", "B", "D"]);
    expect(result.map((f) => f.position)).toEqual([0, 1, 2, 3]);
    await expectTRPCError(
      asOwner.customFields.reorder({ businessId: business.id, customFieldIds: [made[1]!.id, randomUUID()] }),
      "NOT_FOUND",
    );
  });

  it("delete removes the definition and the key from every customer of the business only", async () => {
    const { business, asOwner } = await setup();
    const other = await setup();
    const f = await asOwner.customFields.create({
      businessId: business.id,
      label: "Shoe size",
      type: "number",
    });
    const [mine] = await db
      .insert(customers)
      .values({ businessId: business.id, name: "Asha", customFields: { shoe_size: 7, keep: "yes" } })
      .returning();
    const [theirs] = await db
      .insert(customers)
      .values({ businessId: other.business.id, name: "Ben", customFields: { shoe_size: 9 } })
      .returning();
    await expectTRPCError(
      other.asOwner.customFields.delete({ businessId: other.business.id, customFieldId: f.id }),
      "NOT_FOUND",
    );
    await asOwner.customFields.delete({ businessId: business.id, customFieldId: f.id });
    expect(await asOwner.customFields.list({ businessId: business.id })).toEqual([]);
    const [m] = await db.select().from(customers).where(eq(customers.id, mine!.id));
    const [t] = await db.select().from(customers).where(eq(customers.id, theirs!.id));
    expect(m!.customFields).toEqual({ keep: "yes" });
    expect(t!.customFields).toEqual({ shoe_size: 9 });
  });

  it("works for an API key of the business", async () => {
    const { business } = await setup();
    const key = await createApiKeyFor(db, business);
    const f = await callerForApiKey(db, key).customFields.create({ label: "Via API", type: "boolean" });
    expect(f.key).toBe("via_api");
  });
});

describe("validateCustomFieldValues", () => {
  async function catchValidation(p: Promise<unknown>) {
    const e = await p.then(
      () => null,
      (err: unknown) => err,
    );
    expect(isAppError(e) && e.code).toBe("VALIDATION");
    return (e as { fieldErrors: Record<string, string> }).fieldErrors;
  }

  it("normalises with the business's country and currency, and enforces required fields on create", async () => {
    const { business, asOwner } = await setup({ country: "US", currency: "USD" });
    const id = business.id;
    await asOwner.customFields.create({ businessId: id, label: "Alt phone", type: "phone", required: true });
    await asOwner.customFields.create({ businessId: id, label: "Budget", type: "currency" });
    await asOwner.customFields.create({
      businessId: id,
      label: "Channels",
      type: "multi_select",
      options: ["Email", "SMS"],
    });

    expect(
      await validateCustomFieldValues(
        db,
        id,
        { alt_phone: "(201) 555-0123", budget: "$1,250.50", channels: "sms" },
        { partial: false },
      ),
    ).toEqual({ alt_phone: "+12015550123", budget: 125050, channels: ["SMS"] });

    expect(
      await catchValidation(validateCustomFieldValues(db, id, { budget: 100 }, { partial: false })),
    ).toEqual({
      "customFields.alt_phone": "Alt phone is required.",
    });
    expect(
      await catchValidation(
        validateCustomFieldValues(db, id, { alt_phone: "555", channels: ["Fax"] }, { partial: false }),
      ),
    ).toEqual({
      "customFields.alt_phone": expect.stringMatching(/phone number/),
      "customFields.channels": '"Fax" is not one of the options.',
    });
  });

  it("partial updates check only given keys and return null to clear", async () => {
    const { business, asOwner } = await setup();
    await asOwner.customFields.create({
      businessId: business.id,
      label: "GSTIN",
      type: "text",
      required: true,
    });
    await asOwner.customFields.create({ businessId: business.id, label: "Since", type: "date" });
    expect(await validateCustomFieldValues(db, business.id, {}, { partial: true })).toEqual({});
    expect(await validateCustomFieldValues(db, business.id, { since: null }, { partial: true })).toEqual({
      since: null,
    });
    expect(
      await catchValidation(validateCustomFieldValues(db, business.id, { gstin: "  " }, { partial: true })),
    ).toEqual({ "customFields.gstin": "GSTIN is required." });
  });

  it("does not see another business's fields", async () => {
    const a = await setup();
    const b = await setup();
    await b.asOwner.customFields.create({ businessId: b.business.id, label: "Secret", type: "text" });
    expect(
      await catchValidation(
        validateCustomFieldValues(db, a.business.id, { secret: "x" }, { partial: false }),
      ),
    ).toEqual({ "customFields.secret": "Unknown field." });
  });
});
