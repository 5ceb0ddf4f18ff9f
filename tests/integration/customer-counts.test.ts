import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq, isNull, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { customerCountChanges, customerCounts, customers } from "@/db/schema";
import {
  COUNT_CAP,
  countCustomers,
  listCustomers,
  listCustomersAsJson,
  listCustomersWithTotal,
  purgeDeletedCustomers,
  restoreCustomer,
  softDeleteCustomer,
  toCustomerOutput,
} from "@/server/services/customers";
import { mergeCustomers } from "@/server/services/customers/duplicates";
import { createImport, processImport, undoImport } from "@/server/services/imports/run";
import { callerFor } from "../helpers/caller";
import { testDb } from "../helpers/db";
import { createBusiness, createUser } from "../helpers/factories";

let db: Db;
const tmpRoot = mkdtempSync(path.join(tmpdir(), "crm-counts-"));

beforeAll(async () => {
  process.env.MINI_CRM_DATA_DIR = path.join(tmpRoot, "data");
  db = (await testDb()).db;
});
afterAll(() => rmSync(tmpRoot, { recursive: true, force: true }));

async function expectCounterMatches(businessId: string) {
  const [live] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(customers)
    .where(and(eq(customers.businessId, businessId), isNull(customers.deletedAt)));
  const [counter] = await db.select().from(customerCounts).where(eq(customerCounts.businessId, businessId));
  expect(counter?.live).toBe(live!.n);
  expect(await countCustomers(db, businessId)).toEqual({ total: live!.n, exact: true });
  return live!.n;
}

