import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { type DbOrTx, execRows } from "@/db/client";
import { activities, activityType, customers, users } from "@/db/schema";
import { AppError } from "@/server/errors";

export type ActivityType = (typeof activityType.enumValues)[number];
export const activityTypes = activityType.enumValues;

/** One timeline entry to write. `data` is type-specific, e.g. `{ field, from, to }` or `{ tags }`. */
export interface ActivityInput {
  businessId: string;
  customerId: string;
  type: ActivityType;
  actorUserId?: string | null;
  data?: Record<string, unknown>;
  /** Defaults to the database's `now()`. */
  createdAt?: Date;
}

/** Rows per INSERT statement: keeps each statement's parameter count well under Postgres's 65,535. */
const INSERT_BATCH = 1_000;

/**
 * Appends timeline entries with multi-row INSERTs (1,000 rows a statement), and moves each customer's
 * `last_activity_at` to now (one UPDATE per business) unless `touch` is false. Callers pass rows of
 * customers they have already checked belong to `businessId`; the UPDATE filters on it too.
 * Output: the number of rows written.
 */
export async function recordActivities(
  db: DbOrTx,
  rows: readonly ActivityInput[],
  opts: { touch?: boolean } = {},
): Promise<number> {
  if (rows.length === 0) return 0;
  for (let i = 0; i < rows.length; i += INSERT_BATCH) {
    await db.insert(activities).values(
      rows.slice(i, i + INSERT_BATCH).map((r) => ({
        businessId: r.businessId,
        customerId: r.customerId,
        type: r.type,
        actorUserId: r.actorUserId ?? null,
        data: r.data ?? {},
        ...(r.createdAt ? { createdAt: r.createdAt } : {}),
      })),
    );
  }
  if (opts.touch !== false) {
    const byBusiness = new Map<string, Set<string>>();
    for (const r of rows) {
      const set = byBusiness.get(r.businessId) ?? new Set<string>();
      set.add(r.customerId);
      byBusiness.set(r.businessId, set);
    }
    for (const [businessId, ids] of byBusiness) {
      await db
        .update(customers)
        .set({ lastActivityAt: sql`now()` })
        .where(and(eq(customers.businessId, businessId), inArray(customers.id, [...ids])));
    }
  }
  return rows.length;
}

/** A timeline entry as the customer page shows it. */
export interface TimelineEntry {
  id: string;
  type: ActivityType;
  data: Record<string, unknown>;
  actorUserId: string | null;
  actorName: string | null;
  createdAt: Date;
}

interface TimelineCursor {
  /** `created_at` as exact UTC text with microseconds (JS dates keep only milliseconds). */
  t: string;
  id: string;
}

function encodeCursor(c: TimelineCursor): string {
  return Buffer.from(JSON.stringify([c.t, c.id])).toString("base64url");
}

