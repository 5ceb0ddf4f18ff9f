import { and, eq, isNull } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { customers, tasks } from "@/db/schema";
import { lifecycleStages, taskStatuses } from "@/db/schema/enum-values";
import { type CustomerFilter, customerFilterInput } from "@/server/domain/customers";
import { filterAsRules } from "@/server/domain/filter-rules";
import {
  parseSegmentRules,
  type SegmentCustomField,
  type SegmentNode,
  type SegmentRules,
} from "@/server/domain/segments";
import { buildCustomerWhere } from "@/server/services/customers";
import { segmentWhere } from "@/server/services/customers/segment-where";
import { testDb } from "../helpers/db";
import { createBusiness, createUser } from "../helpers/factories";
import { type EvalCustomer, evaluateSegment } from "../helpers/segment-eval";

let db: Db;
beforeAll(async () => {
  db = (await testDb()).db;
});

const timeZone = "Asia/Kolkata";
// 10 March 2026, 11:30 in Kolkata: "today" is the 10th there.
const now = new Date("2026-03-10T06:00:00Z");
const DAY = 86_400_000;
const customFields: SegmentCustomField[] = [
  { key: "plan", type: "single_select" },
  { key: "visits", type: "number" },
  { key: "renewal", type: "date" },
  { key: "vip", type: "boolean" },
  { key: "langs", type: "multi_select" },
  { key: "note", type: "text" },
];
const ctx = { timeZone, now, customFields };

const iso = (d: Date) => d.toISOString().slice(0, 10);
const nearDay = fc.integer({ min: -70, max: 40 }).map((n) => iso(new Date(now.getTime() + n * DAY)));
const birthDate = fc
  .record({
    y: fc.integer({ min: 1975, max: 2005 }),
    m: fc.integer({ min: 1, max: 12 }),
    d: fc.integer({ min: 1, max: 28 }),
  })
  .map(({ y, m, d }) => `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`);
const tagNames = ["vip", "new", "wholesale"];
const langs = ["hi", "en", "ta"];

function customerArb(ownerIds: string[]): fc.Arbitrary<EvalCustomer> {
  const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });
  return fc.record({
    name: fc.constantFrom("Asha Rao", "asha rao", "Ravi Kumar", "Meera", "O'Brien 50%_x"),
    email: maybe(fc.constantFrom("a@x.com", "A@X.com", "b@y.org")),
    phone: maybe(fc.constantFrom("+919491883981", "+14155550123")),
    whatsapp: maybe(fc.constantFrom("+919491883981", "+447700900123")),
    company: maybe(fc.constantFrom("", "Acme", "acme", "Zed")),
    city: maybe(fc.constantFrom("Pune", "pune", "Mumbai")),
    country: maybe(fc.constantFrom("IN", "US")),
    source: maybe(fc.constantFrom("Walk-in", "Instagram")),
    tags: fc.subarray(tagNames),
    lifecycleStage: fc.constantFrom(...lifecycleStages),
    ownerId: maybe(fc.constantFrom(...ownerIds)),
    createdAt: fc.integer({ min: -60 * 24, max: 0 }).map((h) => new Date(now.getTime() + h * 3_600_000)),
    lastActivityAt: fc.integer({ min: -60 * 24, max: 0 }).map((h) => new Date(now.getTime() + h * 3_600_000)),
    dateOfBirth: maybe(birthDate),
    anniversary: maybe(birthDate),
    emailConsent: maybe(fc.boolean()),
    whatsappConsent: maybe(fc.boolean()),
    smsConsent: maybe(fc.boolean()),
    customFields: fc.record(
      {
        plan: fc.constantFrom("gold", "silver", ""),
        visits: fc.oneof(fc.integer({ min: 0, max: 20 }), fc.constant("5")),
        renewal: fc.oneof(nearDay, fc.constant("soon")),
        vip: fc.boolean(),
        langs: fc.subarray(langs),
        note: fc.constantFrom("Prefers mornings", "call after 5", ""),
      },
      { requiredKeys: [], noNullPrototype: true },
    ),
    totalSpent: fc.constantFrom(0, 50_000, 177_000, 1_000_000),
    ordersCount: fc.integer({ min: 0, max: 5 }),
    firstPurchaseOn: maybe(nearDay),
    lastPurchaseOn: maybe(nearDay),
    tasks: fc.array(
      fc.record({
        status: fc.constantFrom(...taskStatuses),
        dueAt: maybe(fc.integer({ min: -72, max: 72 }).map((h) => new Date(now.getTime() + h * 3_600_000))),
      }),
      { maxLength: 2 },
    ),
  });
}

