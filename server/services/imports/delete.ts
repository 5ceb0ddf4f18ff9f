import { and, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { imports } from "@/db/schema";
import { AppError } from "@/server/errors";
import { logger } from "@/server/logger";
import { loadImport } from "./lifecycle";
import { removeImportFolder } from "./storage";

/**
 * Deleting an upload nobody started. Part of the import pipeline; `run.ts` is its public entry.
 */

/**
 * Deletes an upload nobody started (`isUnstartedImport`: queued, never handed to the job, never begun)
 * with its stored files (the import folder, and with S3 storage its bucket objects). The delete checks
 * those conditions in its `where`, so an import started at the same moment is kept. A file that cannot
 * be deleted is logged, not thrown (the import is gone either way).
 *
 * @throws AppError NOT_FOUND (also another business's import); CONFLICT once the import has started
 *   (undo a finished import instead)
 */
export async function deleteImport(
  db: DbOrTx,
  businessId: string,
  importId: string,
): Promise<{ id: string }> {
  const [deleted] = await db
    .delete(imports)
    .where(
      and(
        eq(imports.id, importId),
        eq(imports.businessId, businessId),
        eq(imports.status, "queued"),
        isNull(imports.requestedAt),
        isNull(imports.startedAt),
      ),
    )
    .returning({ id: imports.id });
  if (!deleted) {
    const row = await loadImport(db, businessId, importId);
    throw new AppError(
      "CONFLICT",
      row.status === "completed"
        ? "This import has already run. Undo it to remove the customers it added."
        : "This import has already started, so it cannot be deleted.",
    );
  }
  try {
    await removeImportFolder(businessId, importId);
  } catch (err) {
    logger.warn({ err, importId }, "could not delete the files of a deleted import");
  }
  return deleted;
}
