/*
 * Why one file (about 650 lines): the customers list's WHERE builder, its keyset pagination, its
 * prepared first page and its counts must agree on every filter and sort; they are kept side by side so
 * a new filter or sort changes them together.
 */
import {
  type AnyColumn,
  and,
  eq,
  fillPlaceholders,
  getTableColumns,
  isNotNull,
  isNull,
  or,
  type SQL,
  sql,
} from "drizzle-orm";
import type { Sql } from "postgres";
import { type DbOrTx, isEmbedded } from "@/db/client";
import { businesses, customerCounts, customerSearchText, customers } from "@/db/schema";
import type {
  CustomerFilter,
  CustomerFilterInput,
  CustomerJson,
  CustomerOutput,
  CustomerSort,
  CustomerSortField,
  ListCustomersInput,
} from "@/server/domain/customers";
import { customerFilterInput, listCustomersInput } from "@/server/domain/customers";
import { filterAsRules } from "@/server/domain/filter-rules";
import { AppError } from "@/server/errors";
import { likePattern } from "./conditions";
import {
  type CustomerOutputRow,
  type CustomerRow,
  customerOutputColumns,
  toCustomerJson,
  toCustomerOutput,
} from "./fields";
import {
  filterSegmentCondition,
  type SegmentContext,
  segmentCustomFields,
  segmentWhere,
} from "./segment-where";

export { type FilterContext, likePattern, monthDayRanges } from "./conditions";

const phoneLike = /^[\d\s+().\-/]+$/;

/** Digits of a typed phone fragment without leading zeros (trunk "0" or international "00" prefix). */
function searchDigits(text: string): string {
  return text.replace(/\D/g, "").replace(/^0+/, "");
}

/**
 * Search as you type, over `customerSearchText` (lower-case name, email and phone digits) through the
 * trigram GIN index `customers_search_idx`: every word must appear in it (`LIKE '%word%'`), so `sharma`
 * finds "Ravi Sharma" and `patel@shop` an email. A word that looks like a phone fragment (digits, spaces,
 * + ( ) - . /) with 3+ digits may match by its digits alone, and so may the whole query, so `98765`,
 * `+91 98765-43210` and `098765 43210` all find +91 98765 43210.
 */
function searchCondition(q: string): SQL | undefined {
  const text = customerSearchText(customers);
  const words = q.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return undefined;
  const perWord = words.map((w) => {
    const byText = sql`${text} like ${likePattern(w)}`;
    const digits = searchDigits(w);
    if (phoneLike.test(w) && digits.length >= 3 && digits !== w)
      return or(byText, sql`${text} like ${likePattern(digits)}`)!;
    return byText;
  });
  const byWords = and(...perWord)!;
  const digits = searchDigits(q);
  if (words.length > 1 && phoneLike.test(q) && digits.length >= 3) {
    return or(byWords, sql`${text} like ${likePattern(digits)}`);
  }
  return byWords;
}

const isDateOnly = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v);

/** Whether `filter` needs the business's time zone (so it is loaded only then). */
export function filterNeedsTimeZone(filter: CustomerFilter): boolean {
  return Boolean(
    filter.segmentId ||
      filter.rules ||
      filter.birthday ||
      filter.anniversary ||
      [filter.created?.from, filter.created?.to, filter.lastActivity?.from, filter.lastActivity?.to].some(
        (v) => v && isDateOnly(v),
      ),
  );
}

/** The business's IANA time zone. Errors: NOT_FOUND for an unknown business. */
export async function businessTimeZone(db: DbOrTx, businessId: string): Promise<string> {
  const [b] = await db
    .select({ timeZone: businesses.timeZone })
    .from(businesses)
    .where(eq(businesses.id, businessId))
    .limit(1);
  if (!b) throw new AppError("NOT_FOUND");
  return b.timeZone;
}