function conditionArb(ownerIds: string[]): fc.Arbitrary<SegmentNode> {
  const c = (field: string, op: string, value?: fc.Arbitrary<unknown>) =>
    value
      ? value.map((v) => ({ field, op, value: v }) as SegmentNode)
      : fc.constant({ field, op } as SegmentNode);
  const pick = <T>(...xs: T[]) => fc.constantFrom(...xs);
  const some = <T>(xs: T[]) => fc.subarray(xs, { minLength: 1 });
  const ordered = <T>(a: fc.Arbitrary<T>) => fc.tuple(a, a).map(([x, y]) => (x <= y ? [x, y] : [y, x]));
  const textConds = (field: string, values: string[]) =>
    fc.oneof(
      ...["eq", "neq", "contains", "not_contains"].map((op) => c(field, op, pick(...values))),
      ...["in", "not_in"].map((op) => c(field, op, some(values))),
      c(field, "is_empty"),
      c(field, "is_not_empty"),
    );
  const rangeConds = (field: string, value: fc.Arbitrary<string | number>) =>
    fc.oneof(
      ...["eq", "neq", "gt", "gte", "lt", "lte"].map((op) => c(field, op, value)),
      c(field, "between", ordered(value)),
      c(field, "is_empty"),
      c(field, "is_not_empty"),
    );
  const instantValue = fc.oneof(
    nearDay,
    fc
      .integer({ min: -60 * 24, max: 0 })
      .map((h) => new Date(now.getTime() + h * 3_600_000 + 90_000).toISOString()),
  );
  const instantConds = (field: string) =>
    fc.oneof(
      ...["gt", "gte", "lt", "lte"].map((op) => c(field, op, instantValue)),
      c(field, "between", ordered(nearDay)),
      c(field, "in_last_days", fc.integer({ min: 0, max: 70 })),
      c(field, "not_in_last_days", fc.integer({ min: 0, max: 70 })),
    );
  const month = fc.oneof(fc.integer({ min: 1, max: 12 }), fc.constant("current" as const));
  const states = ["granted", "denied", "unknown"];
  return fc.oneof(
    textConds("name", ["asha", "Asha Rao", "RAO", "%", "_x", "o'brien", "'; drop table customers; --"]),
    textConds("email", ["a@x.com", "x.com", "B@Y.ORG"]),
    textConds("phone", ["+91 94918 83981", "9491883981", "415", "x"]),
    textConds("whatsapp", ["+91 94918 83981", "7700", "+44 7700 900123"]),
    textConds("company", ["acme", "Zed", "cm"]),
    textConds("city", ["pune", "Mumbai"]),
    textConds("country", ["in", "US"]),
    textConds("source", ["walk-in", "Insta"]),
    fc.oneof(
      ...["has_any", "has_all", "has_none"].map((op) => c("tags", op, some([...tagNames, "gone"]))),
      c("tags", "is_empty"),
      c("tags", "is_not_empty"),
    ),
    fc.oneof(
      ...["eq", "neq"].map((op) => c("lifecycleStage", op, pick(...lifecycleStages))),
      ...["in", "not_in"].map((op) => c("lifecycleStage", op, some([...lifecycleStages]))),
    ),
    fc.oneof(
      ...["eq", "neq"].map((op) => c("ownerId", op, pick(...ownerIds))),
      ...["in", "not_in"].map((op) => c("ownerId", op, some(ownerIds))),
      c("ownerId", "is_empty"),
      c("ownerId", "is_not_empty"),
    ),
    instantConds("createdAt"),
    instantConds("lastActivityAt"),
    ...["dateOfBirth", "anniversary"].map((field) =>
      fc.oneof(
        rangeConds(field, birthDate),
        c(field, "month_is", month),
        c(field, "in_next_days", fc.integer({ min: 0, max: 400 })),
      ),
    ),
    ...["consent.email", "consent.whatsapp", "consent.sms"].map((field) =>
      fc.oneof(
        ...["eq", "neq"].map((op) => c(field, op, pick(...states))),
        ...["in", "not_in"].map((op) => c(field, op, some(states))),
      ),
    ),
    c("tasks.open", "eq", fc.boolean()),
    rangeConds("totalSpent", fc.constantFrom(0, 50_000, 177_000, 500_000)),
    fc.oneof(
      rangeConds("ordersCount", fc.integer({ min: 0, max: 5 })),
      ...["in", "not_in"].map((op) => c("ordersCount", op, some([0, 1, 3]))),
    ),
    ...["firstPurchaseOn", "lastPurchaseOn"].map((field) =>
      fc.oneof(
        rangeConds(field, nearDay),
        c(field, "month_is", month),
        ...["in_last_days", "not_in_last_days", "in_next_days"].map((op) =>
          c(field, op, fc.integer({ min: 0, max: 60 })),
        ),
      ),
    ),
    c("tasks.overdue", "eq", fc.boolean()),
    fc.oneof(
      ...["eq", "neq"].map((op) => c("custom.plan", op, pick("gold", "silver", "bronze"))),
      ...["in", "not_in"].map((op) => c("custom.plan", op, some(["gold", "silver", "bronze"]))),
      c("custom.plan", "is_empty"),
      c("custom.plan", "is_not_empty"),
    ),
    fc.oneof(
      rangeConds("custom.visits", fc.integer({ min: 0, max: 20 })),
      ...["in", "not_in"].map((op) => c("custom.visits", op, some([0, 5, 10, 15]))),
    ),
    fc.oneof(
      rangeConds("custom.renewal", nearDay),
      c("custom.renewal", "month_is", month),
      ...["in_last_days", "not_in_last_days", "in_next_days"].map((op) =>
        c("custom.renewal", op, fc.integer({ min: 0, max: 60 })),
      ),
    ),
    fc.oneof(
      ...["eq", "neq"].map((op) => c("custom.vip", op, fc.boolean())),
      c("custom.vip", "is_empty"),
      c("custom.vip", "is_not_empty"),
    ),
    fc.oneof(
      ...["has_any", "has_all", "has_none"].map((op) => c("custom.langs", op, some(langs))),
      c("custom.langs", "is_empty"),
      c("custom.langs", "is_not_empty"),
    ),
    textConds("custom.note", ["mornings", "CALL AFTER 5", "5"]),
  );
}