describe("the per-business customer counter", () => {
  it("equals count(*) after insert, import, soft delete, restore, merge, undo and purge", async () => {
    const owner = await createUser(db);
    const biz = await createBusiness(db, { owner });
    const other = await createBusiness(db, { owner });
    const actor = { businessId: biz.id, userId: owner.id };
    expect(await expectCounterMatches(biz.id)).toBe(0);

    const caller = callerFor(db, owner);
    const a = await caller.customers.create({ businessId: biz.id, name: "Asha", phone: "+919876543210" });
    const b = await caller.customers.create({
      businessId: biz.id,
      name: "Asha R",
      email: "asha@example.com",
    });
    await caller.customers.create({ businessId: other.id, name: "Elsewhere" });
    expect(await expectCounterMatches(biz.id)).toBe(2);
    expect(await expectCounterMatches(other.id)).toBe(1);

    const file = path.join(tmpRoot, "people.csv");
    const lines = ["Name,Email"];
    for (let i = 0; i < 120; i++) lines.push(`Person ${i},p${i}@example.com`);
    writeFileSync(file, `${lines.join("\n")}\n`);
    const created = await createImport(db, actor, { fileName: "people.csv", filePath: file });
    await processImport(db, created.import.id, { batchSize: 50 });
    expect(await expectCounterMatches(biz.id)).toBe(122);

    await softDeleteCustomer(db, actor, a.id);
    expect(await expectCounterMatches(biz.id)).toBe(121);
    await restoreCustomer(db, actor, a.id);
    expect(await expectCounterMatches(biz.id)).toBe(122);

    await mergeCustomers(db, actor, { survivorId: a.id, mergedIds: [b.id], fields: {} });
    expect(await expectCounterMatches(biz.id)).toBe(121);

    await undoImport(db, actor, created.import.id);
    expect(await expectCounterMatches(biz.id)).toBe(1);

    await softDeleteCustomer(db, actor, a.id);
    await purgeDeletedCustomers(db, {
      businessId: biz.id,
      olderThanDays: 0,
      now: new Date(Date.now() + 1000),
    });
    expect(await expectCounterMatches(biz.id)).toBe(0);
    expect(await expectCounterMatches(other.id)).toBe(1);
  });

  it("applies a transaction's changes to the counter when it commits, and none when it rolls back", async () => {
    const owner = await createUser(db);
    const biz = await createBusiness(db, { owner });
    const liveOf = async (tx: Pick<Db, "select">) =>
      (await tx.select().from(customerCounts).where(eq(customerCounts.businessId, biz.id)))[0]?.live;
    await db.transaction(async (tx) => {
      await tx.insert(customers).values([
        { businessId: biz.id, name: "One" },
        { businessId: biz.id, name: "Two" },
      ]);
      await tx.insert(customers).values({ businessId: biz.id, name: "Three" });
      await tx
        .update(customers)
        .set({ deletedAt: new Date() })
        .where(and(eq(customers.businessId, biz.id), eq(customers.name, "Two")));
      // Until the commit the counter row is neither changed nor locked: the changes wait beside it.
      expect(await liveOf(tx)).toBe(0);
      const pending = await tx
        .select({ delta: customerCountChanges.delta })
        .from(customerCountChanges)
        .where(eq(customerCountChanges.businessId, biz.id));
      expect(pending.map((p) => p.delta).sort()).toEqual([-1, 1, 2]);
    });
    expect(await liveOf(db)).toBe(2);
    expect(await db.select().from(customerCountChanges)).toEqual([]);
    expect(await expectCounterMatches(biz.id)).toBe(2);

    await db
      .transaction(async (tx) => {
        await tx.insert(customers).values({ businessId: biz.id, name: "Four" });
        throw new Error("roll back");
      })
      .catch(() => undefined);
    expect(await expectCounterMatches(biz.id)).toBe(2);

    // A business whose counter row is missing gets it back, counted, at the next change.
    await db.delete(customerCounts).where(eq(customerCounts.businessId, biz.id));
    await db.transaction(async (tx) => {
      await tx.insert(customers).values({ businessId: biz.id, name: "Five" });
      await tx.insert(customers).values({ businessId: biz.id, name: "Six" });
    });
    expect(await expectCounterMatches(biz.id)).toBe(4);
    expect(await db.select().from(customerCountChanges)).toEqual([]);
  });

  it("caps a large filtered total and says so; `exact` counts all", async () => {
    const owner = await createUser(db);
    const biz = await createBusiness(db, { owner });
    await db.execute(sql`
      insert into customers (business_id, name, tags)
      select ${biz.id}::uuid, 'Bulk ' || g, array['vip'] from generate_series(1, ${COUNT_CAP + 5}) g`);
    expect(await countCustomers(db, biz.id, { tags: { any: ["vip"] } })).toEqual({
      total: COUNT_CAP,
      exact: false,
    });
    expect(await countCustomers(db, biz.id, { tags: { any: ["vip"] } }, { exact: true })).toEqual({
      total: COUNT_CAP + 5,
      exact: true,
    });
    expect(await countCustomers(db, biz.id, { search: "Bulk 1000" })).toMatchObject({ exact: true });
    expect(await expectCounterMatches(biz.id)).toBe(COUNT_CAP + 5);
  });

  it("answers the default first page from the counter exactly as the general list and count do", async () => {
    const owner = await createUser(db);
    const biz = await createBusiness(db, { owner });
    const other = await createBusiness(db, { owner });
    await db.execute(sql`
      insert into customers (business_id, name, created_at)
      select ${biz.id}::uuid, 'Person ' || g, now() - make_interval(secs => g)
      from generate_series(1, 60) g`);
    await db.execute(sql`insert into customers (business_id, name) values (${other.id}::uuid, 'Elsewhere')`);
    const gone = await db.select().from(customers).where(eq(customers.businessId, biz.id)).limit(1);
    await softDeleteCustomer(db, { businessId: biz.id, userId: owner.id }, gone[0]!.id);

    const fast = await listCustomersWithTotal(db, biz.id, { limit: 25 });
    const general = await listCustomers(db, biz.id, { limit: 25 });
    expect(fast.data).toEqual(general.rows.map(toCustomerOutput));
    expect(fast.nextCursor).toBe(general.nextCursor);
    expect(fast.total).toEqual({ total: 59, exact: true });
    expect(general.rows.every((row) => row.businessId === biz.id && row.deletedAt === null)).toBe(true);

    // The cursor it hands out continues the same list.
    const second = await listCustomersWithTotal(db, biz.id, { limit: 25, cursor: fast.nextCursor! });
    expect(second.data).toEqual(
      (await listCustomers(db, biz.id, { limit: 25, cursor: general.nextCursor! })).rows.map(
        toCustomerOutput,
      ),
    );

    // Without its counter row the business still gets the same page and an exact count.
    await db.delete(customerCounts).where(eq(customerCounts.businessId, biz.id));
    const fallback = await listCustomersWithTotal(db, biz.id, { limit: 25 });
    expect(fallback.data).toEqual(general.rows.map(toCustomerOutput));
    expect(fallback.total).toEqual({ total: 59, exact: true });

    // An empty business: no rows, total 0.
    const empty = await createBusiness(db, { owner });
    expect(await listCustomersWithTotal(db, empty.id, {})).toMatchObject({
      data: [],
      nextCursor: null,
      total: { total: 0 },
    });
  });

  it("gives REST the same JSON from the first page's text timestamps as from dates, to the millisecond", async () => {
    const owner = await createUser(db);
    const biz = await createBusiness(db, { owner });
    // Microseconds that must be dropped, not rounded (.015999 → .015, as a JavaScript Date does), a
    // consent time, a year before 1970, and an hour past midnight UTC.
    await db.execute(sql`
      insert into customers (business_id, name, created_at, updated_at, last_activity_at,
        email_consent, email_consent_at, sms_consent, sms_consent_at)
      values
        (${biz.id}::uuid, 'Micro', '2026-03-01 23:59:59.015999+00', '2026-03-02 00:00:00.999999+00',
          '2026-03-02 01:30:00+05:30', true, '1969-07-20 20:17:40.5+00', null, null),
        (${biz.id}::uuid, 'Plain', '2026-03-01 10:00:00+00', '2026-03-01 10:00:00+00',
          '2026-03-01 10:00:00+00', null, null, false, '2030-12-31 23:59:59.9999+00')`);

    const json = await listCustomersAsJson(db, biz.id, { limit: 50 });
    const dates = await listCustomersWithTotal(db, biz.id, { limit: 50 });
    expect(JSON.stringify(json)).toBe(JSON.stringify(dates));
    expect(json.data.map((c) => [c.name, c.createdAt, c.consent.email.at, c.consent.sms.at])).toEqual([
      ["Micro", "2026-03-01T23:59:59.015Z", "1969-07-20T20:17:40.500Z", null],
      ["Plain", "2026-03-01T10:00:00.000Z", null, "2030-12-31T23:59:59.999Z"],
    ]);
    expect(json.data[0]!.lastActivityAt).toBe("2026-03-01T20:00:00.000Z");
    // A filtered page (the general path) gives the same shape.
    const filtered = await listCustomersAsJson(db, biz.id, { limit: 50, filter: { search: "Micro" } });
    expect(filtered.data).toEqual([json.data[0]]);
  });
});