/**
 * The WHERE clause of the customers list, shared by list, count, bulk actions and export (so a count
 * always equals what the list pages through): `business_id = ?` first, then live vs Trash, search (trigram
 * GIN), "needs review" (its partial index), then the filter's conditions as one group of segment rules
 * (`filterAsRules`) compiled by the segment compiler, and the filter's `segmentId` / `rules` condition.
 * Errors: VALIDATION keyed `filter.customFields[i]…` for a custom field condition the business's fields do
 * not take.
 */
export function buildCustomerWhere(
  businessId: string,
  filter: CustomerFilter,
  ctx: SegmentContext,
  /** A segment's condition (`filterSegmentCondition`), ANDed with the rest. */
  segment?: SQL,
): SQL {
  const c = customers;
  const parts: (SQL | undefined)[] = [
    eq(c.businessId, businessId),
    filter.deleted ? isNotNull(c.deletedAt) : isNull(c.deletedAt),
  ];
  if (filter.search) parts.push(searchCondition(filter.search));
  // The same predicate as the partial index customers_business_id_needs_review_idx.
  if (filter.needsReview === true) parts.push(sql`${c.invalidValues} <> '{}'::jsonb`);
  if (filter.needsReview === false) parts.push(sql`${c.invalidValues} = '{}'::jsonb`);
  const converted = filterAsRules(filter, ctx.customFields);
  if (converted.errors) throw new AppError("VALIDATION", "Check the filter.", converted.errors);
  if (converted.rules.conditions.length) parts.push(segmentWhere(converted.rules, ctx));
  if (segment) parts.push(segment);
  return and(...parts)!;
}

/** A filter as callers write it, checked (defaults applied). Errors: VALIDATION keyed `filter.<path>`. */
export function parseCustomerFilter(filterInput: CustomerFilterInput): CustomerFilter {
  const parsed = customerFilterInput.safeParse(filterInput);
  if (!parsed.success) {
    const fieldErrors = Object.fromEntries(
      parsed.error.issues.map((i) => [`filter.${i.path.join(".")}`, i.message]),
    );
    throw new AppError("VALIDATION", "Check the filter.", fieldErrors);
  }
  return parsed.data;
}

/**
 * `buildCustomerWhere` for a filter as callers write it: validated (defaults applied), with the business's
 * time zone and custom fields loaded only when the filter needs them. Errors: VALIDATION for a malformed
 * filter; NOT_FOUND on `filter.segmentId` for another business's segment.
 */
export async function customerWhere(
  db: DbOrTx,
  businessId: string,
  filterInput: CustomerFilterInput,
): Promise<SQL> {
  const filter = parseCustomerFilter(filterInput);
  const [timeZone, customFields] = await Promise.all([
    filterNeedsTimeZone(filter) ? businessTimeZone(db, businessId) : "UTC",
    filter.customFields?.length || filter.segmentId || filter.rules
      ? segmentCustomFields(db, businessId)
      : [],
  ]);
  const ctx: SegmentContext = { timeZone, customFields };
  const segment = await filterSegmentCondition(db, businessId, filter, ctx);
  return buildCustomerWhere(businessId, filter, ctx, segment);
}

// ---------------------------------------------------------------------------------------------------
// Sort and keyset

interface SortSpec {
  expr: SQL;
  /** The sort value as exact text, for the cursor. */
  cursorValue: SQL<string | null>;
  /** Postgres type the cursor text is cast back to. */
  cast: SQL;
  nullable: boolean;
  /** NULLS placement per direction, chosen to match the column's btree index so the scan needs no sort. */
  nulls: { asc: "first" | "last"; desc: "first" | "last" };
}

