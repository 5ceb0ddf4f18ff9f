import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditEvents, businesses, businessMembers, imports } from "@/db/schema";
import { callerFor, expectTRPCError } from "../helpers/caller";
import { testDb } from "../helpers/db";
import { addMember, createApiKeyFor, createBusiness, createUser, uniqueSlug } from "../helpers/factories";

let db: Db;
beforeAll(async () => {
  db = (await testDb()).db;
});

const base = () => ({
  name: "Asha Salon",
  slug: uniqueSlug("asha"),
  country: "IN",
  timeZone: "Asia/Kolkata",
  currency: "INR",
});

describe("business.create", () => {
  it("creates the business with the caller as owner and audits it", async () => {
    const owner = await createUser(db);
    const input = { ...base(), category: "salon_spa" as const, description: "Hair and nails" };
    const business = await callerFor(db, owner).business.create(input);
    expect(business).toMatchObject({ ...input, phone: null, whatsappNumber: null });

    const members = await db
      .select()
      .from(businessMembers)
      .where(eq(businessMembers.businessId, business.id));
    expect(members).toEqual([expect.objectContaining({ userId: owner.id, role: "owner" })]);

    const audit = await db.select().from(auditEvents).where(eq(auditEvents.businessId, business.id));
    expect(audit).toEqual([
      expect.objectContaining({
        action: "business.created",
        actorUserId: owner.id,
        targetType: "business",
        targetId: business.id,
      }),
    ]);
    await expect(callerFor(db, owner).business.access({ businessId: business.id })).resolves.toEqual({
      role: "owner",
    });
  });

  it("normalises the phone numbers to E.164 with the business's country", async () => {
    const owner = await createUser(db);
    const business = await callerFor(db, owner).business.create({
      ...base(),
      phone: "98765 43210",
      whatsappNumber: "091234 56789",
    });
    expect(business.phone).toBe("+919876543210");
    expect(business.whatsappNumber).toBe("+919123456789");
    const us = await callerFor(db, owner).business.create({
      ...base(),
      country: "us",
      timeZone: "America/New_York",
      currency: "usd",
      phone: "(201) 555-0123",
    });
    expect(us).toMatchObject({ country: "US", currency: "USD", phone: "+12015550123" });
  });

  it("refuses an invalid phone with a field error", async () => {
    const owner = await createUser(db);
    await expectTRPCError(
      callerFor(db, owner).business.create({ ...base(), phone: "12345" }),
      "BAD_REQUEST",
      {
        fieldErrors: { phone: "Not a valid phone number for IN." },
      },
    );
  });

  it.each([
    ["Bad Slug!", "Use lowercase letters, digits and single hyphens."],
    ["ab", "Use at least 3 characters."],
    ["admin", "This web address is reserved."],
    ["new", "This web address is reserved."],
  ])("refuses the slug %j with a field error", async (slug, message) => {
    const owner = await createUser(db);
    await expectTRPCError(callerFor(db, owner).business.create({ ...base(), slug }), "BAD_REQUEST", {
      fieldErrors: { slug: message },
    });
  });

  it("refuses a taken slug, whatever its case, with CONFLICT on slug", async () => {
    const owner = await createUser(db);
    const first = await createBusiness(db, { owner });
    const other = await createUser(db);
    await expectTRPCError(
      callerFor(db, other).business.create({ ...base(), slug: first.slug.toUpperCase() }),
      "CONFLICT",
      { appCode: "CONFLICT", fieldErrors: { slug: "This web address is taken." } },
    );
    // Nothing half-created: the other user owns no business.
    await expect(callerFor(db, other).business.list()).resolves.toEqual([]);
    await expect(callerFor(db, other).business.slugAvailable({ slug: first.slug })).resolves.toEqual({
      available: false,
    });
    await expect(callerFor(db, other).business.slugAvailable({ slug: uniqueSlug() })).resolves.toEqual({
      available: true,
    });
  });

  it("refuses an unknown country, time zone and currency with field errors", async () => {
    const owner = await createUser(db);
    await expectTRPCError(
      callerFor(db, owner).business.create({
        ...base(),
        country: "XX",
        timeZone: "Asia/Atlantis",
        currency: "ABC",
      }),
      "BAD_REQUEST",
      {
        fieldErrors: {
          country: "Choose a country.",
          timeZone: "Choose a valid time zone.",
          currency: "Choose a valid currency.",
        },
      },
    );
  });

  it("requires a signed-in user, not an API key", async () => {
    await expectTRPCError(callerFor(db, null).business.create(base()), "UNAUTHORIZED");
  });
});

