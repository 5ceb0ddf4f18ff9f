import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { PassThrough, Readable } from "node:stream";
import { and, asc, eq, inArray, isNull, type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import {
  activities,
  businesses,
  businessMembers,
  customers,
  customFields,
  notes,
  tasks,
  users,
} from "@/db/schema";
import { exportedFields } from "@/server/domain/customer-fields";
import type { CustomerFilterInput, CustomerSort, ExportColumn } from "@/server/domain/customers";
import { AppError } from "@/server/errors";
import { logger } from "@/server/logger";
import { currencyExponent } from "@/server/services/custom-fields";
import { neutralizeCell, toCsvLine } from "@/server/services/imports/csv-safety";
import type { CustomerRow } from "./fields";
import { customerWhere, pageCustomerRows } from "./query";

export type ExportFormat = "csv" | "xlsx";

/** A file being produced: pipe `stream` to the response. */
export interface ExportResult {
  contentType: string;
  fileName: string;
  stream: ReadableStream<Uint8Array>;
}

/** Rows read per query while exporting (keyset pages; never the whole table at once). */
export const EXPORT_BATCH = 2_000;

/** Columns exported when none are chosen; their headers are ones the importer maps back. */
export const defaultExportColumns: ExportColumn[] = [
  "name",
  "email",
  "phone",
  "whatsapp",
  "company",
  "addressLine1",
  "addressLine2",
  "city",
  "state",
  "postalCode",
  "country",
  "tags",
  "source",
  "lifecycleStage",
  "dateOfBirth",
  "anniversary",
  "emailConsent",
  "whatsappConsent",
  "smsConsent",
  "createdAt",
];

/** Headers chosen so that `mapHeaders` of the import recognises them (export → import round trip). */
/** Export headers: each field's from its definition, plus the columns that are not fields. */
export const exportHeaders: Record<Exclude<ExportColumn, `custom:${string}`>, string> = {
  ...(Object.fromEntries(exportedFields.map((f) => [f.key, f.header])) as Record<
    (typeof exportedFields)[number]["key"],
    string
  >),
  id: "ID",
  ownerEmail: "Owner",
  emailConsent: "Email Consent",
  emailConsentAt: "Email Consent At",
  whatsappConsent: "WhatsApp Consent",
  whatsappConsentAt: "WhatsApp Consent At",
  smsConsent: "SMS Consent",
  smsConsentAt: "SMS Consent At",
  createdAt: "Created At",
  updatedAt: "Updated At",
  lastActivityAt: "Last Activity At",
  totalSpent: "Total Spent",
  ordersCount: "Orders",
  lastPurchaseOn: "Last Purchase",
} as Record<Exclude<ExportColumn, `custom:${string}`>, string>;

const yesNo = (v: boolean | null) => (v === null ? "" : v ? "yes" : "no");
const iso = (d: Date | null) => (d ? d.toISOString() : "");

interface CellContext {
  owners: Map<string, string>;
  fieldTypes: Map<string, string>;
  currencyDigits: number;
}

function cellOf(row: CustomerRow, column: ExportColumn, ctx: CellContext): string {
  if (column.startsWith("custom:")) {
    const key = column.slice("custom:".length);
    const value = row.customFields[key];
    if (value === null || value === undefined) return "";
    if (Array.isArray(value)) return value.join(", ");
    if (typeof value === "boolean") return yesNo(value);
    if (typeof value === "number" && ctx.fieldTypes.get(key) === "currency") {
      return (value / 10 ** ctx.currencyDigits).toFixed(ctx.currencyDigits);
    }
    return String(value);
  }
  switch (column as Exclude<ExportColumn, `custom:${string}`>) {
    case "tags":
      return row.tags.join(", ");
    case "ownerEmail":
      return row.ownerId ? (ctx.owners.get(row.ownerId) ?? "") : "";
    case "emailConsent":
      return yesNo(row.emailConsent);
    case "whatsappConsent":
      return yesNo(row.whatsappConsent);
    case "smsConsent":
      return yesNo(row.smsConsent);
    case "emailConsentAt":
      return iso(row.emailConsentAt);
    case "whatsappConsentAt":
      return iso(row.whatsappConsentAt);
    case "smsConsentAt":
      return iso(row.smsConsentAt);
    case "createdAt":
      return iso(row.createdAt);
    case "updatedAt":
      return iso(row.updatedAt);
    case "lastActivityAt":
      return iso(row.lastActivityAt);
    case "totalSpent":
      return (row.totalSpent / 10 ** ctx.currencyDigits).toFixed(ctx.currencyDigits);
    default: {
      const v = row[column as keyof CustomerRow];
      return v === null || v === undefined ? "" : String(v);
    }
  }
}

/** What to export: the list's filter and sort, or a selection of ids (then the filter is ignored). */
export interface ExportQuery {
  filter?: CustomerFilterInput;
  sort?: CustomerSort;
  customerIds?: string[];
}

/**
 * An export that fails after its first bytes cannot change its status any more: the stream is errored,
 * so the server aborts the response (no final chunk: browsers and curl report a failed download, never a
 * silently cut-off file), and the cause is logged with an error id.
 */
export function exportFailed(e: unknown, what = "customer export"): Error {
  const errorId = randomUUID();
  logger.error({ err: e, errorId }, `${what} failed midway`);
  return new Error(`The export stopped before the end (error id ${errorId}).`, { cause: e });
}

/**
 * Async iterable of strings → a byte stream that reads the next piece only when the reader wants more.
 * `what` names the export in the log when it fails midway (see `exportFailed`).
 */
export function streamOf(pieces: AsyncIterable<string>, what?: string): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const it = pieces[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await it.next();
        if (done) controller.close();
        else controller.enqueue(encoder.encode(value));
      } catch (e) {
        controller.error(exportFailed(e, what));
      }
    },
    async cancel() {
      await it.return?.();
    },
  });
}

