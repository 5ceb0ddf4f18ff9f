import { and, asc, desc, eq, isNull, type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { isUniqueViolation } from "@/db/errors";
import { customers, segments } from "@/db/schema";
import type { CustomerFilterInput } from "@/server/domain/customers";
import { filterAsRules } from "@/server/domain/filter-rules";
import {
  type CreateSegmentInput,
  parseSegmentRules,
  type SegmentNode,
  type SegmentOutput,
  type SegmentRules,
  type UpdateSegmentInput,
} from "@/server/domain/segments";
import { AppError } from "@/server/errors";
import { toCustomerOutput } from "@/server/services/customers/fields";
import { businessTimeZone, parseCustomerFilter } from "@/server/services/customers/query";
import {
  filterSegmentRules,
  type SegmentContext,
  segmentCustomFields,
  segmentWhere,
} from "@/server/services/customers/segment-where";

/** Who acts on segments: the business, and the user (null for an API key). */
export interface SegmentActor {
  businessId: string;
  userId: string | null;
}

type SegmentRow = typeof segments.$inferSelect;

function toSegmentOutput(row: SegmentRow): SegmentOutput {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    rules: row.rules,
    preset: row.preset,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/**
 * Checks rules against the business's fields. Output: the checked rules and what compiling them needs.
 * Errors: VALIDATION with one field error per mistake, keyed `rules.<path>` (`rules.conditions[0].op`).
 */
export async function checkSegmentRules(
  db: DbOrTx,
  businessId: string,
  raw: unknown,
): Promise<{ rules: SegmentRules; context: SegmentContext }> {
  const fields = await segmentCustomFields(db, businessId);
  const parsed = parseSegmentRules(raw, fields);
  if (parsed.errors) {
    const errors = Object.fromEntries(Object.entries(parsed.errors).map(([k, v]) => [`rules.${k}`, v]));
    throw new AppError("VALIDATION", "Check the segment's rules.", errors);
  }
  return {
    rules: parsed.rules,
    context: { timeZone: await businessTimeZone(db, businessId), customFields: fields },
  };
}

/**
 * The WHERE clause of the live customers matching rules in one business: the tenancy condition, not
 * deleted, and the rules. Errors: VALIDATION (see `checkSegmentRules`).
 */
export async function segmentCustomersWhere(db: DbOrTx, businessId: string, raw: unknown): Promise<SQL> {
  const { rules, context } = await checkSegmentRules(db, businessId, raw);
  return and(
    eq(customers.businessId, businessId),
    isNull(customers.deletedAt),
    segmentWhere(rules, context),
  )!;
}

/**
 * The rules a customers list filter stands for, to start a segment from the list ("Save as segment"): the
 * filter's conditions (`filterAsRules`), the rules of its segment and its own `rules` (an "all" group's
 * conditions inline, an "any" group nested). Output: `{ rules, leftOut }`, where `leftOut` names what a
 * segment does not hold: `search` and `needsReview`. Errors: VALIDATION keyed `filter.<path>`;
 * NOT_FOUND on `filter.segmentId` for a segment of another business.
 */
export async function rulesFromFilter(
  db: DbOrTx,
  businessId: string,
  filterInput: CustomerFilterInput,
): Promise<{ rules: SegmentRules; leftOut: ("search" | "needsReview")[] }> {
  const filter = parseCustomerFilter(filterInput);
  const fields = await segmentCustomFields(db, businessId);
  const converted = filterAsRules(filter, fields);
  if (converted.errors) throw new AppError("VALIDATION", "Check the filter.", converted.errors);
  const conditions: SegmentNode[] = [...converted.rules.conditions];
  // An "all" group's conditions join the top group; an "any" group stays a group.
  for (const group of await filterSegmentRules(db, businessId, filter, fields)) {
    if (group.match === "all" || group.conditions.length === 1) conditions.push(...group.conditions);
    else conditions.push(group);
  }
  const leftOut: ("search" | "needsReview")[] = [];
  if (filter.search) leftOut.push("search");
  if (filter.needsReview !== undefined) leftOut.push("needsReview");
  return { rules: { match: "all", conditions }, leftOut };
}

function nameTaken(e: unknown): never {
  if (isUniqueViolation(e, "segments_business_id_lower_name_key")) {
    throw new AppError("CONFLICT", "A segment with this name exists. Choose another name.", {
      name: "A segment with this name exists.",
    });
  }
  throw e;
}

/** The business's segments, by name. */
export async function listSegments(db: DbOrTx, businessId: string): Promise<SegmentOutput[]> {
  const rows = await db
    .select()
    .from(segments)
    .where(eq(segments.businessId, businessId))
    .orderBy(asc(sql`lower(${segments.name})`), asc(segments.id));
  return rows.map(toSegmentOutput);
}

async function segmentRow(db: DbOrTx, businessId: string, segmentId: string): Promise<SegmentRow> {
  const [row] = await db
    .select()
    .from(segments)
    .where(and(eq(segments.businessId, businessId), eq(segments.id, segmentId)))
    .limit(1);
  if (!row) throw new AppError("NOT_FOUND", "No such segment in this business.");
  return row;
}

/** One segment. Errors: NOT_FOUND (also for another business's segment). */
export async function getSegment(db: DbOrTx, businessId: string, segmentId: string): Promise<SegmentOutput> {
  return toSegmentOutput(await segmentRow(db, businessId, segmentId));
}

/**
 * Saves rules as a named segment. Errors: VALIDATION on `rules.<path>`; CONFLICT on `name` when the
 * business has a segment of that name (case-insensitive).
 */
export async function createSegment(
  db: DbOrTx,
  actor: SegmentActor,
  input: CreateSegmentInput,
): Promise<SegmentOutput> {
  const { rules } = await checkSegmentRules(db, actor.businessId, input.rules);
  try {
    const [row] = await db
      .insert(segments)
      .values({
        businessId: actor.businessId,
        name: input.name,
        description: input.description ?? null,
        rules,
        createdBy: actor.userId,
      })
      .returning();
    return toSegmentOutput(row!);
  } catch (e) {
    nameTaken(e);
  }
}

/** Renames a segment, or replaces its description or rules. Errors: NOT_FOUND, VALIDATION, CONFLICT. */
export async function updateSegment(
  db: DbOrTx,
  actor: SegmentActor,
  input: UpdateSegmentInput,
): Promise<SegmentOutput> {
  await segmentRow(db, actor.businessId, input.segmentId);
  const values: Partial<typeof segments.$inferInsert> = { updatedAt: new Date() };
  if (input.name !== undefined) values.name = input.name;
  if (input.description !== undefined) values.description = input.description;
  if (input.rules !== undefined)
    values.rules = (await checkSegmentRules(db, actor.businessId, input.rules)).rules;
  try {
    const [row] = await db
      .update(segments)
      .set(values)
      .where(and(eq(segments.businessId, actor.businessId), eq(segments.id, input.segmentId)))
      .returning();
    if (!row) throw new AppError("NOT_FOUND", "No such segment in this business.");
    return toSegmentOutput(row);
  } catch (e) {
    nameTaken(e);
  }
}

/**
 * Copies a segment under the first free name of "<name> (copy)", "<name> (copy 2)" … Errors: NOT_FOUND.
 */
export async function duplicateSegment(
  db: DbOrTx,
  actor: SegmentActor,
  segmentId: string,
): Promise<SegmentOutput> {
  const source = await segmentRow(db, actor.businessId, segmentId);
  const taken = new Set(
    (
      await db.select({ name: segments.name }).from(segments).where(eq(segments.businessId, actor.businessId))
    ).map((r) => r.name.toLowerCase()),
  );
  const base = `${source.name.slice(0, 70)} (copy`;
  let name = `${base})`;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base} ${n})`;
  const [row] = await db
    .insert(segments)
    .values({
      businessId: actor.businessId,
      name,
      description: source.description,
      rules: source.rules,
      createdBy: actor.userId,
    })
    .returning();
  return toSegmentOutput(row!);
}

/** Deletes a segment. Errors: NOT_FOUND. */
export async function deleteSegment(
  db: DbOrTx,
  businessId: string,
  segmentId: string,
): Promise<{ id: string }> {
  const [row] = await db
    .delete(segments)
    .where(and(eq(segments.businessId, businessId), eq(segments.id, segmentId)))
    .returning({ id: segments.id });
  if (!row) throw new AppError("NOT_FOUND", "No such segment in this business.");
  return row;
}

/** How many live customers match rules (exact). Errors: VALIDATION on `rules.<path>`. */
export async function countByRules(db: DbOrTx, businessId: string, rules: unknown): Promise<number> {
  const where = await segmentCustomersWhere(db, businessId, rules);
  const [row] = await db.select({ count: sql<number>`count(*)::int` }).from(customers).where(where);
  return row?.count ?? 0;
}

/** How many live customers a saved segment matches now. Errors: NOT_FOUND. */
export async function countSegment(
  db: DbOrTx,
  businessId: string,
  segmentId: string,
): Promise<{ count: number }> {
  const segment = await segmentRow(db, businessId, segmentId);
  return { count: await countByRules(db, businessId, segment.rules) };
}

/**
 * The live preview of the rule builder: the count and the first `limit` matching customers, newest first.
 * Errors: VALIDATION on `rules.<path>`.
 */
export async function previewSegment(db: DbOrTx, businessId: string, rules: unknown, limit = 20) {
  const where = await segmentCustomersWhere(db, businessId, rules);
  const [[count], sample] = await Promise.all([
    db.select({ count: sql<number>`count(*)::int` }).from(customers).where(where),
    limit > 0
      ? db
          .select()
          .from(customers)
          .where(where)
          .orderBy(desc(customers.createdAt), desc(customers.id))
          .limit(limit)
      : Promise.resolve([]),
  ]);
  return { count: count?.count ?? 0, sample: sample.map(toCustomerOutput) };
}
