import { randomInt } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { InngestTestEngine, mockCtx } from "@inngest/test";
import { eq, inArray } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { activities, customers, jobRuns, noteAttachments, notes, tasks } from "@/db/schema";
import { purgeTrash, purgeTrashSettings } from "@/server/jobs/functions/customers/purge-trash";
import type { LocalDriver } from "@/server/jobs/local/driver";
import { purgeDeletedCustomers } from "@/server/services/customers";
import { getObject, newStorageKey, putObject } from "@/server/services/storage";
import { startCronDriver } from "../helpers/cron-driver";
import { testDb } from "../helpers/db";
import { createBusiness, createUser } from "../helpers/factories";

/** Keys whose deletion fails while listed (a storage outage). */
const storageFailure = vi.hoisted(() => ({ keys: new Set<string>() }));
vi.mock("@/server/services/storage", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/server/services/storage")>();
  return {
    ...original,
    deleteObject: async (key: string) => {
      if (storageFailure.keys.has(key)) throw new Error("storage unavailable");
      return original.deleteObject(key);
    },
  };
});

let db: Db;
const tmpRoot = mkdtempSync(path.join(tmpdir(), "crm-purge-"));
const drivers: LocalDriver[] = [];
const savedSettings = { ...purgeTrashSettings };
const day = 86_400_000;

beforeAll(async () => {
  process.env.MINI_CRM_DATA_DIR = path.join(tmpRoot, "data");
  db = (await testDb()).db;
});

afterEach(async () => {
  for (const d of drivers.splice(0)) await d.stop();
  Object.assign(purgeTrashSettings, savedSettings);
  storageFailure.keys.clear();
});

afterAll(() => rmSync(tmpRoot, { recursive: true, force: true }));

async function setup() {
  const owner = await createUser(db);
  const business = await createBusiness(db, { owner });
  return { owner, business };
}

/**
 * A customer trashed `trashedDaysAgo` days ago (null: live) with a note carrying two stored
 * attachments, a task and a timeline entry.
 */
async function customerWithFiles(businessId: string, name: string, trashedDaysAgo: number | null) {
  const [customer] = await db
    .insert(customers)
    .values({
      businessId,
      name,
      deletedAt: trashedDaysAgo === null ? null : new Date(Date.now() - trashedDaysAgo * day),
    })
    .returning();
  const [note] = await db
    .insert(notes)
    .values({ businessId, customerId: customer!.id, body: "<p>Notes</p>" })
    .returning();
  const keys = [newStorageKey(businessId), newStorageKey(businessId)];
  for (const key of keys) await putObject(key, new TextEncoder().encode(`file of ${name}`));
  await db.insert(noteAttachments).values(
    keys.map((storageKey, i) => ({
      businessId,
      noteId: note!.id,
      fileName: `scan-${i}.pdf`,
      contentType: "application/pdf",
      size: 12,
      storageKey,
    })),
  );
  await db.insert(tasks).values({ businessId, customerId: customer!.id, title: `Call ${name}` });
  await db.insert(activities).values({ businessId, customerId: customer!.id, type: "created" });
  return { id: customer!.id, noteId: note!.id, keys };
}

async function existing(ids: string[]) {
  const rows = await db.select({ id: customers.id }).from(customers).where(inArray(customers.id, ids));
  return rows.map((r) => r.id).sort();
}

async function filesExist(keys: string[]) {
  return Promise.all(keys.map(async (k) => (await getObject(k)) !== null));
}