const utcMicros = (col: SQL | AnyColumn) =>
  sql<string>`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

function timeSort(col: AnyColumn): SortSpec {
  // Indexes are (business_id, <col> desc nulls last, id desc nulls last): desc reads forward, asc backward.
  return {
    expr: sql`${col}`,
    cursorValue: utcMicros(col),
    cast: sql`timestamptz`,
    nullable: false,
    nulls: { asc: "first", desc: "last" },
  };
}

const sortSpecs: Record<CustomerSortField, SortSpec> = {
  // Index (business_id, name, id): asc reads forward, desc backward.
  name: {
    expr: sql`${customers.name}`,
    cursorValue: sql<string>`${customers.name}`,
    cast: sql`text`,
    nullable: false,
    nulls: { asc: "last", desc: "first" },
  },
  createdAt: timeSort(customers.createdAt),
  updatedAt: timeSort(customers.updatedAt),
  lastActivityAt: timeSort(customers.lastActivityAt),
  email: {
    expr: sql`lower(${customers.email})`,
    cursorValue: sql<string | null>`lower(${customers.email})`,
    cast: sql`text`,
    nullable: true,
    nulls: { asc: "last", desc: "last" },
  },
  company: {
    expr: sql`lower(${customers.company})`,
    cursorValue: sql<string | null>`lower(${customers.company})`,
    cast: sql`text`,
    nullable: true,
    nulls: { asc: "last", desc: "last" },
  },
  // Index (business_id, total_spent desc, id desc): desc reads forward, asc backward.
  totalSpent: {
    expr: sql`${customers.totalSpent}`,
    cursorValue: sql<string>`${customers.totalSpent}::text`,
    cast: sql`bigint`,
    nullable: false,
    nulls: { asc: "first", desc: "last" },
  },
  lifecycleStage: {
    expr: sql`${customers.lifecycleStage}`,
    cursorValue: sql<string>`${customers.lifecycleStage}::text`,
    cast: sql`lifecycle_stage`,
    nullable: false,
    nulls: { asc: "last", desc: "first" },
  },
};

interface DecodedCursor {
  value: string | null;
  id: string;
}

/** Opaque cursor: base64url of JSON [sort field, direction, sort value as text, id]. */
function encodeCursor(sort: CustomerSort, value: string | null, id: string): string {
  return Buffer.from(JSON.stringify([sort.field, sort.direction, value, id])).toString("base64url");
}

function decodeCursor(cursor: string, sort: CustomerSort): DecodedCursor {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown[];
    const [field, direction, value, id] = parsed;
    if (
      field === sort.field &&
      direction === sort.direction &&
      (value === null || typeof value === "string") &&
      typeof id === "string" &&
      /^[0-9a-f-]{36}$/i.test(id)
    ) {
      return { value, id };
    }
  } catch {}
  throw new AppError("VALIDATION", "The page cursor is not valid for this sort.", {
    cursor: "Invalid cursor.",
  });
}

/** Rows after the cursor in (sort value, id) order; row comparisons so btree indexes serve them. */
function keysetCondition(spec: SortSpec, direction: "asc" | "desc", cursor: DecodedCursor): SQL {
  const cmp = direction === "asc" ? sql`>` : sql`<`;
  const id = sql`${cursor.id}::uuid`;
  if (cursor.value === null) {
    // Only nullable columns sort NULLs (always last); after a NULL come only NULLs with a later id.
    return sql`(${spec.expr} is null and ${customers.id} ${cmp} ${id})`;
  }
  const value = sql`${cursor.value}::${spec.cast}`;
  const after = sql`(${spec.expr}, ${customers.id}) ${cmp} (${value}, ${id})`;
  return spec.nullable ? sql`(${after} or ${spec.expr} is null)` : after;
}

function orderBy(spec: SortSpec, direction: "asc" | "desc"): SQL[] {
  const dir = direction === "asc" ? sql`asc` : sql`desc`;
  const nulls = spec.nulls[direction] === "first" ? sql`nulls first` : sql`nulls last`;
  return [sql`${spec.expr} ${dir} ${nulls}`, sql`${customers.id} ${dir} ${nulls}`];
}

/**
 * Whether `filter` has a condition the GIN index `customers_search_idx` answers directly (a search word of
 * 3+ characters, tags any/all, custom field equality): such a filter usually matches few customers, so a
 * page is best found by collecting the matches first and sorting them, not by walking a sort index.
 */
export function isNarrowFilter(filter: CustomerFilter): boolean {
  return Boolean(
    filter.search?.split(/\s+/).some((w) => w.length >= 3) ||
      filter.tags?.any?.length ||
      filter.tags?.all?.length ||
      filter.customFields?.some((f) => f.op === "equals" || f.op === "anyOf" || f.op === "isSet"),
  );
}

/**
 * Matches collected before sorting on the narrow path of `pageCustomerRows`; past this many, the page is
 * read by walking the sort index instead (the matches are then dense enough for the walk to be short).
 */
export const NARROW_PAGE_CAP = 5_000;

/**
 * One keyset page of customer rows (internal: no limit cap, so export can read 2,000 at a time).
 * `narrow` (see `isNarrowFilter`) first collects up to `NARROW_PAGE_CAP` matches through the GIN index
 * and sorts them (one statement); with more matches than that, or without `narrow`, it walks the sort
 * column's btree index. Both give the same rows in the same order.
 * Output: full rows and `nextCursor` (null on the last page).
 */
export async function pageCustomerRows(
  db: DbOrTx,
  where: SQL,
  opts: PageOptions,
): Promise<{ rows: CustomerRow[]; nextCursor: string | null }> {
  const queries = customerPageQueries(db, where, opts);
  const page = (result: (CustomerRow & { sortValue: string | null })[]) => {
    const rows = result.slice(0, opts.limit);
    const last = rows.at(-1);
    return {
      rows: rows.map(({ sortValue: _, ...row }) => row),
      nextCursor:
        result.length > opts.limit && last ? encodeCursor(opts.sort, last.sortValue, last.id) : null,
    };
  };
  if (queries.narrow) {
    const result = await queries.narrow;
    const matched = Number(result[0]?.matched ?? 0);
    if (matched <= queries.cap) return page(result.map(({ matched: _, ...r }) => r));
  }
  return page(await queries.walk);
}

interface PageOptions {
  sort: CustomerSort;
  cursor?: string | null;
  limit: number;
  narrow?: boolean;
  /** Overrides `NARROW_PAGE_CAP` (tests). */
  narrowCap?: number;
}

/**
 * The statements `pageCustomerRows` sends (exported so `npm run bench` can time the same SQL raw):
 * `narrow` (only with `opts.narrow`) collects up to `cap` matches without an ORDER BY, so the planner
 * takes them from the GIN index, and sorts them, with the number collected in `matched`; `walk` reads
 * in the sort column's index order. Each selects `limit + 1` rows (the extra one tells a next page exists).
 */
export function customerPageQueries(db: DbOrTx, where: SQL, opts: PageOptions) {
  const spec = sortSpecs[opts.sort.field];
  const conditions = [where];
  if (opts.cursor)
    conditions.push(keysetCondition(spec, opts.sort.direction, decodeCursor(opts.cursor, opts.sort)));
  const order = orderBy(spec, opts.sort.direction);
  const cap = opts.narrowCap ?? NARROW_PAGE_CAP;
  const walk = db
    .select({ ...getTableColumns(customers), sortValue: spec.cursorValue })
    .from(customers)
    .where(and(...conditions))
    .orderBy(...order)
    .limit(opts.limit + 1);
  if (!opts.narrow) return { walk, narrow: null, cap };
  const matches = sql`(select ${customers.id} as id, ${spec.expr} as sort_key from ${customers}
    where ${and(...conditions)} limit ${cap + 1})`;
  const dir = opts.sort.direction === "asc" ? sql`asc` : sql`desc`;
  const nulls = spec.nulls[opts.sort.direction] === "first" ? sql`nulls first` : sql`nulls last`;
  const top = sql`(select m.id, count(*) over () as matched from ${matches} m
    order by m.sort_key ${dir} ${nulls}, m.id ${dir} ${nulls} limit ${opts.limit + 1})`;
  const narrow = db
    .select({ ...getTableColumns(customers), sortValue: spec.cursorValue, matched: sql<number>`t.matched` })
    .from(customers)
    .innerJoin(sql`${top} t`, sql`t.id = ${customers.id}`)
    .where(and(...conditions))
    .orderBy(...order);
  return { walk, narrow, cap };
}

/**
 * A page of a business's customers: search, filters (`customerFilterInput`), sort by any listed column with
 * `id` as tiebreaker, keyset pagination through an opaque cursor (never OFFSET), `limit` ≤ 200 (default 50).
 * One parameterized SELECT. Output: `{ rows, nextCursor }`.
 * Errors: VALIDATION for a malformed query, or a cursor made under another sort or tampered with.
 */
export async function listCustomers(db: DbOrTx, businessId: string, query: ListCustomersInput) {
  const parsed = listCustomersInput.safeParse(query);
  if (!parsed.success) {
    const fieldErrors = Object.fromEntries(parsed.error.issues.map((i) => [i.path.join("."), i.message]));
    throw new AppError("VALIDATION", "Check the list query.", fieldErrors);
  }
  const q = parsed.data;
  const where = await customerWhere(db, businessId, q.filter);
  return pageCustomerRows(db, where, {
    sort: q.sort,
    cursor: q.cursor,
    limit: q.limit,
    narrow: isNarrowFilter(q.filter),
  });
}

/**
 * How the first page gives timestamps: as Dates (`dates`, the app's tRPC answers) or as the ISO 8601 text
 * JSON carries (`json`, REST answers), made by Postgres so no date is made and printed again per row.
 */
type Timestamps = "dates" | "json";

/** The default first page's statements, built once per database handle and kind (see `firstPageOf`). */
const firstPageStatements = new WeakMap<object, Partial<Record<Timestamps, FirstPageStatement>>>();

/**
 * The customer columns the first page selects, in the statement's order: `[key, column]`. Only what the
 * API shape reads (`customerOutputColumns`): the search and bookkeeping columns are neither read by
 * Postgres's output functions nor decoded here.
 */
const firstPageColumns = customerOutputColumns.map((key) => [key, customers[key]] as const);

/**
 * A timestamp as `Date.prototype.toJSON` prints it: UTC, milliseconds (Postgres's `MS` drops the
 * microseconds as JavaScript's Date does: .015999 → .015).
 */
const timestampAsJsonText = (column: (typeof firstPageColumns)[number][1]) =>
  sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

type FirstPageStatement = ReturnType<typeof prepareFirstPage>;

function prepareFirstPage(db: DbOrTx, timestamps: Timestamps) {
  const spec = sortSpecs.createdAt;
  const businessId = sql.placeholder("businessId");
  const asText = (column: (typeof firstPageColumns)[number][1]) =>
    timestamps === "json" && column.columnType === "PgTimestamp";
  const query = db
    .select({
      ...Object.fromEntries(
        firstPageColumns.map(([key, column]) => [key, asText(column) ? timestampAsJsonText(column) : column]),
      ),
      sortValue: spec.cursorValue,
      total: sql<number | null>`(select ${customerCounts.live} from ${customerCounts}
        where ${customerCounts.businessId} = ${businessId})`,
    })
    .from(customers)
    .where(and(eq(customers.businessId, businessId), isNull(customers.deletedAt)))
    .orderBy(...orderBy(spec, "desc"))
    .limit(sql.placeholder("limit"));
  // How each selected column's value is decoded on the postgres.js path (text timestamps: as they come).
  const decoders = firstPageColumns.map(([key, column]) =>
    asText(column)
      ? ([key, (v: unknown) => v] as const)
      : ([key, (v: unknown) => column.mapFromDriverValue(v)] as const),
  );
  return {
    prepared: query.prepare(timestamps === "json" ? "customers_first_page_json" : "customers_first_page"),
    built: query.toSQL(),
    decoders,
  };
}

/**
 * The first page's rows as `[...customer columns, sortValue, total]` arrays. On Postgres the statement
 * goes to postgres.js as it is (a named prepared statement) and each value is decoded by its column's
 * own mapping, which is what Drizzle's select does minus its per-cell bookkeeping (the most-used request
 * of the REST API pays for it on every call); PGlite runs Drizzle's prepared statement.
 */
async function firstPageRows(
  db: DbOrTx,
  statement: FirstPageStatement,
  values: { businessId: string; limit: number },
): Promise<{ row: CustomerOutputRow; sortValue: string | null; total: number | null }[]> {
  const client = (db as { $client?: unknown }).$client;
  if (!client || isEmbedded(db)) {
    const rows = await statement.prepared.execute(values);
    return rows.map(({ sortValue, total, ...row }) => ({
      row: row as CustomerOutputRow,
      sortValue: sortValue as string | null,
      total: total as number | null,
    }));
  }
  const params = fillPlaceholders(statement.built.params, values);
  const arrays = await (client as Sql)
    .unsafe(statement.built.sql, params as never[], { prepare: true })
    .values();
  const { decoders } = statement;
  const n = decoders.length;
  return arrays.map((values) => {
    const row: Record<string, unknown> = {};
    for (let i = 0; i < n; i++) {
      const [key, decode] = decoders[i]!;
      const value = values[i];
      row[key] = value === null ? null : decode(value);
    }
    return {
      row: row as CustomerOutputRow,
      sortValue: values[n] as string | null,
      total: values[n + 1] as number | null,
    };
  });
}

/**
 * The page every user opens first (live customers, newest first, no filter, no cursor) with its total
 * from the per-business counter: one statement built once, no query building per call. Output: as
 * `listCustomersWithTotal` (with `json`, timestamps are ISO text although typed as dates: the caller
 * says so), or null when the counter row is missing (the caller counts instead).
 */
async function firstPageOf(db: DbOrTx, businessId: string, limit: number, timestamps: Timestamps) {
  let statements = firstPageStatements.get(db);
  if (!statements) {
    statements = {};
    firstPageStatements.set(db, statements);
  }
  let statement = statements[timestamps];
  if (!statement) {
    statement = prepareFirstPage(db, timestamps);
    statements[timestamps] = statement;
  }
  const result = await firstPageRows(db, statement, { businessId, limit: limit + 1 });
  const total = result[0]?.total;
  if (total === undefined || total === null) return null;
  const rows = result.length > limit ? result.slice(0, limit) : result;
  const last = rows.at(-1);
  return {
    data: rows.map((r) => toCustomerOutput(r.row)),
    nextCursor:
      result.length > limit && last ? encodeCursor(DEFAULT_LIST_SORT, last.sortValue, last.row.id) : null,
    total: { total: Number(total), exact: true },
  };
}

const DEFAULT_LIST_SORT: CustomerSort = { field: "createdAt", direction: "desc" };

/**
 * A page of the list in the API shape (`toCustomerOutput`) and the total matching the same filter, as
 * `listCustomers` and `countCustomers` give them. The default first page (no filter, newest first, no
 * cursor) is answered by one prepared statement that selects only the columns of the API shape and also
 * reads the per-business counter. Output: `{ data, nextCursor, total: { total, exact } }`. Errors: as
 * `listCustomers`.
 */
export async function listCustomersWithTotal(
  db: DbOrTx,
  businessId: string,
  query: ListCustomersInput,
): Promise<{ data: CustomerOutput[]; nextCursor: string | null; total: CustomerTotal }> {
  return (await pageWithTotal(db, businessId, query, "dates")).page;
}

/**
 * As `listCustomersWithTotal`, for a JSON answer (REST v1): customers as `CustomerJson`, timestamps as
 * the ISO 8601 text `JSON.stringify` would make of them, so the serialized answer is the same. The
 * default first page gets that text from Postgres and makes no Date at all.
 */
export async function listCustomersAsJson(
  db: DbOrTx,
  businessId: string,
  query: ListCustomersInput,
): Promise<{ data: CustomerJson[]; nextCursor: string | null; total: CustomerTotal }> {
  const { page, timestamps } = await pageWithTotal(db, businessId, query, "json");
  if (timestamps === "json") return { ...page, data: page.data as unknown as CustomerJson[] };
  return { ...page, data: page.data.map(toCustomerJson) };
}

/** The two above: the page, and what its timestamps are (the first page gives text when `want` is json). */
async function pageWithTotal(db: DbOrTx, businessId: string, query: ListCustomersInput, want: Timestamps) {
  const parsed = listCustomersInput.safeParse(query);
  if (
    parsed.success &&
    !parsed.data.cursor &&
    parsed.data.sort.field === "createdAt" &&
    parsed.data.sort.direction === "desc" &&
    isUnfiltered(parsed.data.filter)
  ) {
    const page = await firstPageOf(db, businessId, parsed.data.limit, want);
    if (page) return { page, timestamps: want };
  }
  const [page, total] = await Promise.all([
    listCustomers(db, businessId, query),
    countCustomers(db, businessId, query.filter ?? {}),
  ]);
  return {
    page: { data: page.rows.map(toCustomerOutput), nextCursor: page.nextCursor, total },
    timestamps: "dates" as Timestamps,
  };
}

/** Past this many matches a filtered total is shown as "10,000+" unless counted exactly on demand. */
export const COUNT_CAP = 10_000;

export interface CustomerTotal {
  /** Matching customers; when `exact` is false, a lower bound (`COUNT_CAP`: "10,000+"). */
  total: number;
  exact: boolean;
}

/** Whether `filter` is the unfiltered list of live customers (answered by the per-business counter). */
function isUnfiltered(filter: CustomerFilterInput): boolean {
  return Object.entries(filter).every(
    ([key, v]) =>
      v === undefined ||
      (key === "deleted" && v === false) ||
      (key === "search" && typeof v === "string" && v.trim() === ""),
  );
}

/**
 * How many customers match `filter` (the same WHERE as `listCustomers`). The unfiltered total of live
 * customers is read from `customer_counts` (kept by triggers in the same transaction as every change);
 * a filtered total is counted up to `COUNT_CAP` + 1 rows and reported as not exact past the cap, unless
 * `exact` asks for the full `count(*)`. Output: `{ total, exact }`.
 */
export async function countCustomers(
  db: DbOrTx,
  businessId: string,
  filter: CustomerFilterInput = {},
  opts: { exact?: boolean } = {},
): Promise<CustomerTotal> {
  if (isUnfiltered(filter)) {
    const [row] = await db
      .select({ live: customerCounts.live })
      .from(customerCounts)
      .where(eq(customerCounts.businessId, businessId));
    if (row) return { total: row.live, exact: true };
  }
  const where = await customerWhere(db, businessId, filter);
  if (opts.exact) {
    const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(customers).where(where);
    return { total: row?.n ?? 0, exact: true };
  }
  const capped = db
    .select({ one: sql`1` })
    .from(customers)
    .where(where)
    .limit(COUNT_CAP + 1)
    .as("capped");
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(capped);
  const n = row?.n ?? 0;
  return n > COUNT_CAP ? { total: COUNT_CAP, exact: false } : { total: n, exact: true };
}

/** The exact number of customers matching `filter` (bulk actions and exports act on all of them). */
export async function countCustomersExact(
  db: DbOrTx,
  businessId: string,
  filter: CustomerFilterInput = {},
): Promise<number> {
  return (await countCustomers(db, businessId, filter, { exact: true })).total;
}
