import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { customers } from "@/db/schema";
import { suggestTags, TAG_COUNT_CAP } from "@/server/services/customers/tags";
import { createImport, processImport } from "@/server/services/imports/run";
import { callerFor } from "../helpers/caller";
import { testDb } from "../helpers/db";
import { createBusiness, createUser } from "../helpers/factories";

describe("tag suggestions", () => {
  it("suggests the business's tags by prefix, most used first, with counts of live customers", async () => {
    const { db } = await testDb();
    const owner = await createUser(db);
    const biz = await createBusiness(db, { owner });
    const other = await createBusiness(db, { owner: await createUser(db) });
    const rows = [
      ...Array.from({ length: 5 }, (_, i) => ({
        businessId: biz.id,
        name: `V${i}`,
        tags: ["VIP", "walk-in"],
      })),
      ...Array.from({ length: 2 }, (_, i) => ({ businessId: biz.id, name: `W${i}`, tags: ["wholesale"] })),
      { businessId: biz.id, name: "Gone", tags: ["vintage"], deletedAt: new Date() },
      { businessId: biz.id, name: "Odd", tags: ["50%_off"] },
      { businessId: other.id, name: "Theirs", tags: ["vip-other", "VIP"] },
    ];
    await db.insert(customers).values(rows);

    const all = await suggestTags(db, biz.id);
    expect(all.map((s) => [s.tag, s.count])).toEqual([
      ["VIP", 5],
      ["walk-in", 5],
      ["wholesale", 2],
      ["50%_off", 1],
    ]);
    expect(all.every((s) => s.countIsExact)).toBe(true);
    // Case-insensitive prefix; a soft-deleted customer's only tag is left out; another business's never shows.
    expect((await suggestTags(db, biz.id, { query: "v" })).map((s) => s.tag)).toEqual(["VIP"]);
    expect((await suggestTags(db, biz.id, { query: "W" })).map((s) => s.tag)).toEqual([
      "walk-in",
      "wholesale",
    ]);
    // % and _ are literal characters, not patterns.
    expect((await suggestTags(db, biz.id, { query: "50%" })).map((s) => s.tag)).toEqual(["50%_off"]);
    expect(await suggestTags(db, biz.id, { query: "%" })).toEqual([]);

    // A tag added by an update is suggested too.
    const caller = callerFor(db, owner);
    const created = await caller.customers.create({ businessId: biz.id, name: "New", tags: [] });
    await caller.customers.update({ businessId: biz.id, customerId: created.id, tags: ["loyal"] });
    const loyal = await caller.customers.tagSuggestions({ businessId: biz.id, query: "lo" });
    expect(loyal).toEqual([{ tag: "loyal", count: 1, countIsExact: true }]);
    expect(TAG_COUNT_CAP).toBe(10_000);
  });

  it("registers the tags of imported customers (the import's batches do it themselves)", async () => {
    const { db } = await testDb();
    const owner = await createUser(db);
    const biz = await createBusiness(db, { owner });
    const file = path.join(mkdtempSync(path.join(tmpdir(), "tags-import-")), "customers.csv");
    writeFileSync(
      file,
      'Name,Email,Tags\nAsha Rao,asha@example.com,"diwali-2026, gold"\nRavi Kumar,ravi@example.com,gold\n',
    );
    const created = await createImport(
      db,
      { businessId: biz.id, userId: owner.id },
      { fileName: "c.csv", filePath: file },
    );
    const done = await processImport(db, created.import.id, { businessId: biz.id });
    expect(done.import.created).toBe(2);
    expect((await suggestTags(db, biz.id)).map((s) => [s.tag, s.count])).toEqual([
      ["gold", 2],
      ["diwali-2026", 1],
    ]);
  });
});