/**
 * Streams customers as CSV (RFC 4180, UTF-8 with BOM, CRLF) or XLSX (exceljs streaming writer, one
 * sheet), reading keyset pages of 2,000 rows with the list's WHERE and sort. Every cell is neutralised
 * (`neutralizeCell`: a leading = + - @ TAB or CR gets a `'`, per OWASP CSV Injection) so spreadsheets never
 * run it. `columns` are standard columns or `custom:<key>` (default `defaultExportColumns`).
 * Output: `{ contentType, fileName, stream }`. Errors: NOT_FOUND for an unknown business or a selected id
 * that is not the business's; VALIDATION for an unknown custom field column.
 */
export async function exportCustomers(
  db: DbOrTx,
  businessId: string,
  query: ExportQuery,
  opts: { format: ExportFormat; columns?: ExportColumn[] },
): Promise<ExportResult> {
  const [business] = await db
    .select({ slug: businesses.slug, currency: businesses.currency })
    .from(businesses)
    .where(eq(businesses.id, businessId))
    .limit(1);
  if (!business) throw new AppError("NOT_FOUND");
  const columns = opts.columns?.length ? opts.columns : defaultExportColumns;
  const fields = await db
    .select({ key: customFields.key, label: customFields.label, type: customFields.type })
    .from(customFields)
    .where(eq(customFields.businessId, businessId));
  const byKey = new Map(fields.map((f) => [f.key, f]));
  for (const c of columns) {
    if (c.startsWith("custom:") && !byKey.has(c.slice(7))) {
      throw new AppError("VALIDATION", "Unknown custom field column.", { columns: `Unknown column ${c}.` });
    }
  }
  const owners = new Map<string, string>();
  if (columns.includes("ownerEmail")) {
    const members = await db
      .select({ id: users.id, email: users.email })
      .from(businessMembers)
      .innerJoin(users, eq(users.id, businessMembers.userId))
      .where(eq(businessMembers.businessId, businessId));
    for (const m of members) owners.set(m.id, m.email);
  }
  const ctx: CellContext = {
    owners,
    fieldTypes: new Map(fields.map((f) => [f.key, f.type])),
    currencyDigits: currencyExponent(business.currency),
  };
  const headerRow = columns.map((c) =>
    c.startsWith("custom:")
      ? byKey.get(c.slice(7))!.label
      : exportHeaders[c as Exclude<ExportColumn, `custom:${string}`>],
  );

  let where: SQL;
  if (query.customerIds?.length) {
    const ids = [...new Set(query.customerIds)];
    const [found] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(customers)
      .where(and(eq(customers.businessId, businessId), inArray(customers.id, ids)));
    if ((found?.n ?? 0) !== ids.length) throw new AppError("NOT_FOUND");
    where = and(eq(customers.businessId, businessId), inArray(customers.id, ids))!;
  } else {
    where = await customerWhere(db, businessId, query.filter ?? {});
  }
  const sort = query.sort ?? { field: "createdAt", direction: "desc" };

  async function* batches(): AsyncGenerator<CustomerRow[]> {
    let cursor: string | null = null;
    do {
      const page = await pageCustomerRows(db, where, { sort, cursor, limit: EXPORT_BATCH });
      if (page.rows.length) yield page.rows;
      cursor = page.nextCursor;
    } while (cursor);
  }

  const stamp = new Date().toISOString().slice(0, 10);
  const fileName = `customers-${business.slug}-${stamp}.${opts.format}`;

  if (opts.format === "csv") {
    async function* csv(): AsyncGenerator<string> {
      yield `\uFEFF${toCsvLine(headerRow)}`;
      for await (const rows of batches()) {
        let chunk = "";
        for (const row of rows) chunk += toCsvLine(columns.map((c) => cellOf(row, c, ctx)));
        yield chunk;
      }
    }
    return { contentType: "text/csv; charset=utf-8", fileName, stream: streamOf(csv()) };
  }

  const out = new PassThrough();
  // exceljs is loaded on first use: a process that never writes a workbook does not hold it.
  const { default: Excel } = await import("exceljs");
  const workbook = new Excel.stream.xlsx.WorkbookWriter({
    stream: out,
    useSharedStrings: false,
    useStyles: false,
  });
  const sheet = workbook.addWorksheet("Customers");
  (async () => {
    sheet.addRow(headerRow).commit();
    for await (const rows of batches()) {
      for (const row of rows) sheet.addRow(columns.map((c) => neutralizeCell(cellOf(row, c, ctx)))).commit();
      if (out.writableNeedDrain) await once(out, "drain");
    }
    sheet.commit();
    await workbook.commit();
  })().catch((e: unknown) => out.destroy(exportFailed(e)));
  return {
    contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    fileName,
    stream: Readable.toWeb(out) as unknown as ReadableStream<Uint8Array>,
  };
}