function rulesArb(ownerIds: string[]): fc.Arbitrary<SegmentRules> {
  const { group } = fc.letrec<{ group: SegmentRules; node: SegmentNode }>((tie) => ({
    group: fc.record({
      match: fc.constantFrom("all" as const, "any" as const),
      conditions: fc.array(tie("node"), { minLength: 1, maxLength: 4 }),
    }),
    node: fc.oneof(
      { depthSize: "small", maxDepth: 4, withCrossShrink: true },
      conditionArb(ownerIds),
      tie("group"),
    ),
  }));
  return group;
}

async function population(n: number) {
  const owner = await createUser(db);
  const other = await createUser(db);
  const business = await createBusiness(db, { owner, timeZone });
  const ownerIds = [owner.id, other.id];
  const people = fc.sample(customerArb(ownerIds), { numRuns: n, seed: 20260310 });
  const md = (d: string | null) => (d ? Number(d.slice(5, 7)) * 100 + Number(d.slice(8, 10)) : null);
  const rows = await db
    .insert(customers)
    .values(
      people.map(({ tasks: _, ...p }) => ({
        ...p,
        businessId: business.id,
        lifecycleStage: p.lifecycleStage as (typeof lifecycleStages)[number],
        birthdayMd: md(p.dateOfBirth),
        anniversaryMd: md(p.anniversary),
        customFields: { ...p.customFields } as Record<string, string | number | boolean | string[]>,
      })),
    )
    .returning({ id: customers.id });
  const taskRows = people.flatMap((p, i) =>
    (p.tasks ?? []).map((t) => ({
      businessId: business.id,
      customerId: rows[i]!.id,
      title: "Call back",
      status: t.status as (typeof taskStatuses)[number],
      dueAt: t.dueAt,
    })),
  );
  if (taskRows.length) await db.insert(tasks).values(taskRows);
  return { business, ownerIds, people: people.map((p, i) => ({ ...p, id: rows[i]!.id })) };
}

