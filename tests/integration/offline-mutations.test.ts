import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { customers, notes, offlineMutations, tasks } from "@/db/schema";
import { type OfflineMutationInput, type OfflineOp, offlineMutationInput } from "@/server/domain/offline";
import { AppError } from "@/server/errors";
import {
  applyOfflineMutation,
  OfflineConflictError,
  pruneOfflineMutations,
} from "@/server/services/offline/apply";
import { offlineSnapshot } from "@/server/services/offline/snapshot";
import { testDb } from "../helpers/db";
import { createBusiness, createUser } from "../helpers/factories";

let db: Db;
beforeAll(async () => {
  db = (await testDb()).db;
});

async function setup() {
  const owner = await createUser(db, { name: "Tara Owner" });
  const business = await createBusiness(db, { owner });
  const [customer] = await db
    .insert(customers)
    .values({ businessId: business.id, name: "Asha Rao", city: "Pune", email: "asha@example.com" })
    .returning();
  const [task] = await db
    .insert(tasks)
    .values({
      businessId: business.id,
      title: "Call Asha",
      customerId: customer!.id,
      assigneeId: owner.id,
      createdById: owner.id,
    })
    .returning();
  const access = { businessId: business.id, userId: owner.id, can: () => true };
  // As the route parses a request body.
  const write = (op: Record<string, unknown>, key: string = randomUUID()): OfflineMutationInput =>
    offlineMutationInput.parse({
      key,
      businessId: business.id,
      userId: owner.id,
      queuedAt: new Date().toISOString(),
      op,
    });
  return { owner, business, customer: customer!, task: task!, access, write };
}

async function errorOf(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error("expected an error");
}

