import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import {
  DELETE as restDELETE,
  GET as restGET,
  PATCH as restPATCH,
  POST as restPOST,
} from "@/app/api/v1/[...path]/route";
import { GET as exportGET } from "@/app/api/v1/customers/export/route";
import { GET as openApiGET } from "@/app/api/v1/openapi.json/route";
import type { Db } from "@/db/client";
import { activities, customers, customFields, notes, tasks } from "@/db/schema";
import type { CustomerOutput, ListCustomersInput } from "@/server/domain/customers";
import { customerPageOutput, customerSortFields } from "@/server/domain/customers";
import {
  countCustomers,
  exportBusinessJson,
  exportCustomers,
  phoneDigits,
  purgeDeletedCustomers,
} from "@/server/services/customers";
import { todayIn } from "@/server/services/customers/fields";
import {
  customerWhere,
  isNarrowFilter,
  monthDayRanges,
  pageCustomerRows,
} from "@/server/services/customers/query";
import { callerFor, expectTRPCError } from "../helpers/caller";
import { testDb } from "../helpers/db";
import { addMember, createApiKeyFor, createBusiness, createUser, type TestUser } from "../helpers/factories";

let db: Db;
beforeAll(async () => {
  db = (await testDb()).db;
});

async function setup(overrides: { country?: string; timeZone?: string } = {}) {
  const owner = await createUser(db, { name: "Asha Owner" });
  const business = await createBusiness(db, { owner, ...overrides });
  const caller = callerFor(db, owner);
  const businessId = business.id;
  const create = (input: Record<string, unknown>) =>
    caller.customers.create({ businessId, ...input } as Parameters<typeof caller.customers.create>[0]);
  const list = (input: ListCustomersInput = {}) => caller.customers.list({ businessId, ...input });
  const names = async (input: ListCustomersInput = {}) =>
    (await list({ limit: 200, ...input })).data.map((c) => c.name).sort();
  return { owner, business, businessId, caller, create, list, names };
}

type Setup = Awaited<ReturnType<typeof setup>>;

async function rowOf(id: string) {
  const [row] = await db.select().from(customers).where(eq(customers.id, id));
  return row!;
}

async function timelineOf(s: Setup, customerId: string) {
  const page = await s.caller.customers.timeline({ businessId: s.businessId, customerId, limit: 200 });
  return page.data;
}

describe("phoneDigits", () => {
  it("keeps the international digits and the national significant number of each number", () => {
    expect(phoneDigits("+919876543210", null)).toBe("919876543210 9876543210");
    expect(phoneDigits("+919876543210", "+14155552671")).toBe(
      "919876543210 9876543210 14155552671 4155552671",
    );
    expect(phoneDigits("+919876543210", "+919876543210")).toBe("919876543210 9876543210");
    expect(phoneDigits(null, null)).toBe("");
  });
});