describe("purgeDeletedCustomers", () => {
  it("deletes customers trashed over 30 days ago with their notes, tasks, timeline and stored files", async () => {
    const { business } = await setup();
    const old = await customerWithFiles(business.id, "Old", 31);
    const recent = await customerWithFiles(business.id, "Recent", 29);
    const live = await customerWithFiles(business.id, "Live", null);

    expect(await purgeDeletedCustomers(db, { businessId: business.id })).toBe(1);

    expect(await existing([old.id, recent.id, live.id])).toEqual([recent.id, live.id].sort());
    expect(await filesExist(old.keys)).toEqual([false, false]);
    expect(await filesExist([...recent.keys, ...live.keys])).toEqual([true, true, true, true]);
    expect(await db.select().from(notes).where(eq(notes.id, old.noteId))).toHaveLength(0);
    expect(
      await db.select().from(noteAttachments).where(eq(noteAttachments.noteId, old.noteId)),
    ).toHaveLength(0);
    expect(await db.select().from(tasks).where(eq(tasks.customerId, old.id))).toHaveLength(0);
    expect(await db.select().from(activities).where(eq(activities.customerId, old.id))).toHaveLength(0);
  });

  it("stays within its bound: batchSize × maxBatches customers per call", async () => {
    const { business } = await setup();
    const olds = await Promise.all(
      ["A", "B", "C", "D", "E"].map((n) => customerWithFiles(business.id, n, 40)),
    );
    const ids = olds.map((o) => o.id);

    expect(await purgeDeletedCustomers(db, { businessId: business.id, batchSize: 2, maxBatches: 2 })).toBe(4);
    expect(await existing(ids)).toHaveLength(1);
    expect(await purgeDeletedCustomers(db, { businessId: business.id, batchSize: 2, maxBatches: 2 })).toBe(1);
    expect(await existing(ids)).toEqual([]);
    expect((await filesExist(olds.flatMap((o) => o.keys))).every((e) => !e)).toBe(true);
  });

  it("keeps the customers when their files cannot be deleted, and purges them on the next run", async () => {
    const { business } = await setup();
    const old = await customerWithFiles(business.id, "Old", 31);
    storageFailure.keys.add(old.keys[1]!);

    await expect(purgeDeletedCustomers(db, { businessId: business.id })).rejects.toThrow(
      /1 of 2 stored files could not be deleted/,
    );
    expect(await existing([old.id])).toEqual([old.id]);
    expect(
      await db.select().from(noteAttachments).where(eq(noteAttachments.noteId, old.noteId)),
    ).toHaveLength(2);

    storageFailure.keys.clear();
    expect(await purgeDeletedCustomers(db, { businessId: business.id })).toBe(1);
    expect(await existing([old.id])).toEqual([]);
    expect(await filesExist(old.keys)).toEqual([false, false]);
  });
});

describe("purge-trash function", () => {
  const engine = () =>
    new InngestTestEngine({
      function: purgeTrash,
      events: [{ name: "inngest/scheduled.timer", data: { cron: "0 3 * * *" } }],
      transformCtx: (raw) => mockCtx(raw),
    });

  it("purges in steps of one batch and stops at its bound; the next run goes on", async () => {
    Object.assign(purgeTrashSettings, { batchSize: 2, maxBatches: 2 });
    const a = await setup();
    const b = await setup();
    const olds = [
      await customerWithFiles(a.business.id, "A1", 35),
      await customerWithFiles(a.business.id, "A2", 35),
      await customerWithFiles(a.business.id, "A3", 35),
      await customerWithFiles(b.business.id, "B1", 60),
      await customerWithFiles(b.business.id, "B2", 60),
    ];
    const recent = await customerWithFiles(b.business.id, "Recent", 3);

    const first = await engine().execute();
    expect(first.error).toBeUndefined();
    expect(first.result).toEqual({ purged: 4, more: true });

    const second = await engine().execute();
    expect(second.error).toBeUndefined();
    expect(second.result).toMatchObject({ more: false });
    expect(await existing(olds.map((o) => o.id))).toEqual([]);
    expect((await filesExist(olds.flatMap((o) => o.keys))).every((e) => !e)).toBe(true);
    expect(await existing([recent.id])).toEqual([recent.id]);
    expect(await filesExist(recent.keys)).toEqual([true, true]);
  });

  it("runs at 03:00 UTC under the local driver", async () => {
    const { business } = await setup();
    const old = await customerWithFiles(business.id, "Old", 45);
    // 02:59:30 UTC on a random future day: the schedule slot (the run id) is new on every test run.
    let now = new Date(Date.UTC(2100, 0, 1) + randomInt(0, 30_000) * day + (2 * 60 + 59) * 60_000 + 30_000);
    const driver = await startCronDriver(db, purgeTrash, () => now, drivers);
    expect(await existing([old.id])).toEqual([old.id]);

    now = new Date(now.getTime() + 60_000); // 03:00:30
    await driver.tick();
    await driver.idle();

    const slot = now.getTime() - 30_000;
    const runs = await db.select().from(jobRuns).where(eq(jobRuns.functionId, "purge-trash"));
    const run = runs.find((r) => (r.event as { ts?: number }).ts === slot);
    expect(run).toMatchObject({ status: "completed", eventName: "inngest/scheduled.timer" });
    expect((run!.output as { purged: number }).purged).toBeGreaterThanOrEqual(1);
    expect(await existing([old.id])).toEqual([]);
    expect(await filesExist(old.keys)).toEqual([false, false]);
  });
});