function decodeCursor(cursor: string): TimelineCursor {
  try {
    const [t, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as [unknown, unknown];
    if (typeof t === "string" && typeof id === "string" && /^[0-9a-f-]{36}$/i.test(id)) return { t, id };
  } catch {}
  throw new AppError("VALIDATION", "The page cursor is not valid.", { cursor: "Invalid cursor." });
}

const utcMicros = (col: unknown) =>
  sql<string>`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * The "imported" entry of a customer an import created. Imports write no activity row per created
 * customer (a million-row import would write a million); the entry is derived from `customers.import_id`
 * and the import, at the customer's creation time, with the import's id as its id. Null when the type
 * filter or the cursor excludes it, or when an "imported" row for that import already exists (written
 * before imports stopped writing them).
 */
async function importedEntry(
  db: DbOrTx,
  businessId: string,
  customerId: string,
  customer: { importId: string | null; createdAt: Date; cursorTime: string },
  types: readonly ActivityType[] | undefined,
  cursor: TimelineCursor | null,
): Promise<(TimelineEntry & { cursorTime: string }) | null> {
  const importId = customer.importId;
  if (!importId || (types?.length && !types.includes("imported"))) return null;
  if (
    cursor &&
    !(customer.cursorTime < cursor.t || (customer.cursorTime === cursor.t && importId < cursor.id))
  )
    return null;
  const [row] = await execRows<{
    file_name: string;
    created_by_id: string | null;
    actor_name: string | null;
    has_row: boolean;
  }>(
    db,
    sql`select i.file_name, i.created_by_id, u.name as actor_name,
          exists (select 1 from activities a where a.business_id = ${businessId} and a.customer_id = ${customerId}
                  and a.type = 'imported' and a.data->>'importId' = ${importId}) as has_row
        from imports i left join users u on u.id = i.created_by_id
        where i.business_id = ${businessId} and i.id = ${importId}`,
  );
  if (!row || row.has_row) return null;
  return {
    id: importId,
    type: "imported",
    data: { importId, fileName: row.file_name },
    actorUserId: row.created_by_id,
    actorName: row.actor_name,
    createdAt: customer.createdAt,
    cursorTime: customer.cursorTime,
  };
}

/**
 * Writes, as real timeline rows, the derived "imported" entries (see `importedEntry`) of `customerIds`
 * of the business: one per customer created by an import that has no "imported" row for it yet, at the
 * customer's creation time. Used before a merge moves those customers' timelines to the survivor, where
 * the derivation from `import_id` no longer applies. Output: the number of rows written.
 */
export async function materializeImportedEntries(
  db: DbOrTx,
  businessId: string,
  customerIds: readonly string[],
): Promise<number> {
  if (customerIds.length === 0) return 0;
  const rows = await execRows<{ id: string }>(
    db,
    sql`insert into activities (business_id, customer_id, type, actor_user_id, data, created_at)
        select c.business_id, c.id, 'imported', i.created_by_id,
          jsonb_build_object('importId', i.id::text, 'fileName', i.file_name), c.created_at
        from customers c join imports i on i.business_id = c.business_id and i.id = c.import_id
        where c.business_id = ${businessId} and c.id = any(${`{${customerIds.join(",")}}`}::uuid[])
          and not exists (select 1 from activities a where a.business_id = c.business_id
            and a.customer_id = c.id and a.type = 'imported' and a.data->>'importId' = c.import_id::text)
        returning id`,
  );
  return rows.length;
}

/**
 * A customer's timeline, newest first, keyset-paginated by (created_at desc, id desc) over the index
 * `activities_business_id_customer_id_created_at_idx`. `types` narrows to some activity types; `limit`
 * 1–200 (default 50); `cursor` is the opaque `nextCursor` of the previous page.
 * Output: `{ data, nextCursor }` (`nextCursor` null on the last page).
 * Errors: NOT_FOUND when the customer is not this business's (trashed customers keep their timeline);
 * VALIDATION for a malformed cursor.
 */
export async function listTimeline(
  db: DbOrTx,
  opts: {
    businessId: string;
    customerId: string;
    types?: readonly ActivityType[];
    cursor?: string | null;
    limit?: number;
  },
): Promise<{ data: TimelineEntry[]; nextCursor: string | null }> {
  const limit = Math.min(Math.max(opts.limit ?? 50, 1), 200);
  const [customer] = await db
    .select({
      id: customers.id,
      importId: customers.importId,
      createdAt: customers.createdAt,
      cursorTime: utcMicros(customers.createdAt),
    })
    .from(customers)
    .where(and(eq(customers.businessId, opts.businessId), eq(customers.id, opts.customerId)))
    .limit(1);
  if (!customer) throw new AppError("NOT_FOUND");

  const cursor = opts.cursor ? decodeCursor(opts.cursor) : null;
  const conditions = [eq(activities.businessId, opts.businessId), eq(activities.customerId, opts.customerId)];
  if (opts.types?.length) conditions.push(inArray(activities.type, [...opts.types]));
  if (cursor) {
    conditions.push(
      sql`(${activities.createdAt} < ${cursor.t}::timestamptz or (${activities.createdAt} = ${cursor.t}::timestamptz and ${activities.id} < ${cursor.id}::uuid))`,
    );
  }
  const rows: (TimelineEntry & { cursorTime: string })[] = await db
    .select({
      id: activities.id,
      type: activities.type,
      data: activities.data,
      actorUserId: activities.actorUserId,
      actorName: users.name,
      createdAt: activities.createdAt,
      cursorTime: utcMicros(activities.createdAt),
    })
    .from(activities)
    .leftJoin(users, eq(users.id, activities.actorUserId))
    .where(and(...conditions))
    .orderBy(sql`${activities.createdAt} desc nulls last`, desc(activities.id))
    .limit(limit + 1);

  const imported = customer.importId
    ? await importedEntry(db, opts.businessId, opts.customerId, customer, opts.types, cursor)
    : null;
  if (imported) {
    rows.push(imported);
    // Same order as the query: time, then id, both descending (the text forms sort like the values).
    rows.sort((a, b) =>
      a.cursorTime === b.cursorTime ? (a.id < b.id ? 1 : -1) : a.cursorTime < b.cursorTime ? 1 : -1,
    );
  }
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    data: page.map(({ cursorTime: _, ...r }) => r),
    nextCursor: rows.length > limit && last ? encodeCursor({ t: last.cursorTime, id: last.id }) : null,
  };
}