describe("create, get, update", () => {
  it("creates a customer with E.164 phones (business country IN), clean email, deduplicated tags", async () => {
    const s = await setup();
    const c = await s.create({
      name: "  Ravi Sharma ",
      email: " Ravi.Sharma@Example.COM ",
      phone: "98765 43210",
      whatsapp: "+1 (415) 555-2671",
      tags: [" vip ", "VIP", "new", ""],
      dateOfBirth: "1990-04-21",
      anniversary: "2015-12-30",
      consent: { email: { granted: true, source: "shop form" } },
      company: "Acme",
      city: "Pune",
    });
    expect(c).toMatchObject({
      name: "Ravi Sharma",
      email: "ravi.sharma@example.com",
      phone: "+919876543210",
      whatsapp: "+14155552671",
      tags: ["vip", "new"],
      lifecycleStage: "lead",
      dateOfBirth: "1990-04-21",
      company: "Acme",
      city: "Pune",
      deletedAt: null,
    });
    expect(c.consent.email).toMatchObject({ granted: true, source: "shop form" });
    expect(c.consent.email.at).toBeInstanceOf(Date);
    expect(c.consent.sms).toEqual({ granted: null, at: null, source: null });
    const row = await rowOf(c.id);
    expect(row.phoneDigits).toBe("919876543210 9876543210 14155552671 4155552671");
    expect(row.birthdayMd).toBe(421);
    expect(row.anniversaryMd).toBe(1230);
    expect(await s.caller.customers.get({ businessId: s.businessId, customerId: c.id })).toEqual(c);
    const timeline = await timelineOf(s, c.id);
    expect(timeline.map((t) => t.type)).toEqual(["created"]);
    expect(timeline[0]!.actorName).toBe("Asha Owner");
  });

  it("normalises national numbers with the business's own country (US) and keeps an extension", async () => {
    const s = await setup({ country: "US", timeZone: "America/New_York" });
    const c = await s.create({ name: "Jo", phone: "(415) 555-2671 ext. 12", whatsapp: "415.555.2672" });
    expect(c.phone).toBe("+14155552671");
    expect(c.phoneExtension).toBe("12");
    expect(c.whatsapp).toBe("+14155552672");
  });

  it("answers field errors for a bad phone, email, name or date", async () => {
    const s = await setup();
    await expectTRPCError(s.create({ name: "X", phone: "12345" }), "BAD_REQUEST", {
      appCode: "VALIDATION",
      fieldErrors: { phone: expect.stringMatching(/valid phone number/) },
    });
    await expectTRPCError(s.create({ name: "X", whatsapp: "not a number" }), "BAD_REQUEST", {
      fieldErrors: { whatsapp: expect.any(String) },
    });
    await expectTRPCError(s.create({ name: "X", email: "nope" }), "BAD_REQUEST", {
      fieldErrors: { email: "Enter a valid email address." },
    });
    await expectTRPCError(s.create({ name: "   " }), "BAD_REQUEST", {
      fieldErrors: { name: expect.any(String) },
    });
    await expectTRPCError(s.create({ name: "X", dateOfBirth: "1990-02-30" }), "BAD_REQUEST", {
      fieldErrors: { dateOfBirth: expect.any(String) },
    });
    await expectTRPCError(s.create({ name: "X", tags: ["a".repeat(51)] }), "BAD_REQUEST", {
      fieldErrors: { "tags.0": expect.any(String) },
    });
    await expectTRPCError(
      s.create({ name: "X", tags: Array.from({ length: 101 }, (_, i) => `t${i}`) }),
      "BAD_REQUEST",
    );
    expect((await s.list()).total).toBe(0);
  });

  it("accepts a member as owner and refuses a non-member", async () => {
    const s = await setup();
    const { user: member } = await addMember(db, s.business, "member");
    const stranger = await createUser(db);
    const c = await s.create({ name: "Owned", ownerId: member.id });
    expect(c.ownerId).toBe(member.id);
    await expectTRPCError(s.create({ name: "X", ownerId: stranger.id }), "NOT_FOUND", {
      fieldErrors: { ownerId: expect.any(String) },
    });
  });

  it("validates custom fields against the business's definitions", async () => {
    const s = await setup();
    await db.insert(customFields).values([
      { businessId: s.businessId, key: "score", label: "Score", type: "number" },
      {
        businessId: s.businessId,
        key: "plan",
        label: "Plan",
        type: "single_select",
        options: ["Gold", "Silver"],
      },
    ]);
    const c = await s.create({ name: "CF", customFields: { score: "42", plan: "gold" } });
    expect(c.customFields).toEqual({ score: 42, plan: "Gold" });
    await expectTRPCError(s.create({ name: "CF", customFields: { score: "many" } }), "BAD_REQUEST", {
      fieldErrors: { "customFields.score": expect.any(String) },
    });
    await expectTRPCError(s.create({ name: "CF", customFields: { unknown: 1 } }), "BAD_REQUEST", {
      fieldErrors: { "customFields.unknown": expect.any(String) },
    });
  });

  it("updates fields and records one field_changed activity per field, and tags added/removed", async () => {
    const s = await setup();
    await db
      .insert(customFields)
      .values({ businessId: s.businessId, key: "score", label: "Score", type: "number" });
    const c = await s.create({ name: "Meera", tags: ["vip", "new"], customFields: { score: 1 } });
    const updated = await s.caller.customers.update({
      businessId: s.businessId,
      customerId: c.id,
      name: "Meera Iyer",
      phone: "098765 43211",
      lifecycleStage: "customer",
      tags: ["VIP", "regular"],
      company: "",
      customFields: { score: 5 },
      consent: { whatsapp: { granted: true } },
    });
    expect(updated).toMatchObject({
      name: "Meera Iyer",
      phone: "+919876543211",
      lifecycleStage: "customer",
      tags: ["VIP", "regular"],
      company: null,
      customFields: { score: 5 },
    });
    expect(updated.consent.whatsapp.granted).toBe(true);
    expect((await rowOf(c.id)).phoneDigits).toBe("919876543211 9876543211");

    const timeline = await timelineOf(s, c.id);
    const changes = timeline.filter((t) => t.type === "field_changed").map((t) => t.data);
    expect(changes).toEqual(
      expect.arrayContaining([
        { field: "name", from: "Meera", to: "Meera Iyer" },
        { field: "phone", from: null, to: "+919876543211" },
        { field: "lifecycleStage", from: "lead", to: "customer" },
        { field: "customFields.score", from: 1, to: 5 },
        { field: "whatsappConsent", from: null, to: true },
      ]),
    );
    expect(changes).toHaveLength(5); // company was already empty; "VIP" is the same tag as "vip"
    expect(timeline.find((t) => t.type === "tags_added")!.data).toEqual({ tags: ["regular"] });
    expect(timeline.find((t) => t.type === "tags_removed")!.data).toEqual({ tags: ["new"] });

    // Nothing changed → nothing recorded.
    await s.caller.customers.update({ businessId: s.businessId, customerId: c.id, name: "Meera Iyer" });
    expect(await timelineOf(s, c.id)).toHaveLength(timeline.length);

    // Filter by type and page through with a cursor.
    const onlyTags = await s.caller.customers.timeline({
      businessId: s.businessId,
      customerId: c.id,
      types: ["tags_added", "tags_removed"],
    });
    expect(onlyTags.data.map((t) => t.type).sort()).toEqual(["tags_added", "tags_removed"]);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof s.caller.customers.timeline>> = await s.caller.customers.timeline(
        {
          businessId: s.businessId,
          customerId: c.id,
          limit: 2,
          cursor,
        },
      );
      seen.push(...page.data.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(timeline.map((t) => t.id));
  });
});

describe("search", () => {
  let s: Setup;
  beforeAll(async () => {
    s = await setup();
    await s.create({ name: "Ravi Sharma", phone: "+91 98765 43210", email: "ravi@example.com" });
    await s.create({ name: "Priya Patel", email: "priya.patel@shop.in", whatsapp: "9812345678" });
    await s.create({ name: "Sharmila Rao", phone: "9000012345" });
    await s.create({ name: "100% Cotton_Store", email: "store@example.com" });
  });

  it.each([
    ["98765", ["Ravi Sharma"]],
    ["+91 98765-43210", ["Ravi Sharma"]],
    ["098765 43210", ["Ravi Sharma"]],
    ["sharma", ["Ravi Sharma"]],
    ["SHARM", ["Ravi Sharma", "Sharmila Rao"]],
    ["ravi sharma", ["Ravi Sharma"]],
    ["sharma ravi", ["Ravi Sharma"]],
    ["patel@shop", ["Priya Patel"]],
    ["12345", ["Priya Patel", "Sharmila Rao"]],
    ["100%", ["100% Cotton_Store"]],
    ["n_s", ["100% Cotton_Store"]],
    ["%", ["100% Cotton_Store"]],
    ["nobody", []],
  ])("%s finds %j", async (q, expected) => {
    expect(await s.names({ filter: { search: q } })).toEqual(expected);
  });
});

describe("filters", () => {
  let s: Setup;
  let member: TestUser;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    s = await setup();
    member = (await addMember(db, s.business, "member")).user;
    await db.insert(customFields).values([
      { businessId: s.businessId, key: "notes", label: "Notes", type: "text" },
      { businessId: s.businessId, key: "score", label: "Score", type: "number" },
      { businessId: s.businessId, key: "spend", label: "Spend", type: "currency" },
      { businessId: s.businessId, key: "joined", label: "Joined", type: "date" },
      { businessId: s.businessId, key: "vip", label: "VIP", type: "boolean" },
      {
        businessId: s.businessId,
        key: "plan",
        label: "Plan",
        type: "single_select",
        options: ["Gold", "Silver"],
      },
      {
        businessId: s.businessId,
        key: "interests",
        label: "Interests",
        type: "multi_select",
        options: ["Yoga", "Spa", "Hair"],
      },
    ]);
    const today = todayIn("Asia/Kolkata");
    const inDays = (n: number) => {
      const d = new Date(Date.UTC(1990, today.month - 1, today.day + n));
      return d.toISOString().slice(0, 10);
    };
    const people: Array<[string, Record<string, unknown>]> = [
      [
        "Anil",
        {
          tags: ["vip", "gold"],
          source: "walk-in",
          email: "anil@example.com",
          phone: "9876500001",
          consent: { email: { granted: true }, sms: { granted: false } },
          dateOfBirth: inDays(3),
          customFields: {
            notes: "Prefers mornings",
            score: 10,
            spend: "1,500.50",
            joined: "2024-01-15",
            vip: true,
            plan: "Gold",
            interests: ["Yoga", "Spa"],
          },
        },
      ],
      [
        "Bina",
        {
          tags: ["vip"],
          source: "instagram",
          whatsapp: "9876500002",
          lifecycleStage: "customer",
          ownerId: "MEMBER",
          anniversary: inDays(20),
          customFields: {
            notes: "evening person",
            score: 50,
            spend: 99,
            joined: "2025-06-01",
            vip: false,
            plan: "Silver",
            interests: ["Hair"],
          },
        },
      ],
      [
        "Chetan",
        {
          tags: ["gold"],
          source: "walk-in",
          email: "chetan@example.com",
          lifecycleStage: "prospect",
          consent: { email: { granted: false }, whatsapp: { granted: true } },
          customFields: { score: 75 },
        },
      ],
      ["Deepa", { tags: [], lifecycleStage: "churned", ownerId: "MEMBER", dateOfBirth: inDays(-40) }],
    ];
    for (const [name, input] of people) {
      if (input.ownerId === "MEMBER") input.ownerId = member.id;
      ids[name] = (await s.create({ name, ...input })).id;
    }
    // Creation and activity times for the range filters.
    await db
      .update(customers)
      .set({ createdAt: new Date("2024-03-10T10:00:00Z"), lastActivityAt: new Date("2024-03-11T10:00:00Z") })
      .where(eq(customers.id, ids.Anil!));
    await db
      .update(customers)
      .set({ createdAt: new Date("2024-03-31T20:00:00Z") })
      .where(eq(customers.id, ids.Bina!));
    // A trashed customer is never in the live list.
    const gone = await s.create({ name: "Trashed", tags: ["vip"] });
    await s.caller.customers.delete({ businessId: s.businessId, customerId: gone.id });
  });

  it.each<[string, ListCustomersInput["filter"], string[]]>([
    ["no filter", {}, ["Anil", "Bina", "Chetan", "Deepa"]],
    ["tags any", { tags: { any: ["vip", "gold"] } }, ["Anil", "Bina", "Chetan"]],
    ["tags all", { tags: { all: ["vip", "gold"] } }, ["Anil"]],
    ["tags none", { tags: { none: ["vip"] } }, ["Chetan", "Deepa"]],
    ["source", { sources: ["walk-in"] }, ["Anil", "Chetan"]],
    ["lifecycle stages", { lifecycleStages: ["customer", "churned"] }, ["Bina", "Deepa"]],
    ["has email", { hasEmail: true }, ["Anil", "Chetan"]],
    ["has no email", { hasEmail: false }, ["Bina", "Deepa"]],
    ["has phone", { hasPhone: true }, ["Anil"]],
    ["has WhatsApp", { hasWhatsapp: true }, ["Bina"]],
    ["email consent granted", { consent: { email: "granted" } }, ["Anil"]],
    ["email consent denied", { consent: { email: "denied" } }, ["Chetan"]],
    ["email consent unknown", { consent: { email: "unknown" } }, ["Bina", "Deepa"]],
    ["sms denied + whatsapp unknown", { consent: { sms: "denied", whatsapp: "unknown" } }, ["Anil"]],
    ["birthday in the next 7 days", { birthday: { within: "next_days", days: 7 } }, ["Anil"]],
    ["birthday in the next 2 days", { birthday: { within: "next_days", days: 2 } }, []],
    ["anniversary in the next 30 days", { anniversary: { within: "next_days", days: 30 } }, ["Bina"]],
    [
      "created in March 2024 (business time zone)",
      { created: { from: "2024-03-01", to: "2024-03-31" } },
      ["Anil"],
    ],
    [
      "created from an instant",
      { created: { from: "2024-03-31T19:00:00Z", to: "2024-04-01T00:00:00Z" } },
      ["Bina"],
    ],
    ["last activity range", { lastActivity: { to: "2024-12-31" } }, ["Anil"]],
    ["text contains", { customFields: [{ key: "notes", op: "contains", value: "EVENING" }] }, ["Bina"]],
    ["text equals", { customFields: [{ key: "notes", op: "equals", value: "Prefers mornings" }] }, ["Anil"]],
    [
      "number range",
      { customFields: [{ key: "score", op: "between", from: 20, to: 75 }] },
      ["Bina", "Chetan"],
    ],
    [
      "currency range (minor units)",
      { customFields: [{ key: "spend", op: "between", from: 10000 }] },
      ["Anil"],
    ],
    [
      "date range",
      { customFields: [{ key: "joined", op: "between", from: "2025-01-01", to: "2025-12-31" }] },
      ["Bina"],
    ],
    ["boolean", { customFields: [{ key: "vip", op: "equals", value: false }] }, ["Bina"]],
    ["single select equals", { customFields: [{ key: "plan", op: "equals", value: "Gold" }] }, ["Anil"]],
    [
      "select any of",
      { customFields: [{ key: "plan", op: "anyOf", values: ["Gold", "Silver"] }] },
      ["Anil", "Bina"],
    ],
    ["multi select has", { customFields: [{ key: "interests", op: "equals", value: "Spa" }] }, ["Anil"]],
    [
      "multi select any of",
      { customFields: [{ key: "interests", op: "anyOf", values: ["Hair", "Yoga"] }] },
      ["Anil", "Bina"],
    ],
    ["custom field set", { customFields: [{ key: "score", op: "isSet" }] }, ["Anil", "Bina", "Chetan"]],
    ["custom field empty", { customFields: [{ key: "plan", op: "isEmpty" }] }, ["Chetan", "Deepa"]],
    [
      "combined",
      { tags: { any: ["gold"] }, sources: ["walk-in"], hasEmail: true, lifecycleStages: ["prospect"] },
      ["Chetan"],
    ],
    ["trash", { deleted: true }, ["Trashed"]],
  ])("%s", async (_label, filter, expected) => {
    expect(await s.names({ filter })).toEqual(expected);
    expect(await countCustomers(db, s.businessId, filter)).toEqual({ total: expected.length, exact: true });
  });

  it("filters by owner, and unassigned", async () => {
    expect(await s.names({ filter: { ownerIds: [member.id] } })).toEqual(["Bina", "Deepa"]);
    expect(await s.names({ filter: { unassigned: true } })).toEqual(["Anil", "Chetan"]);
    expect(await s.names({ filter: { ownerIds: [member.id], unassigned: true } })).toHaveLength(4);
  });

  it("birthday this month matches the month in the business's time zone", async () => {
    const month = todayIn("Asia/Kolkata").month;
    const expected = ["Anil", "Deepa"].filter((n) => {
      const row = n === "Anil" ? ids.Anil : ids.Deepa;
      return row !== undefined;
    });
    const rows = await db
      .select({ name: customers.name, md: customers.birthdayMd })
      .from(customers)
      .where(and(eq(customers.businessId, s.businessId), sql`${customers.birthdayMd} is not null`));
    const inMonth = rows
      .filter((r) => Math.floor(r.md! / 100) === month)
      .map((r) => r.name)
      .sort();
    expect(expected.length).toBe(2);
    expect(await s.names({ filter: { birthday: { within: "this_month", days: 7 } } })).toEqual(inMonth);
  });
});

