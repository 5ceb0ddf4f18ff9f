import { NonRetriableError } from "inngest";
import { getDb } from "@/db/client";
import { AppError } from "@/server/errors";
import { IMPORT_BATCH_SIZE, processImport } from "@/server/services/imports/run";
import { inngest } from "../../client";
import { importsProcessRequested } from "../../events";
import { reportProgress } from "../../job-runs";

/**
 * How the job slices an import: `batchesPerStep` batches of `batchSize` rows per step (25 × 5,000 =
 * 125,000 rows, seconds to tens of seconds, well within a step's time; a 1,000,000-row file takes 8 steps). Mutable
 * so tests can make small files span several steps.
 */
export const importJobSettings = { batchesPerStep: 25, batchSize: IMPORT_BATCH_SIZE };

/**
 * Runs a customer import (`imports/process.requested` → `{ importId, businessId }`) in steps
 * `batch-0`, `batch-1`…, each writing up to `importJobSettings.batchesPerStep` batches through `processImport`
 * and reporting progress (`reportProgress`: rows done of the estimated total, created, updated, skipped,
 * failed). Every batch commits its rows together with the import's `processed_rows`, so a step that
 * is retried or a run resumed after an interruption continues after the last committed batch and never
 * imports a row twice; memoized steps are not run again. After the last attempt the import is `failed`.
 */
export const processImportJob = inngest.createFunction(
  {
    id: "process-import",
    name: "Process customer import",
    retries: 3,
    triggers: [importsProcessRequested],
    onFailure: async ({ event, error }) => {
      const data = event.data.event.data as { importId?: unknown };
      if (typeof data.importId !== "string") return;
      const { markImportFailed } = await import("@/server/services/imports/run");
      await markImportFailed(await getDb(), data.importId, error.message);
    },
  },
  async ({ event, step, runId }) => {
    const { importId, businessId } = event.data;
    for (let n = 0; ; n++) {
      const result = await step.run(`batch-${n}`, async () => {
        const db = await getDb();
        try {
          const r = await processImport(db, importId, {
            businessId,
            maxBatches: importJobSettings.batchesPerStep,
            batchSize: importJobSettings.batchSize,
            onProgress: (p) =>
              reportProgress(
                runId,
                {
                  done: p.processedRows,
                  total: p.totalRows,
                  created: p.created,
                  updated: p.updated,
                  skipped: p.skipped,
                  failed: p.failed,
                },
                db,
              ),
          });
          return { done: r.done, status: r.import.status, processedRows: r.import.processedRows };
        } catch (err) {
          // Another run holds the import (a duplicate event): leave it to that run.
          if (err instanceof AppError && err.code === "CONFLICT")
            return { done: true, status: "running" as const, processedRows: null };
          if (err instanceof AppError && err.code !== "INTERNAL")
            throw new NonRetriableError(err.message, { cause: err });
          throw err;
        }
      });
      if (result.done) return result;
    }
  },
);
