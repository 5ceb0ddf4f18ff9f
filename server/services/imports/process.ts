import { and, eq, inArray } from "drizzle-orm";
import { type Db, type DbOrTx, isEmbedded } from "@/db/client";
import { businesses, importChanges, imports } from "@/db/schema";
import { AppError } from "@/server/errors";
import { sendEvent } from "@/server/jobs/send";
import { notifyMembers } from "@/server/services/notifications";
import {
  type BatchWrite,
  encodeNewCustomer,
  finishErrorFile,
  type Pending,
  type ProcessImportOptions,
  type ProcessImportResult,
  type RunState,
  startBatchWrite,
} from "./batch-writer";
import { type ImportContext, importContext } from "./context";
import { countersOf, IMPORT_BATCH_SIZE, type ImportRecord, loadImport, toSummary } from "./lifecycle";
import { rowsOf } from "./mapping";

/**
 * Tells whoever started an import that it finished: an in-app notification (and, through it, a push to
 * their devices) with the counts, opening the import's summary.
 */
async function announceFinished(db: DbOrTx, done: ImportRecord): Promise<void> {
  if (!done.createdById) return;
  const [biz] = await db
    .select({ slug: businesses.slug })
    .from(businesses)
    .where(eq(businesses.id, done.businessId));
  const parts = [`${done.created} added`, `${done.updated} updated`];
  if (done.failed > 0) parts.push(`${done.failed} not imported`);
  if (done.warnings > 0) parts.push(`${done.warnings} to review`);
  await notifyMembers(db, done.businessId, [done.createdById], {
    kind: "import_finished",
    title: `Import finished: ${done.fileName}`,
    body: parts.join(", "),
    url: biz ? `/b/${biz.slug}/customers/import/${done.id}` : null,
  });
  await sendEvent({ name: "push/notifications.created", data: {} });
}

/**
 * Running an import: batches from where the last committed one stopped, progress, the final summary and the error file.
 * Part of the import pipeline; `run.ts` is its public entry.
 */

export async function markFailed(db: DbOrTx, importId: string, message: string): Promise<ImportRecord> {
  const [row] = await db
    .update(imports)
    .set({ status: "failed", error: message, finishedAt: new Date() })
    .where(eq(imports.id, importId))
    .returning();
  return row!;
}

/**
 * Marks a queued or running import `failed` with `message` (the job's last attempt failed). A finished
 * import is left as it is.
 */
export async function markImportFailed(db: DbOrTx, importId: string, message: string): Promise<void> {
  await db
    .update(imports)
    .set({ status: "failed", error: message.slice(0, 2000), finishedAt: new Date() })
    .where(and(eq(imports.id, importId), inArray(imports.status, ["queued", "running"])));
}

/**
 * Runs (or resumes) an import: streams the file, normalises each row (`createRowNormalizer`), and writes
 * batches of `IMPORT_BATCH_SIZE` rows with set-based SQL (one lookup, one multi-row insert, one update
 * per batch; never a round trip per row). Duplicates are matched by phone (E.164), else lower(email),
 * against the business's customers and the rows of this import: policy `skip` counts them as skipped,
 * `fill` sets only empty fields, `overwrite` replaces with the row's non-empty values; a later row of
 * the file matching an earlier one is skipped. Created customers get `import_id` (undo deletes by it);
 * `import_changes` records the previous values of the fields changed on updated customers. Failed rows go to
 * the error report (original cells + reason). Counters and `processed_rows` are committed with each batch,
 * so a resumed run starts after the last committed batch and never imports a row twice.
 *
 * A finished import (completed, failed, undone) is returned as is. A file that cannot be read (an
 * unclosed quote, too many rows) marks the import `failed` with the message; rows of earlier batches stay
 * imported (undo removes them).
 *
 * @throws AppError NOT_FOUND for an unknown import; CONFLICT when another run processes it; database
 *   errors as thrown (the job retries; committed batches are kept)
 */
