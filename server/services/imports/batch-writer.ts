/*
 * Why one file: writing one batch is one transaction whose steps (decide per row, insert, update,
 * record changes for undo, error-file part, count) share the batch's state and commit order.
 */
import { randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { readdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { eq, sql } from "drizzle-orm";
import { v7 as uuidv7 } from "uuid";
import { type Db, type DbOrTx, execRows } from "@/db/client";
import { imports } from "@/db/schema";
import { AppError } from "@/server/errors";
import type { ImportContext } from "./context";
import { toCsvLine } from "./csv-safety";
import { createErrorReportWriter } from "./error-file";
import type { ImportCounters, ImportSummary } from "./lifecycle";
import { findExistingCustomers } from "./lookup";
import { arrayElement, arrayOfElements, textArrayLiteral } from "./pg-array";
import { errorFileKey, importFileExists, importFolder, pathOfKey, storeImportFile } from "./storage";
import type { CustomerCandidate, NormalizedRow, RowError } from "./types";
import {
  asText,
  columns,
  insertColumns,
  mergeInto,
  newCustomerValues,
  noteHtml,
  recordDefinition,
  toRecord,
  unnestAlias,
  unnestValues,
  updateAssignments,
  type Values,
} from "./values";

/**
 * Writing one batch: decisions per row (create, update, skip, fail), the insert/update SQL, import changes for undo, error-file parts, pipelined commits.
 * Part of the import pipeline; `run.ts` is its public entry.
 */

export interface ImportProgress {
  processedRows: number;
  totalRows: number | null;
  created: number;
  updated: number;
  skipped: number;
  failed: number;
  warnings: number;
}

export interface ProcessImportOptions {
  /** Called after every committed batch. */
  onProgress?: (progress: ImportProgress) => void | Promise<void>;
  /** Stop after this many batches (the job runs a few per step); the import stays `running`. */
  maxBatches?: number;
  /** Rows per batch (default `IMPORT_BATCH_SIZE`). */
  batchSize?: number;
  /** When given, the import must belong to this business (NOT_FOUND otherwise). */
  businessId?: string;
}

export interface ProcessImportResult {
  /** Whether the whole file was read (status completed or failed). */
  done: boolean;
  import: ImportSummary;
}

export interface Pending {
  line: number;
  cells: string[];
  result: NormalizedRow;
  /** A valid row as a new customer, encoded while the file is read (see `encodeNewCustomer`). */
  encoded?: EncodedCustomer;
}

/** A new customer's values as array-literal elements: the notes cell, then one per entry of `columns`. */
export interface EncodedCustomer {
  note: string;
  values: string[];
}

/**
 * Encodes a valid row for `createCustomers` as the file is read, so the batch's transaction only picks
 * the rows that turn out new (the encoding is the same whether or not the row is then inserted).
 */
export function encodeNewCustomer(c: CustomerCandidate): EncodedCustomer {
  const values = newCustomerValues(c);
  const encoded: string[] = new Array(columns.length);
  for (let i = 0; i < columns.length; i++) {
    const [key, , kind] = columns[i]!;
    encoded[i] = arrayElement(asText(values[key], kind));
  }
  return { note: arrayElement(c.notes ? noteHtml(c.notes) : null), values: encoded };
}

export interface RunState extends ImportCounters {
  ctx: ImportContext;
  /** Customers this import updated (in-file duplicates of them are skipped). */
  updatedIds: Set<string>;
  estimate: number | null;
}

export const errorPartName = (start: number) => `errors-${String(start).padStart(10, "0")}.part`;

/** The error report's reasons for a row imported without some of its values. */
export function warningReasons(warnings: readonly RowError[]): RowError[] {
  return warnings.map((w) => ({
    ...w,
    reason: `${w.reason} Imported without it; kept on the customer for review.`,
  }));
}

/**
 * Writes a batch's part of the error report: each refused row with its errors, and each imported row
 * that had invalid values with them as warnings (both can be fixed in the file and imported again).
 */
export async function writeErrorPart(
  ctx: ImportContext,
  start: number,
  failedRows: Pending[],
): Promise<void> {
  const dir = importFolder(ctx.row.businessId, ctx.row.id);
  const file = path.join(dir, errorPartName(start));
  if (failedRows.length === 0) {
    await rm(file, { force: true });
    return;
  }
  let text = "";
  const sink = new Writable({
    write(chunk, _enc, cb) {
      text += chunk.toString();
      cb();
    },
  });
  const writer = createErrorReportWriter(sink, ctx.headers);
  for (const p of failedRows) {
    const r = p.result as { ok: boolean; errors?: RowError[]; warnings?: RowError[] };
    await writer.add(p.cells, r.ok ? warningReasons(r.warnings ?? []) : (r.errors ?? []));
  }
  await writer.close();
  const headerText = `\ufeff${toCsvLine([...ctx.headers, "Error"])}`;
  const tmp = `${file}.${randomUUID()}.tmp`;
  await writeFile(tmp, text.slice(headerText.length));
  await rename(tmp, file);
}

/** Joins the error parts into `errors.csv` (header first); returns its key, or null without failures. */
export async function finishErrorFile(ctx: ImportContext): Promise<string | null> {
  const { businessId, id } = ctx.row;
  const dir = importFolder(businessId, id);
  const key = errorFileKey(businessId, id);
  const parts = (await readdir(dir)).filter((f) => f.endsWith(".part")).sort();
  if (parts.length === 0) return (await importFileExists(key)) ? key : null;
  const tmp = path.join(dir, `errors.${randomUUID()}.tmp`);
  const out = createWriteStream(tmp);
  out.write(`\ufeff${toCsvLine([...ctx.headers, "Error"])}`);
  for (const part of parts) await pipeline(createReadStream(path.join(dir, part)), out, { end: false });
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  await rename(tmp, pathOfKey(key));
  // S3 storage: the report is served from the bucket. Before the parts go, so a crash here rebuilds it.
  await storeImportFile(key);
  for (const part of parts) await rm(path.join(dir, part), { force: true });
  return key;
}

export interface NewCustomers {
  ids: string[];
  /** Per customer, the notes cell as sanitised HTML (an array-literal element; `NULL` without notes). */
  notes: string[];
  /** Per entry of `columns`, the batch's values as array-literal elements (`arrayElement`). */
  values: string[][];
}

/**
 * Inserts a batch of new customers with ONE statement: every column travels as one text-array parameter
 * spread by `unnest` (a constant number of parameters whatever the batch size), and the same statement
 * writes their notes from the inserted ids (`WITH ins AS (INSERT … RETURNING id)`). Created customers
 * carry `import_id`, which is all undo and the timeline's "imported" entry need (no row per customer in
 * `import_changes` or `activities`). Works on Postgres and PGlite alike.
 */
export async function createCustomers(
  tx: DbOrTx,
  who: { businessId: string; importId: string; userId: string | null },
  rows: NewCustomers,
): Promise<void> {
  const arrays = rows.values.map((v) => sql`${arrayOfElements(v)}::text[]`);
  const hasNotes = rows.notes.some((n) => n !== "NULL");
  const insert = sql`
      insert into customers (id, business_id, import_id, ${sql.raw(insertColumns)})
      select r.id, ${who.businessId}::uuid, ${who.importId}::uuid, ${sql.raw(unnestValues)} from r`;
  const source = sql`
    with r as (
      select * from unnest(
        ${textArrayLiteral(rows.ids)}::uuid[],
        ${hasNotes ? arrayOfElements(rows.notes) : "{}"}::text[], ${sql.join(arrays, sql`, `)}
      ) as ${sql.raw(unnestAlias)}
    )`;
  if (!hasNotes) {
    await tx.execute(sql`${source} ${insert}`);
    return;
  }
  await tx.execute(sql`${source},
    ins as (${insert} returning id)
    insert into notes (business_id, customer_id, author_id, body)
    select ${who.businessId}::uuid, r.id, ${who.userId}::text, r.note
    from ins join r on r.id = ins.id where r.note is not null`);
}

/** A batch being written: settles when its decisions are made, and when it has committed. */
export interface BatchWrite {
  /** The phone (`p:`) and email (`e:`) keys of the batch's valid rows; set once decided. */
  keys: Set<string>;
  decided: Promise<void>;
  committed: Promise<void>;
}

/**
 * Writes one batch in one transaction: the duplicate check (phone, else lower(email), against the
 * business's customers and this import's earlier rows), inserts, updates, `import_changes`, timeline
 * activities, notes, the batch's error part, and the counters with `processed_rows` (the resume point).
 *
 * Up to two batches are written at once (on Postgres; one at a time on PGlite): batch n+1 looks up its
 * duplicates and inserts while batch n is still open, makes its decisions only after batch n has made
 * its own (its rows repeating batch n's keys are skipped as in-file duplicates, the customers batch n
 * updates are left alone), and commits only after batch n has committed. The imports row is locked at
 * the end and its `processed_rows` must be this batch's start, so batches commit in file order and a
 * batch is never written twice (a failed batch n makes batch n+1 roll back).
 * Errors: CONFLICT when another run moved the import on; the previous batch's error when it failed.
 */
export function startBatchWrite(
  db: Db,
  st: RunState,
  batch: Pending[],
  start: number,
  inFlight: readonly BatchWrite[],
): BatchWrite {
  // Batches still open before this one; each decides and commits after the one before it.
  const previous = inFlight.at(-1) ?? null;
  const earlierKeys = inFlight.map((w) => w.keys);
  const { row } = st.ctx;
  const { businessId, id: importId, onDuplicate } = row;
  let markDecided: () => void = () => {};
  let failDecided: (e: unknown) => void = () => {};
  const decided = new Promise<void>((resolve, reject) => {
    markDecided = resolve;
    failDecided = reject;
  });
  // Observed by the next batch; this only keeps an early failure from being reported as unhandled.
  decided.catch(() => {});
  const keys = new Set<string>();

  const failedRows: Pending[] = [];
  /** Rows refused, and rows imported with warnings, in file order: the batch's part of the error report. */
  const reportRows: Pending[] = [];
  const candidates: Pending[] = [];
  let warnings = 0;
  for (const p of batch) {
    if ("skip" in p.result) continue;
    if (p.result.ok) {
      candidates.push(p);
      if (p.result.warnings.length > 0) {
        warnings += p.result.warnings.length;
        reportRows.push(p);
      }
    } else {
      failedRows.push(p);
      reportRows.push(p);
    }
  }

  const phones = new Set<string>();
  const emails = new Set<string>();
  /** The batch's tags, registered for tag suggestions with the batch (see `business_tags`). */
  const batchTags = new Set<string>();
  for (const p of candidates) {
    const c = (p.result as { customer: CustomerCandidate }).customer;
    if (c.phone) phones.add(c.phone);
    if (c.email) emails.add(c.email);
    for (const t of c.tags) batchTags.add(t);
  }

  const write = async () => {
    const counters = await db.transaction(async (tx) => {
      // The batch and its resume point (processed_rows) commit together, so a crash can only lose whole
      // batches that the next run then writes again: no need to wait for the WAL flush at each commit
      // (set_config(…, true) is SET LOCAL).
      // The batch counts its customers into customer_counts and registers its tags itself, after the batch
      // before it has committed (below): the triggers would take those rows' locks at insert time, while
      // the batch before is still open and waiting for this one's decisions.
      const [, { byPhone, byEmail }] = await Promise.all([
        tx.execute(
          sql`select set_config('synchronous_commit', 'off', true), set_config('mini_crm.counted_by_caller', 'on', true)`,
        ),
        findExistingCustomers(tx, businessId, [...phones], [...emails]),
      ]);
      if (previous) await previous.decided;

      // Created customers, column-wise: one text array per column (see `createCustomers`).
      const creates: NewCustomers = { ids: [], notes: [], values: columns.map(() => []) };
      const updates: Record<string, unknown>[] = [];
      const changes: { id: string; action: "created" | "updated"; previous: Values | null; line: number }[] =
        [];
      const activitiesToAdd: { id: string; data: Values }[] = [];
      // Keys met in this batch or in a batch still open before it (its rows are not visible to this
      // transaction's lookups).
      const seen = (key: string) => keys.has(key) || earlierKeys.some((k) => k.has(key));
      const targeted = new Set<string>();
      let created = 0;
      let updated = 0;
      let skipped = 0;

      for (const p of candidates) {
        const c = (p.result as { customer: CustomerCandidate }).customer;
        const phoneKey = c.phone ? `p:${c.phone}` : null;
        const emailKey = c.email ? `e:${c.email}` : null;
        const repeated = (phoneKey !== null && seen(phoneKey)) || (emailKey !== null && seen(emailKey));
        if (phoneKey) keys.add(phoneKey);
        if (emailKey) keys.add(emailKey);
        if (repeated) {
          skipped++;
          continue;
        }
        const match =
          (c.phone ? byPhone.get(c.phone) : undefined) ?? (c.email ? byEmail.get(c.email) : undefined);
        if (match) {
          const matchId = match.id as string;
          if (
            match.importId === importId ||
            st.updatedIds.has(matchId) ||
            targeted.has(matchId) ||
            onDuplicate === "skip"
          ) {
            skipped++;
            continue;
          }
          targeted.add(matchId);
          const { next, previous: before } = mergeInto(match, c, onDuplicate);
          if (!before) {
            skipped++;
            continue;
          }
          updates.push(toRecord(matchId, next));
          changes.push({ id: matchId, action: "updated", previous: before, line: p.line });
          activitiesToAdd.push({
            id: matchId,
            data: { importId, fileName: row.fileName, fields: Object.keys(before) },
          });
          // Seen by the next batch at once (it decides after this one), kept only if this run goes on.
          st.updatedIds.add(matchId);
          updated++;
          continue;
        }
        // Time-ordered (UUIDv7, RFC 9562): a batch's ids land together at the end of the primary key.
        // Set for every valid row while the file is read.
        const encoded = p.encoded!;
        creates.ids.push(uuidv7());
        creates.notes.push(encoded.note);
        for (let i = 0; i < columns.length; i++) creates.values[i]!.push(encoded.values[i]!);
        created++;
      }

      markDecided();

      if (creates.ids.length > 0)
        await createCustomers(tx, { businessId, importId, userId: row.createdById }, creates);
      if (updates.length > 0)
        await tx.execute(sql`
        update customers c set ${sql.raw(updateAssignments)}, updated_at = now()
        from jsonb_to_recordset(${JSON.stringify(updates)}::jsonb) as r(${sql.raw(recordDefinition)})
        where c.id = r.id and c.business_id = ${businessId}`);
      if (changes.length > 0)
        await tx.execute(sql`
        insert into import_changes (business_id, import_id, customer_id, action, previous, line)
        select ${businessId}, ${importId}, r.id, r.action::import_change_action, r.previous, r.line
        from jsonb_to_recordset(${JSON.stringify(changes)}::jsonb) as r(id uuid, action text, previous jsonb, line int)`);
      if (activitiesToAdd.length > 0)
        await tx.execute(sql`
        insert into activities (business_id, customer_id, type, actor_user_id, data)
        select ${businessId}, r.id, 'imported', ${row.createdById}, r.data
        from jsonb_to_recordset(${JSON.stringify(activitiesToAdd)}::jsonb) as r(id uuid, data jsonb)`);

      await writeErrorPart(st.ctx, start, reportRows);

      // Commit in file order: after the previous batch, whose counters are then in `st`.
      if (previous) await previous.committed;
      const [locked] = await execRows<{ processed_rows: number; status: string }>(
        tx,
        sql`select processed_rows, status from imports where id = ${importId} for update`,
      );
      if (locked?.status !== "running" || locked.processed_rows !== start)
        throw new AppError("CONFLICT", "This import is being processed by another run.");
      if (creates.ids.length > 0)
        await tx.execute(sql`
          insert into customer_counts (business_id, live) values (${businessId}, ${creates.ids.length})
          on conflict (business_id) do update set live = customer_counts.live + excluded.live`);
      // Likewise the tag registry: a new tag's key would be locked by the batch before until it commits.
      if (batchTags.size > 0)
        await tx.execute(sql`
          insert into business_tags (business_id, tag)
          select ${businessId}, t from unnest(${textArrayLiteral([...batchTags])}::text[]) t where t <> ''
          on conflict do nothing`);

      const processedRows = start + batch.length;
      const next = {
        processedRows,
        created: st.created + created,
        updated: st.updated + updated,
        skipped: st.skipped + skipped,
        failed: st.failed + failedRows.length,
        warnings: st.warnings + warnings,
      };
      await tx
        .update(imports)
        .set({ ...next, totalRows: st.estimate !== null ? Math.max(st.estimate, processedRows) : null })
        .where(eq(imports.id, importId));
      // Applied to the run's state only once the transaction commits (below).
      return next;
    });
    Object.assign(st, counters);
  };
  const committed = write();
  committed.catch((e) => failDecided(e));
  return { keys, decided, committed };
}