describe("offline writes replayed", () => {
  it("applies a note once, however often and however concurrently its key is replayed", async () => {
    const { customer, access, write } = await setup();
    const w = write({ kind: "note.create", customerId: customer.id, body: "<p>Prefers mornings</p>" });
    const first = await applyOfflineMutation(db, access, w);
    expect(first.status).toBe("applied");
    const again = await applyOfflineMutation(db, access, w);
    expect(again).toEqual({ status: "replayed", result: first.result });

    const twin = write({ kind: "note.create", customerId: customer.id, body: "<p>Two tabs</p>" });
    const both = await Promise.all([
      applyOfflineMutation(db, access, twin),
      applyOfflineMutation(db, access, twin),
    ]);
    expect(both.map((b) => b.status).sort()).toEqual(["applied", "replayed"]);
    expect(both[0]!.result).toEqual(both[1]!.result);
    const rows = await db.select().from(notes).where(eq(notes.customerId, customer.id));
    expect(rows.map((n) => n.body).sort()).toEqual(["<p>Prefers mornings</p>", "<p>Two tabs</p>"]);
  });

  it("completes a task and adds one; completing a done task again changes nothing", async () => {
    const { customer, task, access, write } = await setup();
    await applyOfflineMutation(db, access, write({ kind: "task.complete", taskId: task.id }));
    const [done] = await db.select().from(tasks).where(eq(tasks.id, task.id));
    expect(done!.status).toBe("done");
    const completedAt = done!.completedAt;
    await applyOfflineMutation(db, access, write({ kind: "task.complete", taskId: task.id }));
    const [still] = await db.select().from(tasks).where(eq(tasks.id, task.id));
    expect(still!.completedAt).toEqual(completedAt);
    const added = await applyOfflineMutation(
      db,
      access,
      write({
        kind: "task.create",
        title: "Send the quote",
        customerId: customer.id,
        dueAt: "2030-01-01T10:00:00Z",
      }),
    );
    const [created] = await db
      .select()
      .from(tasks)
      .where(eq(tasks.id, String(added.result.taskId)));
    expect(created).toMatchObject({ title: "Send the quote", status: "open" });
  });

  it("edits a customer, and shows both values when the server changed the same field meanwhile", async () => {
    const { customer, access, write } = await setup();
    await applyOfflineMutation(
      db,
      access,
      write({
        kind: "customer.update",
        customerId: customer.id,
        changes: { company: "Rao Salon" },
        base: { company: null },
      }),
    );
    // Someone changes the city online while this phone is offline, which edits the city too.
    await db.update(customers).set({ city: "Mumbai" }).where(eq(customers.id, customer.id));
    const offlineEdit = write({
      kind: "customer.update",
      customerId: customer.id,
      changes: { city: "Nashik", email: "asha@rao.example" },
      base: { city: "Pune", email: "asha@example.com" },
    });
    const err = await errorOf(applyOfflineMutation(db, access, offlineEdit));
    expect(err).toBeInstanceOf(OfflineConflictError);
    expect((err as OfflineConflictError).conflicts).toEqual([
      { field: "city", yours: "Nashik", theirs: "Mumbai", base: "Pune" },
    ]);
    const [row] = await db.select().from(customers).where(eq(customers.id, customer.id));
    expect(row).toMatchObject({ city: "Mumbai", email: "asha@example.com", company: "Rao Salon" });
    // Nothing was recorded for the key: "keep mine" sends it again from the server's value.
    const kept = await db.select().from(offlineMutations).where(eq(offlineMutations.key, offlineEdit.key));
    expect(kept).toHaveLength(0);
    await applyOfflineMutation(db, access, {
      ...offlineEdit,
      op: { ...offlineEdit.op, base: { city: "Mumbai", email: "asha@example.com" } } as OfflineOp,
    });
    const [after] = await db.select().from(customers).where(eq(customers.id, customer.id));
    expect(after).toMatchObject({ city: "Nashik", email: "asha@rao.example" });
    // The same value on both sides is no conflict.
    await db.update(customers).set({ city: "Goa" }).where(eq(customers.id, customer.id));
    await applyOfflineMutation(
      db,
      access,
      write({
        kind: "customer.update",
        customerId: customer.id,
        changes: { city: "Goa" },
        base: { city: "Nashik" },
      }),
    );
  });

  it("refuses a bad value at its field, another account's write, and a key reused for another business", async () => {
    const { owner, customer, access, write } = await setup();
    const bad = await errorOf(
      applyOfflineMutation(
        db,
        access,
        write({
          kind: "customer.update",
          customerId: customer.id,
          changes: { email: "not an email" },
          base: { email: "asha@example.com" },
        }),
      ),
    );
    expect(bad).toBeInstanceOf(AppError);
    expect((bad as AppError).code).toBe("VALIDATION");
    expect(Object.keys((bad as AppError).fieldErrors ?? {})).toEqual(["op.changes.email"]);

    const someoneElse = { ...write({ kind: "task.complete", taskId: randomUUID() }), userId: "another-user" };
    expect(((await errorOf(applyOfflineMutation(db, access, someoneElse))) as AppError).code).toBe(
      "FORBIDDEN",
    );

    const gone = await errorOf(
      applyOfflineMutation(db, access, write({ kind: "task.complete", taskId: randomUUID() })),
    );
    expect((gone as AppError).code).toBe("NOT_FOUND");

    const other = await setup();
    const note = write({ kind: "note.create", customerId: customer.id, body: "x" });
    await applyOfflineMutation(db, access, note);
    const otherAccess = { ...other.access, userId: owner.id };
    const reused = await errorOf(
      applyOfflineMutation(db, otherAccess, { ...note, businessId: other.business.id }),
    );
    expect((reused as AppError).code).toBe("CONFLICT");
  });

  it("gives a member the first page of customers with their notes and open tasks, and My tasks", async () => {
    const { owner, business, customer, task, access, write } = await setup();
    await applyOfflineMutation(
      db,
      access,
      write({ kind: "note.create", customerId: customer.id, body: "<p>Likes <b>tea</b></p>" }),
    );
    const snap = await offlineSnapshot(db, { business, userId: owner.id });
    expect(snap.customers).toHaveLength(1);
    expect(snap.customers[0]).toMatchObject({
      id: customer.id,
      name: "Asha Rao",
      city: "Pune",
      notes: [{ text: "Likes tea", authorName: "Tara Owner" }],
      tasks: [{ id: task.id, title: "Call Asha", status: "open" }],
    });
    expect(snap.myTasks).toEqual([expect.objectContaining({ id: task.id, customerName: "Asha Rao" })]);
    const one = await offlineSnapshot(db, { business, userId: owner.id }, { customerId: customer.id });
    expect(one.customers.map((c) => c.id)).toEqual([customer.id]);
    expect(one.myTasks).toBeUndefined();
    await db
      .update(customers)
      .set({ deletedAt: new Date() })
      .where(and(eq(customers.id, customer.id)));
    expect(
      (
        (await errorOf(
          offlineSnapshot(db, { business, userId: owner.id }, { customerId: customer.id }),
        )) as AppError
      ).code,
    ).toBe("NOT_FOUND");
  });

  it("forgets replayed keys after 30 days", async () => {
    const { owner, business, customer, access, write } = await setup();
    const recent = await applyOfflineMutation(
      db,
      access,
      write({ kind: "note.create", customerId: customer.id, body: "new" }),
    );
    expect(recent.status).toBe("applied");
    const oldKey = randomUUID();
    await db.insert(offlineMutations).values({
      userId: owner.id,
      key: oldKey,
      businessId: business.id,
      kind: "note.create",
      result: {},
      createdAt: new Date(Date.now() - 31 * 24 * 60 * 60 * 1000),
    });
    const deleted = await pruneOfflineMutations(db, { now: new Date(), limit: 10_000 });
    expect(deleted).toBeGreaterThanOrEqual(1);
    const left = await db
      .select({ key: offlineMutations.key })
      .from(offlineMutations)
      .where(eq(offlineMutations.userId, owner.id));
    expect(left).toHaveLength(1);
    expect(left[0]!.key).not.toBe(oldKey);
  });
});