describe("business.list", () => {
  it("lists the user's businesses with their role, by name, and nobody else's", async () => {
    const user = await createUser(db);
    const someoneElse = await createUser(db);
    const owned = await createBusiness(db, { owner: user, name: "Zebra Studio" });
    const joined = await createBusiness(db, { owner: someoneElse, name: "Alpha Clinic" });
    await db.insert(businessMembers).values({ businessId: joined.id, userId: user.id, role: "admin" });
    await createBusiness(db, { owner: someoneElse, name: "Not Mine" });

    const list = await callerFor(db, user).business.list();
    expect(list).toEqual([
      {
        id: joined.id,
        slug: joined.slug,
        name: "Alpha Clinic",
        category: null,
        country: "IN",
        role: "admin",
      },
      { id: owned.id, slug: owned.slug, name: "Zebra Studio", category: null, country: "IN", role: "owner" },
    ]);
  });
});

describe("business.get", () => {
  it("returns the business to a member and NOT_FOUND to anyone else", async () => {
    const owner = await createUser(db);
    const business = await createBusiness(db, { owner });
    const { user: member } = await addMember(db, business, "member");
    const got = await callerFor(db, member).business.get({ businessId: business.id });
    expect(got).toMatchObject({ id: business.id, slug: business.slug, name: business.name, country: "IN" });

    const stranger = await createUser(db);
    await expectTRPCError(callerFor(db, stranger).business.get({ businessId: business.id }), "NOT_FOUND");
    await expectTRPCError(
      callerFor(db, stranger).business.get({ businessId: "00000000-0000-4000-8000-000000000000" }),
      "NOT_FOUND",
    );
  });

  it("requires a businessId from a signed-in user", async () => {
    const owner = await createUser(db);
    await expectTRPCError(callerFor(db, owner).business.get({}), "BAD_REQUEST", {
      appCode: "VALIDATION",
      fieldErrors: { businessId: "Required" },
    });
  });
});

describe("business.update", () => {
  it("updates only the given fields and audits them", async () => {
    const owner = await createUser(db);
    const business = await createBusiness(db, { owner, description: "Before", phone: "98765 43210" });
    const updated = await callerFor(db, owner).business.update({ businessId: business.id, name: "Renamed" });
    expect(updated).toMatchObject({
      name: "Renamed",
      slug: business.slug,
      description: "Before",
      phone: "+919876543210",
      country: "IN",
      timeZone: "Asia/Kolkata",
      currency: "INR",
    });
    expect(updated.updatedAt.getTime()).toBeGreaterThanOrEqual(business.updatedAt.getTime());
    const [audit] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.businessId, business.id), eq(auditEvents.action, "business.updated")));
    expect(audit).toMatchObject({ actorUserId: owner.id, metadata: { fields: ["name"] } });
  });

  it("normalises a new phone with the stored country, or with the new country when given", async () => {
    const owner = await createUser(db);
    const business = await createBusiness(db, {
      owner,
      country: "US",
      timeZone: "America/Chicago",
      currency: "USD",
    });
    const me = callerFor(db, owner);
    const a = await me.business.update({ businessId: business.id, phone: "(201) 555-0123" });
    expect(a.phone).toBe("+12015550123");
    const b = await me.business.update({
      businessId: business.id,
      country: "IN",
      whatsappNumber: "98765 43210",
    });
    expect(b).toMatchObject({ country: "IN", phone: "+12015550123", whatsappNumber: "+919876543210" });
    const c = await me.business.update({ businessId: business.id, phone: null, whatsappNumber: "" });
    expect(c).toMatchObject({ phone: null, whatsappNumber: null });
  });

  it("refuses an invalid phone with a field error and changes nothing", async () => {
    const owner = await createUser(db);
    const business = await createBusiness(db, { owner });
    await expectTRPCError(
      callerFor(db, owner).business.update({ businessId: business.id, name: "Changed", phone: "12345" }),
      "BAD_REQUEST",
      { appCode: "VALIDATION", fieldErrors: { phone: "Not a valid phone number for IN." } },
    );
    const [row] = await db.select().from(businesses).where(eq(businesses.id, business.id));
    expect(row!.name).toBe(business.name);
  });

  it("refuses a taken slug with CONFLICT and accepts a free one", async () => {
    const owner = await createUser(db);
    const a = await createBusiness(db, { owner });
    const b = await createBusiness(db, { owner });
    await expectTRPCError(
      callerFor(db, owner).business.update({ businessId: b.id, slug: a.slug }),
      "CONFLICT",
      {
        fieldErrors: { slug: "This web address is taken." },
      },
    );
    const slug = uniqueSlug("moved");
    await expect(callerFor(db, owner).business.update({ businessId: b.id, slug })).resolves.toMatchObject({
      slug,
    });
  });

  it("is refused to a member (FORBIDDEN) and to a stranger (NOT_FOUND)", async () => {
    const owner = await createUser(db);
    const business = await createBusiness(db, { owner });
    const { user: member } = await addMember(db, business, "member");
    const { user: admin } = await addMember(db, business, "admin");
    await expectTRPCError(
      callerFor(db, member).business.update({ businessId: business.id, name: "Nope" }),
      "FORBIDDEN",
      { appCode: "FORBIDDEN" },
    );
    const stranger = await createUser(db);
    await expectTRPCError(
      callerFor(db, stranger).business.update({ businessId: business.id, name: "Nope" }),
      "NOT_FOUND",
    );
    await expect(
      callerFor(db, admin).business.update({ businessId: business.id, name: "Admin may" }),
    ).resolves.toMatchObject({ name: "Admin may" });
  });
});

