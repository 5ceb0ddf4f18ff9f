import { and, eq, sql } from "drizzle-orm";
import { type Db, execRows } from "@/db/client";
import { imports } from "@/db/schema";
import { AppError } from "@/server/errors";
import { deleteCustomerRecipients } from "@/server/services/customers/recipients";
import { type ImportActor, type ImportSummary, toSummary } from "./lifecycle";
import { restoreAssignments } from "./values";

/**
 * Undoing an import: deleting the customers it created and restoring the fields it changed.
 * Part of the import pipeline; `run.ts` is its public entry.
 */

/**
 * Undoes an import: hard-deletes the customers it created (they are new; their notes, tasks and timeline
 * go with them) and restores the previous values of the fields it changed on existing customers; the
 * import becomes `undone`. One transaction, set-based.
 *
 * @returns how many customers were deleted and restored
 * @throws AppError NOT_FOUND (also another business's import); CONFLICT while queued or running, or
 *   when already undone
 */
export async function undoImport(
  db: Db,
  ctx: ImportActor,
  importId: string,
): Promise<{ import: ImportSummary; deleted: number; restored: number }> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(imports)
      .where(and(eq(imports.id, importId), eq(imports.businessId, ctx.businessId)))
      .for("update");
    if (!row) throw new AppError("NOT_FOUND", "Import not found.");
    if (row.status === "undone") throw new AppError("CONFLICT", "This import has already been undone.");
    if (row.status === "queued" || row.status === "running")
      throw new AppError("CONFLICT", "This import is still running. Undo it once it has finished.");

    const restored = await execRows<{ id: string }>(
      tx,
      sql`update customers c set ${sql.raw(restoreAssignments)}, updated_at = now()
          from import_changes ic
          where ic.business_id = ${ctx.businessId} and ic.import_id = ${importId} and ic.action = 'updated'
            and c.id = ic.customer_id and c.business_id = ${ctx.businessId}
          returning c.id`,
    );
    if (restored.length > 0)
      await tx.execute(sql`
        delete from activities a using import_changes ic
        where ic.business_id = ${ctx.businessId} and ic.import_id = ${importId} and ic.action = 'updated'
          and a.business_id = ${ctx.businessId} and a.customer_id = ic.customer_id
          and a.type = 'imported' and a.data->>'importId' = ${importId}`);
    // Customers it created carry its id (index customers_business_id_import_id_idx).
    await deleteCustomerRecipients(
      tx,
      ctx.businessId,
      sql`select c.id from customers c where c.business_id = ${ctx.businessId} and c.import_id = ${importId}`,
    );
    const deleted = await execRows<{ id: string }>(
      tx,
      sql`delete from customers c
          where c.business_id = ${ctx.businessId} and c.import_id = ${importId}
          returning c.id`,
    );
    const [undone] = await tx
      .update(imports)
      .set({ status: "undone" })
      .where(eq(imports.id, importId))
      .returning();
    return { import: toSummary(undone!), deleted: deleted.length, restored: restored.length };
  });
}
