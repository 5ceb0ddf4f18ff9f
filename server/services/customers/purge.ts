import { and, eq, inArray, isNotNull, lt } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { customers, noteAttachments, notes } from "@/db/schema";
import { logger } from "@/server/logger";
import { deleteObject } from "@/server/services/storage";
import { deleteCustomerRecipients } from "./recipients";

/** Storage deletions in flight at once while purging. */
const FILE_DELETE_CONCURRENCY = 8;

/**
 * Deletes the stored objects under `keys`, a few at a time; a missing object is not an error.
 * Tries every key, then throws an Error naming how many failed (the first failure as its cause).
 */
export async function deleteStoredObjects(keys: readonly string[]): Promise<void> {
  const failed: { key: string; err: unknown }[] = [];
  let next = 0;
  const worker = async () => {
    while (next < keys.length) {
      const key = keys[next++]!;
      try {
        await deleteObject(key);
      } catch (err) {
        failed.push({ key, err });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(FILE_DELETE_CONCURRENCY, keys.length) }, worker));
  if (failed.length > 0) {
    logger.error({ keys: failed.map((f) => f.key), err: failed[0]!.err }, "could not delete stored files");
    throw new Error(`${failed.length} of ${keys.length} stored files could not be deleted.`, {
      cause: failed[0]!.err,
    });
  }
}

/**
 * One purge batch, in one transaction: takes up to `batchSize` customers trashed before `cutoff`
 * (`FOR UPDATE SKIP LOCKED`: concurrent purges take different customers, a restore waits), deletes
 * the stored files of their notes' attachments, then the customers with their notes, attachments,
 * tasks and timeline (FK cascade) and campaign recipient rows. Files go first, so a failure leaves no file without its row: the
 * transaction rolls back and the next run deletes the same customers again (deleting a missing file
 * is not an error).
 *
 * @param opts.cutoff customers with `deleted_at` before this instant (UTC) are purged
 * @param opts.businessId only this business's customers (default: every business)
 * @returns the number of customers and of stored files deleted
 * Errors: an Error when some files could not be deleted (nothing is deleted from the database then).
 */
export async function purgeTrashBatch(
  db: DbOrTx,
  opts: { cutoff: Date; batchSize: number; businessId?: string },
): Promise<{ customers: number; files: number }> {
  return db.transaction(async (tx) => {
    const picked = await tx
      .select({ id: customers.id, businessId: customers.businessId })
      .from(customers)
      .where(
        and(
          opts.businessId ? eq(customers.businessId, opts.businessId) : undefined,
          isNotNull(customers.deletedAt),
          lt(customers.deletedAt, opts.cutoff),
        ),
      )
      .limit(opts.batchSize)
      .for("update", { skipLocked: true });
    if (picked.length === 0) return { customers: 0, files: 0 };
    const ids = picked.map((r) => r.id);
    const files = await tx
      .select({ storageKey: noteAttachments.storageKey })
      .from(noteAttachments)
      .innerJoin(notes, eq(notes.id, noteAttachments.noteId))
      .where(inArray(notes.customerId, ids));
    await deleteStoredObjects(files.map((f) => f.storageKey));
    for (const businessId of new Set(picked.map((r) => r.businessId)))
      await deleteCustomerRecipients(
        tx,
        businessId,
        picked.filter((r) => r.businessId === businessId).map((r) => r.id),
      );
    const deleted = await tx
      .delete(customers)
      .where(inArray(customers.id, ids))
      .returning({ id: customers.id });
    return { customers: deleted.length, files: files.length };
  });
}