describe("day windows", () => {
  it("wraps around the year end and handles this month", () => {
    const tz = "Asia/Kolkata";
    // 2026-12-28 20:00 UTC is already Dec 29 in India.
    const now = new Date("2026-12-28T20:00:00Z");
    expect(monthDayRanges({ within: "next_days", days: 7 }, { timeZone: tz, now })).toEqual([
      [1229, 1231],
      [101, 105],
    ]);
    expect(monthDayRanges({ within: "next_days", days: 0 }, { timeZone: tz, now })).toEqual([[1229, 1229]]);
    expect(monthDayRanges({ within: "this_month", days: 7 }, { timeZone: "UTC", now })).toEqual([
      [1201, 1231],
    ]);
    expect(
      monthDayRanges(
        { within: "next_days", days: 2 },
        { timeZone: "UTC", now: new Date("2027-02-27T12:00:00Z") },
      ),
    ).toEqual([[227, 301]]);
    expect(monthDayRanges({ within: "next_days", days: 366 }, { timeZone: tz, now })).toBe("all");
  });
});

describe("sort and cursor pages", () => {
  let s: Setup;
  beforeAll(async () => {
    s = await setup();
    const base = { businessId: s.businessId };
    const rows = Array.from({ length: 23 }, (_, i) => ({
      ...base,
      name: ["Zara", "amit", "Bela", "Chirag", "amit"][i % 5]!,
      email: i % 3 === 0 ? null : `p${i % 7}@example.com`,
      company: i % 4 === 0 ? null : ["Acme", "beta", "Acme", "Core"][i % 4],
      lifecycleStage: (["lead", "prospect", "customer", "churned"] as const)[i % 4],
      // Several rows share a creation time: the id breaks the tie.
      createdAt: new Date(Date.UTC(2025, 0, 1 + (i % 6))),
      updatedAt: new Date(Date.UTC(2025, 1, 1 + (i % 4))),
      lastActivityAt: new Date(Date.UTC(2025, 2, 1 + (i % 3))),
    }));
    await db.insert(customers).values(rows);
  });

  const sorts = customerSortFields.flatMap((field) =>
    (["asc", "desc"] as const).map((direction) => ({ field, direction })),
  );
  it.each(sorts)(
    "$field $direction: pages of 4 have no gaps or repeats and match one big page",
    async (sort) => {
      const all = await s.list({ sort, limit: 200 });
      expect(all.data).toHaveLength(23);
      expect(all.total).toBe(23);
      expect(all.nextCursor).toBeNull();
      const seen: CustomerOutput[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: Awaited<ReturnType<typeof s.list>> = await s.list({ sort, limit: 4, cursor });
        expect(page.total).toBe(23);
        seen.push(...page.data);
        cursor = page.nextCursor;
        pages++;
      } while (cursor);
      expect(pages).toBe(6);
      expect(seen.map((c) => c.id)).toEqual(all.data.map((c) => c.id));
      expect(new Set(seen.map((c) => c.id)).size).toBe(23);
    },
  );

  it("orders by the column, with NULLs last", async () => {
    const byCreated = (await s.list({ sort: { field: "createdAt", direction: "desc" }, limit: 200 })).data;
    for (let i = 1; i < byCreated.length; i++) {
      expect(byCreated[i - 1]!.createdAt.getTime()).toBeGreaterThanOrEqual(byCreated[i]!.createdAt.getTime());
    }
    for (const direction of ["asc", "desc"] as const) {
      const byEmail = (await s.list({ sort: { field: "email", direction }, limit: 200 })).data.map(
        (c) => c.email,
      );
      const firstNull = byEmail.indexOf(null);
      expect(byEmail.slice(firstNull).every((e) => e === null)).toBe(true);
      const present = byEmail.slice(0, firstNull) as string[];
      const sorted = [...present].sort();
      expect(present).toEqual(direction === "asc" ? sorted : sorted.reverse());
    }
    const stages = (
      await s.list({ sort: { field: "lifecycleStage", direction: "asc" }, limit: 200 })
    ).data.map((c) => c.lifecycleStage);
    expect(stages.indexOf("prospect")).toBeGreaterThan(stages.lastIndexOf("lead"));
    expect(stages.indexOf("churned")).toBeGreaterThan(stages.lastIndexOf("customer"));
  });

  it("refuses a cursor from another sort or a forged one", async () => {
    const page = await s.list({ sort: { field: "name", direction: "asc" }, limit: 2 });
    await expectTRPCError(
      s.list({ sort: { field: "createdAt", direction: "desc" }, cursor: page.nextCursor }),
      "BAD_REQUEST",
      {
        fieldErrors: { cursor: expect.any(String) },
      },
    );
    await expectTRPCError(s.list({ cursor: "bm90LWEtY3Vyc29y" }), "BAD_REQUEST");
  });

  it.each(sorts)(
    "$field $direction: a narrow filter pages the same rows whether matches are collected first or the index is walked",
    async (sort) => {
      const where = await customerWhere(db, s.businessId, { search: "ami" });
      const pages = async (narrow: boolean, narrowCap?: number) => {
        const ids: string[] = [];
        let cursor: string | null = null;
        do {
          const page: Awaited<ReturnType<typeof pageCustomerRows>> = await pageCustomerRows(db, where, {
            sort,
            cursor,
            limit: 2,
            narrow,
            narrowCap,
          });
          ids.push(...page.rows.map((r) => r.id));
          cursor = page.nextCursor;
        } while (cursor);
        return ids;
      };
      const walked = await pages(false);
      expect(walked).toHaveLength(9);
      // Every match collected (cap above the count), and the cap exceeded on early pages (fallback walk).
      expect(await pages(true)).toEqual(walked);
      expect(await pages(true, 4)).toEqual(walked);
    },
  );

  it("treats search words of 3+ characters, tags any/all and custom field equality as narrow", () => {
    expect(isNarrowFilter({ search: "ravi" })).toBe(true);
    expect(isNarrowFilter({ search: "a b" })).toBe(false);
    expect(isNarrowFilter({ tags: { all: ["vip"] } })).toBe(true);
    expect(isNarrowFilter({ tags: { none: ["vip"] } })).toBe(false);
    expect(isNarrowFilter({ customFields: [{ key: "plan", op: "equals", value: "Gold" }] })).toBe(true);
    expect(isNarrowFilter({ customFields: [{ key: "plan", op: "isEmpty" }] })).toBe(false);
    expect(isNarrowFilter({})).toBe(false);
  });

  it("count equals the list total for the same filter", async () => {
    const filter = { search: "amit" };
    const list = await s.list({ filter, limit: 200 });
    const { total } = await s.caller.customers.count({ businessId: s.businessId, filter });
    expect(total).toBe(list.data.length);
    expect(list.total).toBe(total);
    expect(total).toBe(9);
  });
});