export async function processImport(
  db: Db,
  importId: string,
  options: ProcessImportOptions = {},
): Promise<ProcessImportResult> {
  const [found] = await db
    .select()
    .from(imports)
    .where(
      options.businessId
        ? and(eq(imports.id, importId), eq(imports.businessId, options.businessId))
        : eq(imports.id, importId),
    );
  if (!found) throw new AppError("NOT_FOUND", "Import not found.");
  if (found.status !== "queued" && found.status !== "running")
    return { done: true, import: toSummary(found) };

  let row = found;
  if (row.status === "queued") {
    const [started] = await db
      .update(imports)
      .set({ status: "running", startedAt: new Date() })
      .where(and(eq(imports.id, importId), eq(imports.status, "queued")))
      .returning();
    if (started) row = started;
    else return processImport(db, importId, options);
  }

  let ctx: ImportContext;
  try {
    ctx = await importContext(db, row);
  } catch (e) {
    if (e instanceof AppError && e.code === "VALIDATION")
      return { done: true, import: toSummary(await markFailed(db, importId, e.message)) };
    throw e;
  }

  const updatedIds = new Set<string>();
  if (row.updated > 0) {
    const rows = await db
      .select({ id: importChanges.customerId })
      .from(importChanges)
      .where(
        and(
          eq(importChanges.businessId, row.businessId),
          eq(importChanges.importId, importId),
          eq(importChanges.action, "updated"),
        ),
      );
    for (const r of rows) updatedIds.add(r.id);
  }
  const st: RunState = {
    ctx,
    ...countersOf(row),
    updatedIds,
    estimate: null,
  };
  const batchSize = options.batchSize ?? IMPORT_BATCH_SIZE;
  const maxBatches = options.maxBatches ?? Number.POSITIVE_INFINITY;
  const toSkip = ctx.headerSkip + 1 + st.processedRows;
  let seen = 0;
  let batch: Pending[] = [];
  let chars = 0;
  let sampled = 0;

  const progress = async () => {
    await options.onProgress?.({
      processedRows: st.processedRows,
      totalRows: st.estimate,
      created: st.created,
      updated: st.updated,
      skipped: st.skipped,
      failed: st.failed,
      warnings: st.warnings,
    });
  };

  // Pipeline: while batches n and n+1 are written (Postgres works, on two connections), batch n+2 is
  // read and normalised (Node works). Commits stay in file order (see `startBatchWrite`); rows read
  // ahead of a stop (maxBatches) are simply read again by the next run.
  const depth = isEmbedded(db) ? 1 : 2;
  const inFlight: BatchWrite[] = [];
  let nextStart = st.processedRows;
  let started = 0;
  const settleOldest = async () => {
    const oldest = inFlight.shift();
    if (!oldest) return;
    await oldest.committed;
    await progress();
  };
  const startWrite = (rows: Pending[]) => {
    const write = startBatchWrite(db, st, rows, nextStart, [...inFlight]);
    // Surfaced when settled; this only keeps a rejection from being reported as unhandled meanwhile.
    write.committed.catch(() => {});
    inFlight.push(write);
    nextStart += rows.length;
    started++;
  };
  const stopped = async () => {
    while (inFlight.length > 0) await settleOldest();
    const current = await loadImport(db, row.businessId, importId);
    return { done: false, import: toSummary(current) };
  };

  try {
    for await (const sheetRow of rowsOf(ctx.filePath, ctx.fileType)) {
      if (seen++ < toSkip) continue;
      if (ctx.fileType === "csv" && sampled < 10_000) {
        for (const c of sheetRow.cells) chars += c.length + 1;
        sampled++;
      }
      const result = ctx.normalize(sheetRow.cells, sheetRow.line);
      batch.push({
        line: sheetRow.line,
        cells: sheetRow.cells,
        result,
        encoded: "ok" in result && result.ok ? encodeNewCustomer(result.customer) : undefined,
      });
      // Rows already parsed are handed over as microtasks, which would hold back the replies of the
      // batches being written; let them through now and then.
      if (inFlight.length > 0 && batch.length % 256 === 0)
        await new Promise<void>((resolve) => setImmediate(resolve));
      if (batch.length >= batchSize) {
        while (inFlight.length >= depth) await settleOldest();
        if (started >= maxBatches) return await stopped();
        if (ctx.fileType === "csv" && sampled > 0) st.estimate = Math.round(row.fileSize / (chars / sampled));
        startWrite(batch);
        batch = [];
      }
    }
    while (inFlight.length > 0) await settleOldest();
    if (started >= maxBatches) return await stopped();
    if (batch.length > 0) {
      st.estimate = null;
      startWrite(batch);
      batch = [];
      await settleOldest();
    }
  } catch (e) {
    // A read error while batches are being written: let those writes finish (or fail) first.
    await Promise.allSettled(inFlight.map((w) => w.committed));
    if (e instanceof AppError && e.code === "VALIDATION")
      return { done: true, import: toSummary(await markFailed(db, importId, e.message)) };
    throw e;
  }

  const errorKey = await finishErrorFile(ctx);
  const [done] = await db
    .update(imports)
    .set({
      status: "completed",
      totalRows: st.processedRows,
      errorFileKey: errorKey,
      finishedAt: new Date(),
    })
    .where(and(eq(imports.id, importId), eq(imports.status, "running")))
    .returning();
  st.estimate = st.processedRows;
  await progress();
  if (done) await announceFinished(db, done);
  return { done: true, import: toSummary(done ?? (await loadImport(db, row.businessId, importId))) };
}