describe("business.dashboard", () => {
  it("counts live customers, my open tasks, members, pending invitations and active API keys", async () => {
    const owner = await createUser(db);
    const business = await createBusiness(db, { owner });
    const me = callerFor(db, owner);
    const empty = await me.business.dashboard({ businessId: business.id });
    expect(empty.counts).toEqual({
      customers: 0,
      myOpenTasks: 0,
      members: 1,
      pendingInvitations: 0,
      apiKeys: 0,
      unpaidInvoices: 0,
    });
    expect(empty.checklist).toEqual({
      addCustomer: false,
      importCustomers: false,
      inviteTeammate: false,
      createApiKey: false,
      addCustomField: false,
    });

    await addMember(db, business, "admin");
    await me.members.invite({
      businessId: business.id,
      email: `dash-${business.slug}@example.test`,
      role: "member",
    });
    const revokedInvite = await me.members.invite({
      businessId: business.id,
      email: `gone-${business.slug}@example.test`,
      role: "member",
    });
    await me.members.revokeInvitation({ businessId: business.id, invitationId: revokedInvite.id });
    await createApiKeyFor(db, business);
    const revokedKey = await createApiKeyFor(db, business);
    await me.apiKeys.revoke({ businessId: business.id, apiKeyId: revokedKey.id });

    const kept = await me.customers.create({ businessId: business.id, name: "Ravi Sharma" });
    const trashed = await me.customers.create({ businessId: business.id, name: "Asha Rao" });
    await me.customers.delete({ businessId: business.id, customerId: trashed.id });

    await me.tasks.create({ businessId: business.id, title: "Call Ravi" });
    const finished = await me.tasks.create({ businessId: business.id, title: "Send the quote" });
    await me.tasks.complete({ businessId: business.id, taskId: finished.id });
    await me.tasks.create({ businessId: business.id, title: "Unassigned", assigneeId: null });

    // One invoice waits for money; a draft, a quote and a paid invoice do not count.
    const line = { description: "Consultation", quantity: "1", unitPrice: 50_000 };
    for (const kind of ["invoice", "invoice", "quote"] as const) {
      const d = await me.invoices.create({
        businessId: business.id,
        kind,
        customerId: kept.id,
        lines: [line],
      });
      await me.invoices.issue({ businessId: business.id, invoiceId: d.id });
    }
    const [paidOne] = (await me.invoices.list({ businessId: business.id, kind: "invoice" })).data;
    await me.invoices.recordPayment({
      businessId: business.id,
      invoiceId: paidOne!.id,
      amount: 50_000,
      method: "cash",
    });
    await me.invoices.create({ businessId: business.id, customerId: kept.id, lines: [line] });

    const after = await me.business.dashboard({ businessId: business.id });
    expect(after.counts).toEqual({
      customers: 1,
      myOpenTasks: 1,
      members: 2,
      pendingInvitations: 1,
      apiKeys: 1,
      unpaidInvoices: 1,
    });
    expect(after.checklist).toEqual({
      addCustomer: true,
      importCustomers: false,
      inviteTeammate: true,
      createApiKey: true,
      addCustomField: false,
    });
    expect(kept.name).toBe("Ravi Sharma");

    // Another business's data is not counted.
    const other = await createBusiness(db, { owner });
    const otherDash = await me.business.dashboard({ businessId: other.id });
    expect(otherDash.counts).toEqual({
      customers: 0,
      myOpenTasks: 0,
      members: 1,
      pendingInvitations: 0,
      apiKeys: 0,
      unpaidInvoices: 0,
    });
    expect(Object.values(otherDash.checklist).some(Boolean)).toBe(false);
  });

  it("marks an import done only once one has completed, and a custom field once one exists", async () => {
    const owner = await createUser(db);
    const business = await createBusiness(db, { owner });
    const me = callerFor(db, owner);
    const file = { businessId: business.id, fileName: "c.csv", fileType: "csv", fileSize: 10 };
    await db.insert(imports).values({ ...file, storageKey: `t/${business.id}/a`, status: "queued" });
    await db.insert(imports).values({ ...file, storageKey: `t/${business.id}/b`, status: "failed" });
    expect((await me.business.dashboard({ businessId: business.id })).checklist.importCustomers).toBe(false);

    await db.insert(imports).values({ ...file, storageKey: `t/${business.id}/c`, status: "completed" });
    await me.customFields.create({ businessId: business.id, label: "Birthday", type: "date" });
    const { checklist } = await me.business.dashboard({ businessId: business.id });
    expect(checklist.importCustomers).toBe(true);
    expect(checklist.addCustomField).toBe(true);
  });
});