describe("bulk actions", () => {
  it("adds and removes tags on a selection, set-based, with timeline entries", async () => {
    const s = await setup();
    const a = await s.create({ name: "A", tags: ["vip"] });
    const b = await s.create({ name: "B" });
    const c = await s.create({ name: "C" });
    const r1 = await s.caller.customers.bulk({
      businessId: s.businessId,
      customerIds: [a.id, b.id],
      action: { type: "addTags", tags: ["VIP", "diwali"] },
    });
    expect(r1.affected).toBe(2);
    expect((await rowOf(a.id)).tags).toEqual(["vip", "diwali"]);
    expect((await rowOf(b.id)).tags).toEqual(["VIP", "diwali"]);
    expect((await rowOf(c.id)).tags).toEqual([]);
    expect((await timelineOf(s, a.id)).find((t) => t.type === "tags_added")!.data).toEqual({
      tags: ["diwali"],
    });
    // Again: nothing changes, nothing is counted or recorded.
    const r2 = await s.caller.customers.bulk({
      businessId: s.businessId,
      customerIds: [a.id, b.id],
      action: { type: "addTags", tags: ["diwali"] },
    });
    expect(r2.affected).toBe(0);
    expect((await timelineOf(s, a.id)).filter((t) => t.type === "tags_added")).toHaveLength(1);

    const r3 = await s.caller.customers.bulk({
      businessId: s.businessId,
      customerIds: [a.id, b.id, c.id],
      action: { type: "removeTags", tags: ["vip"] },
    });
    expect(r3.affected).toBe(2);
    expect((await rowOf(a.id)).tags).toEqual(["diwali"]);
    expect((await rowOf(b.id)).tags).toEqual(["diwali"]);
    expect((await timelineOf(s, b.id)).find((t) => t.type === "tags_removed")!.data).toEqual({
      tags: ["VIP"],
    });
  });

  it("applies to all customers matching a filter", async () => {
    const s = await setup();
    for (const [name, source] of [
      ["Walk 1", "walk-in"],
      ["Walk 2", "walk-in"],
      ["Web", "website"],
    ] as const) {
      await s.create({ name, source });
    }
    const filter = { sources: ["walk-in"] };
    const added = await s.caller.customers.bulk({
      businessId: s.businessId,
      filter,
      action: { type: "addTags", tags: ["offline"] },
    });
    expect(added.affected).toBe(2);
    expect(await s.names({ filter: { tags: { all: ["offline"] } } })).toEqual(["Walk 1", "Walk 2"]);

    const removed = await s.caller.customers.bulk({
      businessId: s.businessId,
      filter: { tags: { any: ["offline"] }, search: "walk 1" },
      action: { type: "removeTags", tags: ["OFFLINE"] },
    });
    expect(removed.affected).toBe(1);
    expect(await s.names({ filter: { tags: { all: ["offline"] } } })).toEqual(["Walk 2"]);

    const staged = await s.caller.customers.bulk({
      businessId: s.businessId,
      filter: {},
      action: { type: "setLifecycleStage", value: "customer" },
    });
    expect(staged.affected).toBe(3);
    const web = (await s.list({ filter: { search: "web" } })).data[0]!;
    expect(web.lifecycleStage).toBe("customer");
    expect((await timelineOf(s, web.id)).find((t) => t.type === "field_changed")!.data).toEqual({
      field: "lifecycleStage",
      from: "lead",
      to: "customer",
    });

    const sourced = await s.caller.customers.bulk({
      businessId: s.businessId,
      filter: { sources: ["website"] },
      action: { type: "setSource", value: "referral" },
    });
    expect(sourced.affected).toBe(1);
    expect(await s.names({ filter: { sources: ["referral"] } })).toEqual(["Web"]);
  });

  it("assigns an owner and sets a custom field", async () => {
    const s = await setup();
    const { user: member } = await addMember(db, s.business, "member");
    await db
      .insert(customFields)
      .values({ businessId: s.businessId, key: "score", label: "Score", type: "number" });
    const a = await s.create({ name: "A" });
    const b = await s.create({ name: "B" });
    const owned = await s.caller.customers.bulk({
      businessId: s.businessId,
      customerIds: [a.id, b.id],
      action: { type: "assignOwner", ownerId: member.id },
    });
    expect(owned.affected).toBe(2);
    expect((await rowOf(a.id)).ownerId).toBe(member.id);
    const stranger = await createUser(db);
    await expectTRPCError(
      s.caller.customers.bulk({
        businessId: s.businessId,
        customerIds: [a.id],
        action: { type: "assignOwner", ownerId: stranger.id },
      }),
      "NOT_FOUND",
    );
    const set = await s.caller.customers.bulk({
      businessId: s.businessId,
      filter: {},
      action: { type: "setCustomField", key: "score", value: "7" },
    });
    expect(set.affected).toBe(2);
    expect((await rowOf(b.id)).customFields).toEqual({ score: 7 });
    expect(
      (await timelineOf(s, b.id)).find(
        (t) => t.type === "field_changed" && t.data.field === "customFields.score",
      )!.data,
    ).toEqual({
      field: "customFields.score",
      from: null,
      to: 7,
    });
    await expectTRPCError(
      s.caller.customers.bulk({
        businessId: s.businessId,
        filter: {},
        action: { type: "setCustomField", key: "score", value: "x" },
      }),
      "BAD_REQUEST",
    );
    const cleared = await s.caller.customers.bulk({
      businessId: s.businessId,
      customerIds: [a.id],
      action: { type: "setCustomField", key: "score", value: null },
    });
    expect(cleared.affected).toBe(1);
    expect((await rowOf(a.id)).customFields).toEqual({});
  });

  it("needs exactly one of a selection or a filter", async () => {
    const s = await setup();
    await expectTRPCError(
      s.caller.customers.bulk({ businessId: s.businessId, action: { type: "addTags", tags: ["x"] } }),
      "BAD_REQUEST",
    );
  });
});