describe("segment rules", () => {
  it("select exactly the customers an in-memory reading of the same rules selects", async () => {
    const { business, ownerIds, people } = await population(160);
    await fc.assert(
      fc.asyncProperty(rulesArb(ownerIds), async (raw) => {
        const parsed = parseSegmentRules(raw, customFields);
        expect(parsed.errors).toBeUndefined();
        const rules = parsed.rules!;
        const rows = await db
          .select({ id: customers.id })
          .from(customers)
          .where(
            and(eq(customers.businessId, business.id), isNull(customers.deletedAt), segmentWhere(rules, ctx)),
          );
        const expected = people.filter((p) => evaluateSegment(rules, p, ctx)).map((p) => p.id);
        expect(rows.map((r) => r.id).sort()).toEqual(expected.sort());
      }),
      { numRuns: 250, seed: 7 },
    );
  }, 120_000);

  it("names the path of each mistake", () => {
    const result = parseSegmentRules(
      {
        match: "all",
        conditions: [
          { field: "tags", op: "has_any", value: ["vip"] },
          {
            match: "any",
            conditions: [
              { field: "createdAt", op: "contains", value: "x" },
              { field: "custom.missing", op: "eq", value: 1 },
              { field: "lifecycleStage", op: "eq", value: "royalty" },
              { field: "custom.visits", op: "between", value: [10, 2] },
            ],
          },
          { field: "shoeSize", op: "eq", value: 9 },
          { field: "tags", op: "has_any" },
        ],
      },
      customFields,
    );
    expect(result.errors).toEqual({
      "conditions[1].conditions[0].op": expect.stringContaining('"contains" does not apply to createdAt'),
      "conditions[1].conditions[1].field": 'This business has no custom field "missing".',
      "conditions[1].conditions[2].value": expect.any(String),
      "conditions[1].conditions[3].value": "The range ends before it starts.",
      "conditions[2].field": 'Unknown field "shoeSize".',
      "conditions[3].value": '"has_any" needs a value.',
    });
  });

  it("refuses rules nested too deep or too large, and anything that is not rules", () => {
    let deep: unknown = { field: "name", op: "is_empty" };
    for (let i = 0; i < 50; i++) deep = { match: "all", conditions: [deep] };
    expect(Object.values(parseSegmentRules(deep, []).errors ?? {})[0]).toMatch(/at most 5 levels/);
    const wide = {
      match: "any",
      conditions: Array.from({ length: 1000 }, () => ({ field: "name", op: "is_empty" })),
    };
    expect(parseSegmentRules(wide, []).errors).toEqual({
      "conditions[200]": "A segment holds at most 200 conditions and groups.",
    });
    for (const junk of [null, 7, "all", [], { match: "most", conditions: [] }, { conditions: "x" }]) {
      expect(parseSegmentRules(junk, []).errors).toBeDefined();
    }
    // An empty top-level group is every customer; hostile strings are values, never SQL.
    expect(parseSegmentRules({ match: "all", conditions: [] }, []).rules).toEqual({
      match: "all",
      conditions: [],
    });
    const nul = parseSegmentRules({ conditions: [{ field: "name", op: "contains", value: "a\u0000b" }] }, []);
    expect(nul.errors).toEqual({ "conditions[0].value": "Text cannot contain NUL characters." });
  });

  it("compiles the customers list's filter as the one-group case of the same rules", async () => {
    const { business, ownerIds, people } = await population(160);
    const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
    const someOf = <T>(values: T[]) => fc.subarray(values, { minLength: 1 });
    const range = fc
      .record({ from: maybe(nearDay), to: maybe(nearDay) })
      .map((r) => (r.from && r.to && r.from > r.to ? { from: r.to, to: r.from } : r));
    const window = fc.oneof(
      fc.constant({ within: "this_month" as const, days: 7 }),
      fc.integer({ min: 0, max: 60 }).map((days) => ({ within: "next_days" as const, days })),
    );
    const consent = maybe(fc.constantFrom("granted" as const, "denied" as const, "unknown" as const));
    const customCondition = fc.constantFrom<NonNullable<CustomerFilter["customFields"]>[number]>(
      { key: "plan", op: "equals", value: "gold" },
      { key: "plan", op: "anyOf", values: ["gold", "silver"] },
      { key: "plan", op: "isEmpty" },
      { key: "visits", op: "equals", value: 5 },
      { key: "visits", op: "anyOf", values: [3, 5, 8] },
      { key: "visits", op: "between", from: 4, to: 12 },
      { key: "visits", op: "between", to: 6 },
      { key: "renewal", op: "between", from: iso(now), to: iso(new Date(now.getTime() + 30 * DAY)) },
      { key: "vip", op: "equals", value: true },
      { key: "langs", op: "equals", value: "hi" },
      { key: "langs", op: "anyOf", values: ["en", "ta"] },
      { key: "langs", op: "isSet" },
      { key: "note", op: "contains", value: "MORN" },
    );
    const parts = fc.record({
      tags: fc.record(
        { any: someOf(tagNames), all: someOf(tagNames), none: someOf(tagNames) },
        { requiredKeys: [] },
      ),
      sources: someOf(["Walk-in", "instagram", "Referral"]),
      lifecycleStages: someOf([...lifecycleStages]),
      ownerIds: someOf(ownerIds),
      unassigned: fc.boolean(),
      hasEmail: fc.boolean(),
      hasPhone: fc.boolean(),
      hasWhatsapp: fc.boolean(),
      consent: fc.record({ email: consent, whatsapp: consent, sms: consent }),
      birthday: window,
      anniversary: window,
      created: range,
      lastActivity: range,
      customFields: fc.array(customCondition, { minLength: 1, maxLength: 2 }),
    });
    // One to three of the sheet's conditions at a time, so most filters match someone.
    const filterArb = fc
      .tuple(parts, fc.shuffledSubarray(Object.keys(parts) as never[], { minLength: 1, maxLength: 3 }))
      .map(([all, keys]) => Object.fromEntries(keys.map((k) => [k, all[k]])));
    let matched = 0;
    await fc.assert(
      fc.asyncProperty(filterArb, async (raw) => {
        const filter = customerFilterInput.parse(raw);
        const converted = filterAsRules(filter, customFields);
        expect(converted.errors).toBeUndefined();
        // What the list compiles is rules the public API accepts as they are.
        expect(parseSegmentRules(converted.rules, customFields).errors).toBeUndefined();
        const rows = await db
          .select({ id: customers.id })
          .from(customers)
          .where(buildCustomerWhere(business.id, filter, ctx));
        const expected = people.filter((p) => evaluateSegment(converted.rules!, p, ctx)).map((p) => p.id);
        expect(rows.map((r) => r.id).sort()).toEqual(expected.sort());
        if (rows.length) matched += 1;
      }),
      { numRuns: 200, seed: 11 },
    );
    expect(matched).toBeGreaterThan(60);
  }, 120_000);

  it("turns each list filter into its rule, and names a custom field condition that does not fit", () => {
    const filter = customerFilterInput.parse({
      tags: { any: ["vip"], none: ["blocked"] },
      sources: ["Instagram"],
      ownerIds: ["u1"],
      unassigned: true,
      hasWhatsapp: true,
      consent: { whatsapp: "granted" },
      birthday: { within: "next_days", days: 30 },
      created: { from: "2026-01-01" },
      customFields: [{ key: "langs", op: "equals", value: "hi" }],
    });
    expect(filterAsRules(filter, customFields).rules).toEqual({
      match: "all",
      conditions: [
        { field: "tags", op: "has_any", value: ["vip"] },
        { field: "tags", op: "has_none", value: ["blocked"] },
        { field: "source", op: "in", value: ["Instagram"] },
        {
          match: "any",
          conditions: [
            { field: "ownerId", op: "in", value: ["u1"] },
            { field: "ownerId", op: "is_empty" },
          ],
        },
        { field: "whatsapp", op: "is_not_empty" },
        { field: "consent.whatsapp", op: "eq", value: "granted" },
        { field: "dateOfBirth", op: "in_next_days", value: 30 },
        { field: "createdAt", op: "gte", value: "2026-01-01" },
        { field: "custom.langs", op: "has_any", value: ["hi"] },
      ],
    });
    expect(filterAsRules(customerFilterInput.parse({}), customFields).rules).toEqual({
      match: "all",
      conditions: [],
    });
    const wrong = customerFilterInput.parse({
      customFields: [
        { key: "gone", op: "isSet" },
        { key: "visits", op: "contains", value: "5" },
        { key: "plan", op: "equals", value: 3 },
      ],
    });
    expect(filterAsRules(wrong, customFields).errors).toEqual({
      "filter.customFields[0].key": 'This business has no custom field "gone".',
      "filter.customFields[1].op": "“Contains” applies to text fields.",
      "filter.customFields[2].op": "This field holds select values.",
    });
  });
});
