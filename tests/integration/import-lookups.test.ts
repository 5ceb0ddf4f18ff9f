import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { type Db, execRows } from "@/db/client";
import { findExistingCustomers } from "@/server/services/imports/run";
import { testDb } from "../helpers/db";
import { createBusiness, createUser, type TestUser } from "../helpers/factories";

// A file of its own: on PGlite its database holds only these businesses, so the statistics are exact.

let db: Db;
let owner: TestUser;

beforeAll(async () => {
  db = (await testDb()).db;
  owner = await createUser(db);
});

/** 3,000 customers: `Customer <n>`, c<n>@example.com, +9190<n padded to 8 digits>, n from `first`. */
function fill(businessId: string, first: number) {
  return db.execute(sql`
    insert into customers (business_id, name, email, phone, phone_digits)
    select ${businessId}::uuid, 'Customer ' || g, 'c' || g || '@example.com', '+9190' || lpad(g::text, 8, '0'), ''
    from generate_series(${first}::int, ${first + 2999}::int) g`);
}

describe("duplicate lookups of an import", () => {
  it("probe one index entry per key in a business the statistics do not know yet", async () => {
    // Two businesses the statistics know whole, then a new one filled after ANALYZE: a custom plan
    // takes the new business for one row and may probe the phone index for e-mail keys, reading all of
    // the business's customers for every key.
    const known = [await createBusiness(db, { owner }), await createBusiness(db, { owner })];
    const fresh = await createBusiness(db, { owner });
    await fill(known[0]!.id, 0);
    await fill(known[1]!.id, 5_000);
    await db.execute(sql`analyze customers`);
    await fill(fresh.id, 10_000);

    const phones = Array.from({ length: 100 }, (_, i) => `+9190${String(10_000 + i * 2).padStart(8, "0")}`);
    const emails = Array.from({ length: 100 }, (_, i) => `c${10_001 + i * 2}@example.com`);
    const found = await db.transaction(async (tx) => {
      const result = await findExistingCustomers(tx, fresh.id, phones, emails);
      const [read] = await execRows<{ fetched: number; scanned: number }>(
        tx,
        sql`select coalesce(sum(idx_tup_fetch), 0)::int as fetched, coalesce(sum(seq_tup_read), 0)::int as scanned
            from pg_stat_xact_user_tables where relname = 'customers'`,
      );
      return { ...result, read: read! };
    });

    // Every customer found is indexed by both its phone and its email.
    expect(found.byPhone.size).toBe(200);
    expect(phones.filter((p) => !found.byPhone.has(p))).toEqual([]);
    expect(emails.filter((e) => !found.byEmail.has(e))).toEqual([]);
    expect(found.byPhone.get(phones[0]!)).toMatchObject({
      name: "Customer 10000",
      email: "c10000@example.com",
    });
    // About one heap fetch per match (200; a few more where a row has older versions), where reading
    // the business for every key would fetch 3,000 rows per key (600,000); no sequential scan.
    expect(found.read.fetched).toBeGreaterThanOrEqual(200);
    expect(found.read.fetched).toBeLessThan(400);
    expect(found.read.scanned).toBe(0);
  });

  it("finds nothing in another business", async () => {
    const a = await createBusiness(db, { owner });
    const b = await createBusiness(db, { owner });
    await fill(a.id, 20_000);
    const found = await db.transaction((tx) =>
      findExistingCustomers(tx, b.id, ["+919000020000"], ["c20000@example.com"]),
    );
    expect(found.byPhone.size + found.byEmail.size).toBe(0);
  });
});