describe("trash", () => {
  it("soft deletes to the Trash, restores, and bulk deletes/restores", async () => {
    const s = await setup();
    const a = await s.create({ name: "Alpha" });
    const b = await s.create({ name: "Beta", tags: ["x"] });
    const deleted = await s.caller.customers.delete({ businessId: s.businessId, customerId: a.id });
    expect(deleted.deletedAt).toBeInstanceOf(Date);
    expect(await s.names()).toEqual(["Beta"]);
    const trash = await s.caller.customers.trash({ businessId: s.businessId });
    expect(trash.data.map((c) => c.name)).toEqual(["Alpha"]);
    expect(trash.total).toBe(1);
    // Still readable (the page shows it is in the Trash) but not editable; deleting again is NOT_FOUND.
    expect(
      (await s.caller.customers.get({ businessId: s.businessId, customerId: a.id })).deletedAt,
    ).not.toBeNull();
    await expectTRPCError(
      s.caller.customers.update({ businessId: s.businessId, customerId: a.id, name: "X" }),
      "CONFLICT",
    );
    await expectTRPCError(
      s.caller.customers.delete({ businessId: s.businessId, customerId: a.id }),
      "NOT_FOUND",
    );

    const restored = await s.caller.customers.restore({ businessId: s.businessId, customerId: a.id });
    expect(restored.deletedAt).toBeNull();
    expect(await s.names()).toEqual(["Alpha", "Beta"]);
    await expectTRPCError(
      s.caller.customers.restore({ businessId: s.businessId, customerId: a.id }),
      "NOT_FOUND",
    );
    expect((await timelineOf(s, a.id)).map((t) => t.type)).toEqual(["restored", "deleted", "created"]);

    expect(
      (await s.caller.customers.bulkDelete({ businessId: s.businessId, filter: { tags: { any: ["x"] } } }))
        .affected,
    ).toBe(1);
    expect(await s.names()).toEqual(["Alpha"]);
    expect(
      (await s.caller.customers.bulkDelete({ businessId: s.businessId, customerIds: [a.id, b.id] })).affected,
    ).toBe(1);
    expect(await s.names()).toEqual([]);
    expect(
      (await s.caller.customers.bulkRestore({ businessId: s.businessId, filter: { search: "beta" } }))
        .affected,
    ).toBe(1);
    expect(
      (await s.caller.customers.bulkRestore({ businessId: s.businessId, customerIds: [a.id, b.id] }))
        .affected,
    ).toBe(1);
    expect(await s.names()).toEqual(["Alpha", "Beta"]);
  });

  it("purges customers trashed more than 30 days ago, with their timeline", async () => {
    const s = await setup();
    const old = await s.create({ name: "Old" });
    const recent = await s.create({ name: "Recent" });
    const live = await s.create({ name: "Live" });
    await s.caller.customers.bulkDelete({ businessId: s.businessId, customerIds: [old.id, recent.id] });
    await db
      .update(customers)
      .set({ deletedAt: new Date(Date.now() - 31 * 86_400_000) })
      .where(eq(customers.id, old.id));
    await db
      .update(customers)
      .set({ deletedAt: new Date(Date.now() - 29 * 86_400_000) })
      .where(eq(customers.id, recent.id));
    expect(await purgeDeletedCustomers(db, { businessId: s.businessId })).toBe(1);
    const left = await db
      .select({ id: customers.id })
      .from(customers)
      .where(eq(customers.businessId, s.businessId));
    expect(left.map((r) => r.id).sort()).toEqual([recent.id, live.id].sort());
    expect(await db.select().from(activities).where(eq(activities.customerId, old.id))).toHaveLength(0);
  });
});