/** Customer ids of a business in keyset pages of `size`, by (created_at desc, id desc) over its index. */
async function* customerIdBatches(db: DbOrTx, businessId: string, size: number): AsyncGenerator<string[]> {
  let cursor: string | null = null;
  const where = eq(customers.businessId, businessId);
  do {
    const page = await pageCustomerRows(db, where, {
      sort: { field: "createdAt", direction: "desc" },
      cursor,
      limit: size,
    });
    if (page.rows.length) yield page.rows.map((r) => r.id);
    cursor = page.nextCursor;
  } while (cursor);
}

/**
 * Streams a JSON backup of a business: `{ format, version, exportedAt, business, customFields,
 * customers, notes, tasks, activities }`. Customers (live and trashed) are read in keyset pages of 2,000;
 * notes, tasks and activities by pages of 500 customers through their `(business_id, customer_id…)`
 * indexes, so nothing is loaded whole. Times are ISO 8601 UTC. Errors: NOT_FOUND for an unknown business.
 */
export async function exportBusinessJson(db: DbOrTx, businessId: string): Promise<ExportResult> {
  const [business] = await db.select().from(businesses).where(eq(businesses.id, businessId)).limit(1);
  if (!business) throw new AppError("NOT_FOUND");

  async function* json(): AsyncGenerator<string> {
    yield `{"format":"mini-crm-backup","version":1,"exportedAt":${JSON.stringify(new Date())},"business":${JSON.stringify(business)}`;
    const fields = await db
      .select()
      .from(customFields)
      .where(eq(customFields.businessId, businessId))
      .orderBy(asc(customFields.position), asc(customFields.key));
    yield `,"customFields":${JSON.stringify(fields)}`;

    yield `,"customers":[`;
    let first = true;
    let cursor: string | null = null;
    do {
      const page = await pageCustomerRows(db, eq(customers.businessId, businessId), {
        sort: { field: "createdAt", direction: "desc" },
        cursor,
        limit: EXPORT_BATCH,
      });
      if (page.rows.length) {
        yield (first ? "" : ",") + page.rows.map((r) => JSON.stringify(r)).join(",");
        first = false;
      }
      cursor = page.nextCursor;
    } while (cursor);
    yield "]";

    const children: Array<[string, (ids: string[]) => Promise<unknown[]>]> = [
      [
        "notes",
        (ids) =>
          db
            .select()
            .from(notes)
            .where(and(eq(notes.businessId, businessId), inArray(notes.customerId, ids))),
      ],
      [
        "tasks",
        (ids) =>
          db
            .select()
            .from(tasks)
            .where(and(eq(tasks.businessId, businessId), inArray(tasks.customerId, ids))),
      ],
      [
        "activities",
        (ids) =>
          db
            .select()
            .from(activities)
            .where(and(eq(activities.businessId, businessId), inArray(activities.customerId, ids))),
      ],
    ];
    for (const [name, load] of children) {
      yield `,"${name}":[`;
      let firstRow = true;
      const emit = (rows: unknown[]) => {
        const text = (firstRow ? "" : ",") + rows.map((r) => JSON.stringify(r)).join(",");
        firstRow = false;
        return text;
      };
      if (name === "tasks") {
        const loose = await db
          .select()
          .from(tasks)
          .where(and(eq(tasks.businessId, businessId), isNull(tasks.customerId)));
        if (loose.length) yield emit(loose);
      }
      for await (const ids of customerIdBatches(db, businessId, 500)) {
        const rows = await load(ids);
        if (rows.length) yield emit(rows);
      }
      yield "]";
    }
    yield "}";
  }

  const stamp = new Date().toISOString().slice(0, 10);
  return {
    contentType: "application/json; charset=utf-8",
    fileName: `backup-${business.slug}-${stamp}.json`,
    stream: streamOf(json()),
  };
}
