import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { campaignRecipients, customers } from "@/db/schema";
import { purgeDeletedCustomers, softDeleteCustomer } from "@/server/services/customers";
import { mergeCustomers } from "@/server/services/customers/duplicates";
import { createImport, processImport, undoImport } from "@/server/services/imports/run";
import { insertCustomer, insertSentCampaign } from "../helpers/campaign-rows";
import { testDb } from "../helpers/db";
import { createBusiness, createUser } from "../helpers/factories";

let db: Db;
const tmpRoot = mkdtempSync(path.join(tmpdir(), "crm-recipients-"));

beforeAll(async () => {
  process.env.MINI_CRM_DATA_DIR = path.join(tmpRoot, "data");
  db = (await testDb()).db;
});
afterAll(() => rmSync(tmpRoot, { recursive: true, force: true }));

/** Recipient rows whose customer no longer exists. */
async function orphans(): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(campaignRecipients)
    .where(sql`not exists (select 1 from customers c where c.id = ${campaignRecipients.customerId})`);
  return row!.n;
}

async function recipientsOf(customerId: string): Promise<number> {
  const rows = await db
    .select()
    .from(campaignRecipients)
    .where(eq(campaignRecipients.customerId, customerId));
  return rows.length;
}

describe("deleting customers deletes their campaign recipient rows", () => {
  it("on merge, import undo and purge, and leaves other customers' rows", async () => {
    const owner = await createUser(db);
    const biz = await createBusiness(db, { owner });
    const other = await createBusiness(db, { owner });
    const actor = { businessId: biz.id, userId: owner.id };

    const file = path.join(tmpRoot, "people.csv");
    writeFileSync(file, "Name,Email\nPerson 1,p1@example.com\nPerson 2,p2@example.com\n");
    const created = await createImport(db, actor, { fileName: "people.csv", filePath: file });
    await processImport(db, created.import.id, { batchSize: 50 });
    const imported = await db.select().from(customers).where(eq(customers.importId, created.import.id));
    expect(imported).toHaveLength(2);

    const survivor = await insertCustomer(db, biz.id, { name: "Asha" });
    const duplicate = await insertCustomer(db, biz.id, { name: "Asha R" });
    const trashed = await insertCustomer(db, biz.id, { name: "Ravi" });
    const elsewhere = await insertCustomer(db, other.id, { name: "Elsewhere" });
    const everyone = [survivor, duplicate, trashed, ...imported].map((c) => ({ id: c.id, email: c.email }));
    await insertSentCampaign(db, biz.id, everyone);
    await insertSentCampaign(db, other.id, [{ id: elsewhere.id, email: elsewhere.email }]);

    await mergeCustomers(db, actor, { survivorId: survivor.id, mergedIds: [duplicate.id], fields: {} });
    expect(await recipientsOf(duplicate.id)).toBe(0);
    expect(await recipientsOf(survivor.id)).toBe(1);

    await undoImport(db, actor, created.import.id);
    for (const c of imported) expect(await recipientsOf(c.id)).toBe(0);

    await softDeleteCustomer(db, actor, trashed.id);
    expect(await recipientsOf(trashed.id)).toBe(1);
    await purgeDeletedCustomers(db, {
      businessId: biz.id,
      olderThanDays: 0,
      now: new Date(Date.now() + 1000),
    });
    expect(await recipientsOf(trashed.id)).toBe(0);

    expect(await orphans()).toBe(0);
    expect(await recipientsOf(survivor.id)).toBe(1);
    expect(await recipientsOf(elsewhere.id)).toBe(1);
  });
});