describe("duplicates and merge", () => {
  it("finds same phone, same email (any case) and similar names at the same company, page by page", async () => {
    const s = await setup();
    const p1 = await s.create({ name: "Kiran One", phone: "9876512345" });
    const p2 = await s.create({ name: "K. Two", phone: "+91 98765 12345" });
    const e1 = await s.create({ name: "Eve", email: "eve@example.com" });
    const e2 = await s.create({ name: "Evelyn", email: "EVE@example.com" });
    const n1 = await s.create({ name: "Rajesh Kumar", company: "Acme Traders" });
    const n2 = await s.create({ name: "Rajesh Kumaar", company: "acme traders" });
    await s.create({ name: "Rajesh Kumar", company: "Other Co" });
    await s.create({ name: "Suresh Menon", company: "Acme Traders" });

    const all = await s.caller.customers.duplicates({ businessId: s.businessId });
    expect(all.nextCursor).toBeNull();
    expect(all.groups.map((g) => [g.reason, g.customers.map((c) => c.id).sort()])).toEqual([
      ["phone", [p1.id, p2.id].sort()],
      ["email", [e1.id, e2.id].sort()],
      ["name", [n1.id, n2.id].sort()],
    ]);
    expect(all.groups[0]).toMatchObject({ key: "+919876512345", size: 2 });
    expect(all.groups[1]).toMatchObject({ key: "eve@example.com", size: 2 });

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof s.caller.customers.duplicates>> =
        await s.caller.customers.duplicates({
          businessId: s.businessId,
          limit: 1,
          cursor,
        });
      expect(page.groups.length).toBeLessThanOrEqual(1);
      seen.push(...page.groups.map((g) => g.reason));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(["phone", "email", "name"]);
  });

  it("merges: chosen values, tags and custom fields united, notes/tasks/timeline moved, merged ones deleted", async () => {
    const s = await setup();
    await db.insert(customFields).values([
      { businessId: s.businessId, key: "score", label: "Score", type: "number" },
      { businessId: s.businessId, key: "city2", label: "City 2", type: "text" },
    ]);
    const survivor = await s.create({
      name: "Ravi Sharma",
      email: "ravi@old.example",
      tags: ["vip"],
      customFields: { score: 1 },
    });
    const dup1 = await s.create({
      name: "Ravi S.",
      email: "ravi@new.example",
      phone: "9876543210",
      tags: ["VIP", "diwali"],
      customFields: { score: 9, city2: "Pune" },
    });
    const dup2 = await s.create({ name: "R Sharma", company: "Acme", tags: ["wholesale"] });
    await db.insert(notes).values({ businessId: s.businessId, customerId: dup1.id, body: "<p>called</p>" });
    await db.insert(tasks).values({ businessId: s.businessId, customerId: dup2.id, title: "Follow up" });

    const merged = await s.caller.customers.merge({
      businessId: s.businessId,
      survivorId: survivor.id,
      mergedIds: [dup1.id, dup2.id],
      fields: { email: dup1.id },
    });
    expect(merged).toMatchObject({
      id: survivor.id,
      name: "Ravi Sharma",
      email: "ravi@new.example",
      phone: "+919876543210", // the survivor had none: taken from the first that has one
      company: "Acme",
      tags: ["vip", "diwali", "wholesale"],
      customFields: { score: 1, city2: "Pune" },
    });
    expect((await rowOf(survivor.id)).phoneDigits).toBe("919876543210 9876543210");
    const left = await db
      .select({ id: customers.id })
      .from(customers)
      .where(eq(customers.businessId, s.businessId));
    expect(left.map((r) => r.id)).toEqual([survivor.id]);
    expect(await db.select().from(notes).where(eq(notes.customerId, survivor.id))).toHaveLength(1);
    expect(await db.select().from(tasks).where(eq(tasks.customerId, survivor.id))).toHaveLength(1);
    const timeline = await timelineOf(s, survivor.id);
    expect(timeline[0]!.type).toBe("merged");
    expect(timeline[0]!.data).toMatchObject({
      merged: [
        { id: dup1.id, name: "Ravi S." },
        { id: dup2.id, name: "R Sharma" },
      ],
    });
    expect(timeline.filter((t) => t.type === "created")).toHaveLength(3);

    // A chosen custom value wins over the survivor's.
    const again = await s.create({ name: "Ravi again", customFields: { score: 4 } });
    const merged2 = await s.caller.customers.merge({
      businessId: s.businessId,
      survivorId: survivor.id,
      mergedIds: [again.id],
      fields: { "customFields.score": again.id },
    });
    expect(merged2.customFields).toEqual({ score: 4, city2: "Pune" });
  });

  it("refuses a survivor among the merged, sources outside the merge and unknown fields", async () => {
    const s = await setup();
    const a = await s.create({ name: "A" });
    const b = await s.create({ name: "B" });
    await expectTRPCError(
      s.caller.customers.merge({ businessId: s.businessId, survivorId: a.id, mergedIds: [a.id, b.id] }),
      "BAD_REQUEST",
    );
    await expectTRPCError(
      s.caller.customers.merge({
        businessId: s.businessId,
        survivorId: a.id,
        mergedIds: [b.id],
        fields: { email: randomUUID() },
      }),
      "BAD_REQUEST",
      { fieldErrors: { "fields.email": expect.any(String) } },
    );
    await expectTRPCError(
      s.caller.customers.merge({
        businessId: s.businessId,
        survivorId: a.id,
        mergedIds: [b.id],
        fields: { tags: b.id },
      }),
      "BAD_REQUEST",
    );
    await expectTRPCError(
      s.caller.customers.merge({ businessId: s.businessId, survivorId: a.id, mergedIds: [randomUUID()] }),
      "NOT_FOUND",
    );
    expect(await s.names()).toEqual(["A", "B"]);
  });
});

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  return Buffer.from(await new Response(stream).arrayBuffer());
}

