import { and, asc, eq, lt, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { customers, offlineMutations } from "@/db/schema";
import type { Permission } from "@/server/auth/permissions";
import { updateCustomerInput } from "@/server/domain/customers";
import {
  customerEditConflicts,
  type OfflineConflict,
  type OfflineMutationInput,
  type OfflineOp,
} from "@/server/domain/offline";
import { AppError } from "@/server/errors";
import { updateCustomer } from "@/server/services/customers";
import { createNote } from "@/server/services/notes";
import { completeTask, createTask } from "@/server/services/tasks";

/** The permission each offline write needs. */
const permissionOf: Record<OfflineOp["kind"], Permission> = {
  "note.create": "customers.write",
  "customer.update": "customers.write",
  "task.create": "tasks.write",
  "task.complete": "tasks.write",
};

/** An offline customer edit that meets a newer server value: answered 409 with both values. */
export class OfflineConflictError extends AppError {
  constructor(readonly conflicts: OfflineConflict[]) {
    super("CONFLICT", "This customer was changed on the server since you went offline.");
  }
}

/** What a replayed write answers: `applied` the first time, `replayed` (the stored result) after. */
export interface OfflineApplyResult {
  status: "applied" | "replayed";
  /** The record written: `{ noteId }`, `{ taskId }`, `{ customerId, updatedAt }`. */
  result: Record<string, unknown>;
}

/**
 * Applies one write queued offline, exactly once per `(user, key)`: the key is recorded in
 * `offline_mutations` in the same transaction as the write (a concurrent replay of the same key waits
 * for it, then finds it), and a replay answers the first result without writing.
 * `access` is the tenancy gate's answer for `input.businessId` (membership already checked).
 *
 * Errors: FORBIDDEN when the write was queued by another account or the role lacks the write's
 * permission; CONFLICT (OfflineConflictError with `conflicts`) for a customer edit that meets a newer
 * server value; CONFLICT when the key was used for another business; NOT_FOUND / VALIDATION from the
 * services (a deleted customer or task, a bad value), with nothing recorded, so a fixed retry can apply.
 */
export async function applyOfflineMutation(
  db: Db,
  access: { businessId: string; userId: string; can: (p: Permission) => boolean },
  input: OfflineMutationInput,
): Promise<OfflineApplyResult> {
  if (input.userId !== access.userId)
    throw new AppError("FORBIDDEN", "This change was made while someone else was signed in on this device.");
  if (!access.can(permissionOf[input.op.kind]))
    throw new AppError("FORBIDDEN", "Your role cannot make this change.");

  return db.transaction(async (tx) => {
    const claimed = await tx
      .insert(offlineMutations)
      .values({
        userId: access.userId,
        key: input.key,
        businessId: access.businessId,
        kind: input.op.kind,
        result: {},
      })
      .onConflictDoNothing()
      .returning({ key: offlineMutations.key });
    if (claimed.length === 0) {
      const [prev] = await tx
        .select()
        .from(offlineMutations)
        .where(and(eq(offlineMutations.userId, access.userId), eq(offlineMutations.key, input.key)));
      if (!prev || prev.businessId !== access.businessId)
        throw new AppError("CONFLICT", "This change was already used for another business.");
      return { status: "replayed" as const, result: prev.result as Record<string, unknown> };
    }
    const result = await apply(tx, { businessId: access.businessId, userId: access.userId }, input.op);
    await tx
      .update(offlineMutations)
      .set({ result })
      .where(and(eq(offlineMutations.userId, access.userId), eq(offlineMutations.key, input.key)));
    return { status: "applied" as const, result };
  });
}

async function apply(
  tx: DbOrTx,
  actor: { businessId: string; userId: string },
  op: OfflineOp,
): Promise<Record<string, unknown>> {
  // The services open their own transactions; inside this one they become savepoints.
  const db = tx as unknown as Db;
  switch (op.kind) {
    case "note.create": {
      const note = await createNote(db, actor, { customerId: op.customerId, body: op.body });
      return { noteId: note.id };
    }
    case "task.create": {
      const task = await createTask(db, actor, {
        title: op.title,
        description: null,
        customerId: op.customerId ?? null,
        dueAt: op.dueAt ?? null,
      });
      return { taskId: task.id };
    }
    case "task.complete": {
      const task = await completeTask(db, actor, op.taskId);
      return { taskId: task.id, status: task.status };
    }
    case "customer.update": {
      const [current] = await tx
        .select()
        .from(customers)
        .where(and(eq(customers.businessId, actor.businessId), eq(customers.id, op.customerId)))
        .for("update");
      if (!current) throw new AppError("NOT_FOUND", "This customer no longer exists.");
      const conflicts = customerEditConflicts(current, op.changes, op.base);
      if (conflicts.length > 0) throw new OfflineConflictError(conflicts);
      // The same rules as every other customer edit, errors at `changes.<field>`.
      const patch = updateCustomerInput.omit({ customerId: true }).safeParse(op.changes);
      if (!patch.success)
        throw new AppError(
          "VALIDATION",
          patch.error.issues[0]?.message,
          Object.fromEntries(patch.error.issues.map((i) => [`op.changes.${i.path.join(".")}`, i.message])),
        );
      const updated = await updateCustomer(db, actor, op.customerId, patch.data);
      return { customerId: updated.id, updatedAt: updated.updatedAt };
    }
  }
}

/** Days a replayed write's key is kept: a queue older than that was sent long ago or never will be. */
export const OFFLINE_KEY_RETENTION_DAYS = 30;

/**
 * Deletes idempotency keys of offline writes older than 30 days before `now` (UTC), at most `limit`
 * (oldest first). Output: how many were deleted.
 */
export async function pruneOfflineMutations(db: DbOrTx, opts: { now: Date; limit: number }): Promise<number> {
  const cutoff = new Date(opts.now.getTime() - OFFLINE_KEY_RETENTION_DAYS * 24 * 60 * 60 * 1000);
  const old = db
    .select({ userId: offlineMutations.userId, key: offlineMutations.key })
    .from(offlineMutations)
    .where(lt(offlineMutations.createdAt, cutoff))
    .orderBy(asc(offlineMutations.createdAt))
    .limit(opts.limit);
  const gone = await db
    .delete(offlineMutations)
    .where(sql`(${offlineMutations.userId}, ${offlineMutations.key}) in (${old})`)
    .returning({ key: offlineMutations.key });
  return gone.length;
}