/** A small RFC 4180 reader for the tests (quotes, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += ch;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}

describe("export", () => {
  it("streams CSV with formula cells neutralised, in keyset batches across more than 2,000 rows", async () => {
    const s = await setup();
    await s.create({
      name: '=HYPERLINK("http://evil")',
      email: "eve@example.com",
      phone: "9876543210",
      tags: ["@risk", "vip"],
      company: "-5",
      city: 'Pune, "West"',
    });
    await db.insert(customers).values(
      Array.from({ length: 2_100 }, (_, i) => ({
        businessId: s.businessId,
        name: `Bulk ${i}`,
        tags: ["bulk"],
      })),
    );
    const file = await exportCustomers(db, s.businessId, { filter: {} }, { format: "csv" });
    expect(file.contentType).toMatch(/text\/csv/);
    expect(file.fileName).toMatch(/^customers-.*\.csv$/);
    const text = (await readAll(file.stream)).toString("utf8");
    expect(text.startsWith("\uFEFF")).toBe(true);
    const rows = parseCsv(text.slice(1));
    expect(rows[0]!.slice(0, 4)).toEqual(["Name", "Email", "Phone", "WhatsApp"]);
    expect(rows).toHaveLength(1 + 2_101);
    const evil = rows.find((r) => r[1] === "eve@example.com")!;
    const header = rows[0]!;
    const col = (name: string) => evil[header.indexOf(name)];
    expect(col("Name")).toBe('\'=HYPERLINK("http://evil")');
    expect(col("Phone")).toBe("'+919876543210");
    expect(col("Company")).toBe("'-5");
    expect(col("Tags")).toBe("'@risk, vip");
    expect(col("City")).toBe('Pune, "West"');
    expect(new Set(rows.slice(1).map((r) => r[0])).size).toBe(2_101);

    // The same filter as the list: only tagged rows, chosen columns.
    const filtered = await exportCustomers(
      db,
      s.businessId,
      { filter: { tags: { any: ["vip"] } } },
      { format: "csv", columns: ["name", "tags", "id"] },
    );
    const frows = parseCsv((await readAll(filtered.stream)).toString("utf8").slice(1));
    expect(frows).toHaveLength(2);
    expect(frows[0]).toEqual(["Name", "Tags", "ID"]);
  });

  it("streams XLSX that exceljs reads back, with custom field columns", async () => {
    const s = await setup();
    await db.insert(customFields).values([
      { businessId: s.businessId, key: "spend", label: "Spend", type: "currency" },
      {
        businessId: s.businessId,
        key: "interests",
        label: "Interests",
        type: "multi_select",
        options: ["Yoga", "Spa"],
      },
    ]);
    await s.create({
      name: "Asha",
      phone: "9876543210",
      customFields: { spend: "1,234.50", interests: ["Yoga", "Spa"] },
    });
    await s.create({ name: "+Plus Formula" });
    const file = await exportCustomers(
      db,
      s.businessId,
      { sort: { field: "name", direction: "asc" } },
      { format: "xlsx", columns: ["name", "phone", "custom:spend", "custom:interests"] },
    );
    const buffer = await readAll(file.stream);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    const values = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
    expect(values(1)).toEqual(["Name", "Phone", "Spend", "Interests"]);
    expect(values(2)).toEqual(["'+Plus Formula"]);
    expect(values(3)).toEqual(["Asha", "'+919876543210", "1234.50", "Yoga, Spa"]);
    expect(sheet.rowCount).toBe(3);
  });

  it("streams a JSON backup of the business", async () => {
    const s = await setup();
    await db
      .insert(customFields)
      .values({ businessId: s.businessId, key: "score", label: "Score", type: "number" });
    const a = await s.create({ name: "Asha", tags: ["vip"], customFields: { score: 3 } });
    const b = await s.create({ name: "Bala" });
    await s.caller.customers.delete({ businessId: s.businessId, customerId: b.id });
    await db.insert(notes).values({ businessId: s.businessId, customerId: a.id, body: "<p>hello</p>" });
    await db.insert(tasks).values([
      { businessId: s.businessId, customerId: a.id, title: "Call" },
      { businessId: s.businessId, title: "General" },
    ]);
    const file = await exportBusinessJson(db, s.businessId);
    const backup = JSON.parse((await readAll(file.stream)).toString("utf8"));
    expect(backup).toMatchObject({ format: "mini-crm-backup", version: 1, business: { id: s.businessId } });
    expect(backup.customFields.map((f: { key: string }) => f.key)).toEqual(["score"]);
    expect(backup.customers.map((c: { name: string }) => c.name).sort()).toEqual(["Asha", "Bala"]);
    expect(backup.notes).toHaveLength(1);
    expect(backup.tasks.map((t: { title: string }) => t.title).sort()).toEqual(["Call", "General"]);
    expect(backup.activities.length).toBe(3); // created ×2, deleted
  });
});

describe("REST API v1", () => {
  async function restSetup() {
    const s = await setup();
    const key = await createApiKeyFor(db, s.business);
    const call = (handler: (r: Request) => Promise<Response>, method: string, path: string, body?: unknown) =>
      handler(
        new Request(`http://localhost:3000/api/v1${path}`, {
          method,
          headers: {
            authorization: `Bearer ${key.key}`,
            ...(body ? { "content-type": "application/json" } : {}),
          },
          body: body ? JSON.stringify(body) : undefined,
        }),
      );
    return { ...s, key, call };
  }

  it("creates, lists with search/tag/cursor/total, gets, patches and deletes", async () => {
    const r = await restSetup();
    const created = await r.call(restPOST, "POST", "/customers", {
      name: "Ravi Sharma",
      phone: "98765 43210",
      email: "ravi@example.com",
      tags: ["vip"],
    });
    expect(created.status).toBe(200);
    const ravi = (await created.json()) as Record<string, unknown>;
    expect(ravi).toMatchObject({
      id: expect.any(String),
      name: "Ravi Sharma",
      email: "ravi@example.com",
      phone: "+919876543210",
      whatsapp: null,
      tags: ["vip"],
      lifecycleStage: "lead",
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
    for (let i = 0; i < 3; i++) await r.create({ name: `Other ${i}`, tags: i === 0 ? ["vip", "gold"] : [] });

    const bad = await r.call(restPOST, "POST", "/customers", { name: "X", phone: "123" });
    expect(bad.status).toBe(400);

    const search = await r.call(restGET, "GET", "/customers?search=98765");
    expect(search.status).toBe(200);
    const body = (await search.json()) as {
      data: Array<{ id: string }>;
      nextCursor: string | null;
      total: number;
    };
    expect(body).toMatchObject({ total: 1, nextCursor: null });
    expect(body.data.map((c) => c.id)).toEqual([ravi.id]);

    const tagged = (await (await r.call(restGET, "GET", "/customers?tag=vip")).json()) as { total: number };
    expect(tagged.total).toBe(2);
    const both = (await (await r.call(restGET, "GET", "/customers?tag=vip,gold")).json()) as {
      total: number;
    };
    expect(both.total).toBe(1);

    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const res: Response = await r.call(
        restGET,
        "GET",
        `/customers?limit=3${cursor ? `&cursor=${cursor}` : ""}`,
      );
      const page = (await res.json()) as {
        data: Array<{ id: string }>;
        nextCursor: string | null;
        total: number;
      };
      expect(page.total).toBe(4);
      ids.push(...page.data.map((c) => c.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(ids).size).toBe(4);

    const got = await r.call(restGET, "GET", `/customers/${ravi.id}`);
    expect(got.status).toBe(200);
    expect(await got.json()).toMatchObject({ id: ravi.id, name: "Ravi Sharma" });

    const patched = await r.call(restPATCH, "PATCH", `/customers/${ravi.id}`, {
      company: "Acme",
      whatsapp: "9812345678",
    });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({
      id: ravi.id,
      company: "Acme",
      whatsapp: "+919812345678",
      name: "Ravi Sharma",
    });

    const deleted = await r.call(restDELETE, "DELETE", `/customers/${ravi.id}`);
    expect(deleted.status).toBe(200);
    expect(await deleted.json()).toMatchObject({ id: ravi.id, deletedAt: expect.any(String) });
    expect(((await (await r.call(restGET, "GET", "/customers")).json()) as { total: number }).total).toBe(3);
    expect((await r.call(restDELETE, "DELETE", `/customers/${ravi.id}`)).status).toBe(404);
  });

  it("answers 404 for another business's customer and 401 without a key", async () => {
    const r = await restSetup();
    const other = await setup();
    const theirs = await other.create({ name: "Not yours" });
    expect((await r.call(restGET, "GET", `/customers/${theirs.id}`)).status).toBe(404);
    expect((await r.call(restPATCH, "PATCH", `/customers/${theirs.id}`, { name: "Mine" })).status).toBe(404);
    expect((await r.call(restDELETE, "DELETE", `/customers/${theirs.id}`)).status).toBe(404);
    expect((await rowOf(theirs.id)).name).toBe("Not yours");
    const anonymous = await restGET(new Request("http://localhost:3000/api/v1/customers"));
    expect(anonymous.status).toBe(401);
  });

  it("answers the list exactly as its documented schema says (checked here, not on every request)", async () => {
    const r = await restSetup();
    await r.create({
      name: "Ravi Sharma",
      phone: "9876543210",
      email: "ravi@example.com",
      company: "Acme",
      tags: ["vip"],
      dateOfBirth: "1990-04-12",
      consent: { email: { granted: true, source: "import" } },
    });
    await r.create({ name: "Meera" });
    for (const input of [{}, { search: "ravi" }, { tag: "vip" }, { limit: 1 }]) {
      const page = await r.caller.customers.apiList({ businessId: r.businessId, ...input });
      expect(page.data.length).toBeGreaterThan(0);
      // Parsing strips unknown keys and fails on a wrong type: equal means valid with nothing extra.
      expect(customerPageOutput.parse(page)).toStrictEqual(page);
      for (const row of page.data) {
        expect(row).not.toHaveProperty("businessId");
        expect(row).not.toHaveProperty("phoneDigits");
        // Timestamps are the text JSON gives a Date, on the first page (made by Postgres) as on the others.
        for (const at of [row.createdAt, row.updatedAt, row.lastActivityAt])
          expect(new Date(at).toISOString()).toBe(at);
      }
    }
  });

  it("exports CSV and XLSX at /api/v1/customers/export with the list's filters", async () => {
    const r = await restSetup();
    await r.create({ name: "Ravi Sharma", phone: "9876543210", tags: ["vip"] });
    await r.create({ name: "Other", tags: [] });
    const csv = await r.call(exportGET, "GET", "/customers/export?format=csv&tag=vip");
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/text\/csv/);
    expect(csv.headers.get("content-disposition")).toMatch(/attachment; filename="customers-.*\.csv"/);
    const rows = parseCsv((await csv.text()).replace(/^\uFEFF/, ""));
    expect(rows).toHaveLength(2);
    expect(rows[1]!.slice(0, 3)).toEqual(["Ravi Sharma", "", "'+919876543210"]);

    const filter = encodeURIComponent(JSON.stringify({ search: "other" }));
    const xlsx = await r.call(
      exportGET,
      "GET",
      `/customers/export?format=xlsx&filter=${filter}&columns=name,tags`,
    );
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await xlsx.arrayBuffer()) as ArrayBuffer);
    expect((wb.worksheets[0]!.getRow(2).values as unknown[]).slice(1)).toEqual(["Other"]);

    expect((await r.call(exportGET, "GET", "/customers/export?format=pdf")).status).toBe(422);
    expect((await r.call(exportGET, "GET", "/customers/export?filter=%7Bnope")).status).toBe(422);
    expect((await exportGET(new Request("http://localhost:3000/api/v1/customers/export"))).status).toBe(401);
  });

  it("documents the customers endpoints in openapi.json", async () => {
    const doc = (await openApiGET(new Request("http://localhost:3000/api/v1/openapi.json")).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    expect(Object.keys(doc.paths["/customers"]!).sort()).toEqual(["get", "post"]);
    expect(Object.keys(doc.paths["/customers/{customerId}"]!).sort()).toEqual(["delete", "get", "patch"]);
  });
});

describe("tenancy", () => {
  it("another business's customer ids are NOT_FOUND everywhere", async () => {
    const a = await setup();
    const b = await setup();
    const theirs = await b.create({ name: "B's customer", tags: ["x"] });
    const mine = await a.create({ name: "A's customer" });
    const businessId = a.businessId;
    const customerId = theirs.id;
    await expectTRPCError(a.caller.customers.get({ businessId, customerId }), "NOT_FOUND");
    await expectTRPCError(a.caller.customers.update({ businessId, customerId, name: "Mine" }), "NOT_FOUND");
    await expectTRPCError(a.caller.customers.delete({ businessId, customerId }), "NOT_FOUND");
    await expectTRPCError(a.caller.customers.restore({ businessId, customerId }), "NOT_FOUND");
    await expectTRPCError(a.caller.customers.timeline({ businessId, customerId }), "NOT_FOUND");
    await expectTRPCError(
      a.caller.customers.bulk({
        businessId,
        customerIds: [mine.id, customerId],
        action: { type: "addTags", tags: ["y"] },
      }),
      "NOT_FOUND",
    );
    await expectTRPCError(
      a.caller.customers.bulkDelete({ businessId, customerIds: [customerId] }),
      "NOT_FOUND",
    );
    await expectTRPCError(
      a.caller.customers.merge({ businessId, survivorId: mine.id, mergedIds: [customerId] }),
      "NOT_FOUND",
    );
    await expectTRPCError(
      a.caller.customers.merge({ businessId, survivorId: customerId, mergedIds: [mine.id] }),
      "NOT_FOUND",
    );
    // "All matching" never reaches another business.
    const r = await a.caller.customers.bulk({
      businessId,
      filter: { tags: { any: ["x"] } },
      action: { type: "addTags", tags: ["z"] },
    });
    expect(r.affected).toBe(0);
    expect((await rowOf(theirs.id)).tags).toEqual(["x"]);
    expect((await rowOf(mine.id)).tags).toEqual([]);
    expect(await a.names()).toEqual(["A's customer"]);
  });

  it("a member cannot delete or merge; a member can create and bulk-tag", async () => {
    const s = await setup();
    const { user } = await addMember(db, s.business, "member");
    const asMember = callerFor(db, user);
    const c = await asMember.customers.create({ businessId: s.businessId, name: "By member" });
    expect(
      (
        await asMember.customers.bulk({
          businessId: s.businessId,
          customerIds: [c.id],
          action: { type: "addTags", tags: ["t"] },
        })
      ).affected,
    ).toBe(1);
    await expectTRPCError(
      asMember.customers.delete({ businessId: s.businessId, customerId: c.id }),
      "FORBIDDEN",
    );
    await expectTRPCError(
      asMember.customers.bulkDelete({ businessId: s.businessId, customerIds: [c.id] }),
      "FORBIDDEN",
    );
  });
});
