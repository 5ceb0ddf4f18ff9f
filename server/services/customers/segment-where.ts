/*
 * Why one file (~430 lines because): each field type's SQL sits beside the others so the two-valued
 * semantics (a missing value is "not equal", never "greater") are written and reviewed once; the loaders
 * at the end are the few lines that fetch what compiling needs.
 */
import { type AnyColumn, and, arrayContains, arrayOverlaps, eq, type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { customers, customFields, segments, tasks } from "@/db/schema";
import {
  type BuiltInSegmentField,
  builtInSegmentFields,
  type ConsentState,
  customFieldSegmentType,
  isSegmentGroup,
  parseSegmentRules,
  type SegmentCondition,
  type SegmentCustomField,
  type SegmentFieldType,
  type SegmentNode,
  type SegmentRules,
} from "@/server/domain/segments";
import { AppError } from "@/server/errors";
import { type FilterContext, likePattern, monthDayRanges } from "./conditions";
import { startOfDayIn, todayIn } from "./fields";

/*
 * Segment rules → one parameterised SQL condition on `customers`. Every value is a bound parameter (or a
 * number the rules' schema has checked), never SQL text. Each condition is two-valued: a customer without
 * a value is "not equal", "does not contain" and "has none of", and never "greater than" anything, so NOT
 * and OR behave as people read them (no SQL NULL logic leaks out). Negative operators are written in their
 * own two-valued form (`not coalesce(…, false)`, `is distinct from`); positive ones are left bare, because
 * rules put no NOT above a condition and a NULL inside AND / OR filters a row out exactly as false does,
 * and a bare comparison is one an index can serve (`birthday_md between …`, `lower(source) in …`).
 */

/** What compiling needs besides the rules: the business's time zone, its custom fields, and "now". */
export interface SegmentContext extends FilterContext {
  customFields: readonly SegmentCustomField[];
}

const textColumns = {
  name: customers.name,
  email: customers.email,
  company: customers.company,
  city: customers.city,
  country: customers.country,
  source: customers.source,
  phone: customers.phone,
  whatsapp: customers.whatsapp,
} as const;

const consentColumns = {
  "consent.email": customers.emailConsent,
  "consent.whatsapp": customers.whatsappConsent,
  "consent.sms": customers.smsConsent,
} as const;

const list = (values: readonly unknown[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );
const textArray = (values: readonly string[]) => sql`array[${list(values)}]::text[]`;
const jsonb = (value: unknown) => sql`${JSON.stringify(value)}::jsonb`;
const digitsOf = (text: string) => text.replace(/\D/g, "");
const isDateOnly = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v);

/** A calendar date `days` days from today in the business's time zone, as YYYY-MM-DD. */
function dayFromToday(ctx: SegmentContext, days: number): string {
  const t = todayIn(ctx.timeZone, ctx.now);
  return new Date(Date.UTC(t.year, t.month - 1, t.day + days)).toISOString().slice(0, 10);
}

/** The current month (1–12) in the business's time zone, or the month the condition names. */
function monthOf(value: unknown, ctx: SegmentContext): number {
  return value === "current" ? todayIn(ctx.timeZone, ctx.now).month : (value as number);
}

/** Text: case-insensitive; phones by their digits. */
function textCondition(expr: SQL, c: SegmentCondition, phone: boolean): SQL {
  const norm = (v: string) => (phone ? digitsOf(v) : v.toLowerCase());
  const left = phone ? sql`regexp_replace(${expr}, '\\D', '', 'g')` : sql`lower(${expr})`;
  const present = sql`coalesce(${expr}, '') <> ''`;
  switch (c.op) {
    case "eq":
      return sql`${left} = ${norm(c.value as string)}`;
    case "neq":
      return sql`${left} is distinct from ${norm(c.value as string)}`;
    case "contains":
    case "not_contains": {
      const v = c.value as string;
      const like =
        phone && digitsOf(v)
          ? sql`${left} like ${likePattern(digitsOf(v))}`
          : sql`lower(${expr}) like ${likePattern(v.toLowerCase())}`;
      return c.op === "contains" ? like : sql`not coalesce(${like}, false)`;
    }
    case "in":
      return sql`${left} in (${list((c.value as string[]).map(norm))})`;
    case "not_in":
      return sql`not coalesce(${left} in (${list((c.value as string[]).map(norm))}), false)`;
    case "is_empty":
      return sql`not ${present}`;
    case "is_not_empty":
      return present;
    default:
      throw new Error(`text does not take ${c.op}`);
  }
}

/** Consent columns: true granted, false denied, null unknown. */
function consentCondition(col: AnyColumn, c: SegmentCondition): SQL {
  const asBool = (s: ConsentState) => (s === "granted" ? sql`true` : s === "denied" ? sql`false` : sql`null`);
  const is = (s: ConsentState) => sql`${col} is not distinct from ${asBool(s)}`;
  switch (c.op) {
    case "eq":
      return is(c.value as ConsentState);
    case "neq":
      return sql`not ${is(c.value as ConsentState)}`;
    case "in":
      return sql`(${sql.join((c.value as ConsentState[]).map(is), sql` or `)})`;
    case "not_in":
      return sql`not (${sql.join((c.value as ConsentState[]).map(is), sql` or `)})`;
    default:
      throw new Error(`consent does not take ${c.op}`);
  }
}

/** A moment column against dates (whole days in the business's time zone) or exact instants. */
function instantCondition(col: AnyColumn, c: SegmentCondition, ctx: SegmentContext): SQL {
  /** The first instant of the day (`after` false) or of the next day (`after` true); instants as given. */
  const bound = (v: string, after: boolean) =>
    sql`${(isDateOnly(v) ? startOfDayIn(v, ctx.timeZone, after ? 1 : 0) : new Date(v)).toISOString()}::timestamptz`;
  const v = c.value as string;
  switch (c.op) {
    case "gt":
      return isDateOnly(v) ? sql`${col} >= ${bound(v, true)}` : sql`${col} > ${bound(v, false)}`;
    case "gte":
      return sql`${col} >= ${bound(v, false)}`;
    case "lt":
      return sql`${col} < ${bound(v, false)}`;
    case "lte":
      return isDateOnly(v) ? sql`${col} < ${bound(v, true)}` : sql`${col} <= ${bound(v, false)}`;
    case "between": {
      const [from, to] = c.value as [string, string];
      const upper = isDateOnly(to) ? sql`${col} < ${bound(to, true)}` : sql`${col} <= ${bound(to, false)}`;
      return sql`(${col} >= ${bound(from, false)} and ${upper})`;
    }
    case "in_last_days":
      return sql`${col} >= ${bound(dayFromToday(ctx, -(c.value as number)), false)}`;
    case "not_in_last_days":
      return sql`${col} < ${bound(dayFromToday(ctx, -(c.value as number)), false)}`;
    default:
      throw new Error(`instant does not take ${c.op}`);
  }
}

/** Comparisons shared by dates (as YYYY-MM-DD text or `date`) and numbers; `expr` is null when unset. */
function rangeCondition(expr: SQL, c: SegmentCondition, cast: SQL): SQL {
  const v = (x: unknown) => sql`${x}::${cast}`;
  switch (c.op) {
    case "eq":
      return sql`${expr} = ${v(c.value)}`;
    case "neq":
      return sql`${expr} is distinct from ${v(c.value)}`;
    case "gt":
      return sql`${expr} > ${v(c.value)}`;
    case "gte":
      return sql`${expr} >= ${v(c.value)}`;
    case "lt":
      return sql`${expr} < ${v(c.value)}`;
    case "lte":
      return sql`${expr} <= ${v(c.value)}`;
    case "between": {
      const [from, to] = c.value as [unknown, unknown];
      return sql`${expr} between ${v(from)} and ${v(to)}`;
    }
    case "in":
      return sql`${expr} in (${sql.join((c.value as unknown[]).map(v), sql`, `)})`;
    case "not_in":
      return sql`not coalesce(${expr} in (${sql.join((c.value as unknown[]).map(v), sql`, `)}), false)`;
    case "is_empty":
      return sql`${expr} is null`;
    case "is_not_empty":
      return sql`${expr} is not null`;
    default:
      throw new Error(`range does not take ${c.op}`);
  }
}

/** Birthday and anniversary: the full date, its month, or its next occurrence within N days. */
function yearlyCondition(col: AnyColumn, md: AnyColumn, c: SegmentCondition, ctx: SegmentContext): SQL {
  if (c.op === "month_is") {
    const m = monthOf(c.value, ctx);
    return sql`${md} between ${m * 100 + 1} and ${m * 100 + 31}`;
  }
  if (c.op === "in_next_days") {
    const ranges = monthDayRanges({ within: "next_days", days: c.value as number }, ctx);
    if (ranges === "all") return sql`${md} is not null`;
    return sql`(${sql.join(
      ranges.map(([a, b]) => sql`${md} between ${a} and ${b}`),
      sql` or `,
    )})`;
  }
  return rangeCondition(sql`${col}`, c, sql`date`);
}

/** A custom field's value, by its type; unset, empty and wrongly typed values count as no value. */
function customCondition(key: string, type: SegmentFieldType, c: SegmentCondition, ctx: SegmentContext): SQL {
  const cf = customers.customFields;
  const raw = sql`(${cf} -> ${key})`;
  const text = sql`(${cf} ->> ${key})`;
  const empty = sql`nullif(nullif(${text}, ''), '[]') is null`;
  switch (type) {
    case "text":
      return textCondition(sql`(case when jsonb_typeof(${raw}) = 'string' then ${text} end)`, c, false);
    case "number": {
      // Equality as jsonb containment, which the GIN index `customers_search_idx` serves; a number in
      // jsonb equals another by numeric value, so `{"k": 5}` contains 5.0 as well.
      const is = (v: unknown) => sql`${cf} @> ${jsonb({ [key]: v })}`;
      if (c.op === "eq") return is(c.value);
      if (c.op === "in") return sql`(${sql.join((c.value as unknown[]).map(is), sql` or `)})`;
      return rangeCondition(
        sql`(case when jsonb_typeof(${raw}) = 'number' then ${text}::numeric end)`,
        c,
        sql`numeric`,
      );
    }
    case "date": {
      const date = sql`(case when jsonb_typeof(${raw}) = 'string' and ${text} ~ '^\\d{4}-\\d{2}-\\d{2}' then left(${text}, 10) end) collate "C"`;
      const between = (from: string, to: string) => sql`${date} between ${from} and ${to}`;
      switch (c.op) {
        case "in_last_days":
          return between(dayFromToday(ctx, -(c.value as number)), dayFromToday(ctx, 0));
        case "not_in_last_days":
          return sql`${date} < ${dayFromToday(ctx, -(c.value as number))}`;
        case "in_next_days":
          return between(dayFromToday(ctx, 0), dayFromToday(ctx, c.value as number));
        case "month_is":
          return sql`substr(${date}, 6, 2) = ${String(monthOf(c.value, ctx)).padStart(2, "0")}`;
        default:
          return rangeCondition(date, c, sql`text`);
      }
    }
    case "boolean":
    case "select": {
      const is = (v: unknown) => sql`${cf} @> ${jsonb({ [key]: v })}`;
      switch (c.op) {
        case "eq":
          return is(c.value);
        case "neq":
          return sql`not ${is(c.value)}`;
        case "in":
          return sql`(${sql.join((c.value as unknown[]).map(is), sql` or `)})`;
        case "not_in":
          return sql`not (${sql.join((c.value as unknown[]).map(is), sql` or `)})`;
        case "is_empty":
          return empty;
        case "is_not_empty":
          return sql`not ${empty}`;
        default:
          throw new Error(`${type} does not take ${c.op}`);
      }
    }
    case "multi_select": {
      const values = c.value as string[];
      const asList = sql`(case when jsonb_typeof(${raw}) = 'array' then ${raw} end)`;
      switch (c.op) {
        case "has_any":
          return sql`${asList} ?| ${textArray(values)}`;
        case "has_all":
          return sql`${asList} ?& ${textArray(values)}`;
        case "has_none":
          return sql`not coalesce(${asList} ?| ${textArray(values)}, false)`;
        case "is_empty":
          return empty;
        case "is_not_empty":
          return sql`not ${empty}`;
        default:
          throw new Error(`multi_select does not take ${c.op}`);
      }
    }
    default:
      throw new Error(`no custom fields of type ${type}`);
  }
}

/** One condition of checked rules (see `parseSegmentRules`). */
function conditionSql(c: SegmentCondition, ctx: SegmentContext): SQL {
  if (c.field.startsWith("custom.")) {
    const key = c.field.slice("custom.".length);
    const def = ctx.customFields.find((f) => f.key === key);
    if (!def) throw new Error(`unknown custom field ${key}`);
    return customCondition(key, customFieldSegmentType[def.type], c, ctx);
  }
  const field = c.field as BuiltInSegmentField;
  const type = builtInSegmentFields[field];
  switch (type) {
    case "text":
    case "phone":
      return textCondition(sql`${textColumns[field as keyof typeof textColumns]}`, c, type === "phone");
    case "tags": {
      const tags = customers.tags;
      switch (c.op) {
        case "has_any":
          return arrayOverlaps(tags, c.value as string[]);
        case "has_all":
          return arrayContains(tags, c.value as string[]);
        case "has_none":
          return sql`not ${arrayOverlaps(tags, c.value as string[])}`;
        case "is_empty":
          return sql`cardinality(${tags}) = 0`;
        default:
          return sql`cardinality(${tags}) > 0`;
      }
    }
    case "stage":
      return rangeCondition(sql`${customers.lifecycleStage}`, c, sql`lifecycle_stage`);
    case "owner":
      return rangeCondition(sql`${customers.ownerId}`, c, sql`text`);
    case "consent":
      return consentCondition(consentColumns[field as keyof typeof consentColumns], c);
    case "instant":
      return instantCondition(field === "createdAt" ? customers.createdAt : customers.lastActivityAt, c, ctx);
    case "flag": {
      // Open = open or in progress; overdue also has a due time before now. Served by the index
      // tasks_business_id_customer_id_idx (a semi-join per customer, or a hash of the business's tasks).
      const overdue =
        field === "tasks.overdue"
          ? sql` and ${tasks.dueAt} < ${(ctx.now ?? new Date()).toISOString()}::timestamptz`
          : sql``;
      const exists = sql`exists (select 1 from ${tasks} where ${tasks.businessId} = ${customers.businessId}
        and ${tasks.customerId} = ${customers.id} and ${tasks.status} in ('open', 'in_progress')${overdue})`;
      return c.value === true ? exists : sql`not ${exists}`;
    }
    case "yearly":
      return field === "dateOfBirth"
        ? yearlyCondition(customers.dateOfBirth, customers.birthdayMd, c, ctx)
        : yearlyCondition(customers.anniversary, customers.anniversaryMd, c, ctx);
    case "number":
      return rangeCondition(
        sql`${field === "totalSpent" ? customers.totalSpent : customers.ordersCount}`,
        c,
        sql`bigint`,
      );
    case "date": {
      const col = field === "firstPurchaseOn" ? customers.firstPurchaseOn : customers.lastPurchaseOn;
      const between = (from: string, to: string) => sql`${col} between ${from}::date and ${to}::date`;
      switch (c.op) {
        case "in_last_days":
          return between(dayFromToday(ctx, -(c.value as number)), dayFromToday(ctx, 0));
        case "not_in_last_days":
          // As for other dates, an empty one matches neither; "Number of orders is 0" finds who never bought.
          return sql`${col} < ${dayFromToday(ctx, -(c.value as number))}::date`;
        case "in_next_days":
          return between(dayFromToday(ctx, 0), dayFromToday(ctx, c.value as number));
        case "month_is":
          return sql`extract(month from ${col}) = ${monthOf(c.value, ctx)}`;
        default:
          return rangeCondition(sql`${col}`, c, sql`date`);
      }
    }
    default:
      throw new Error(`no built-in field of type ${type}`);
  }
}

function nodeSql(node: SegmentNode, ctx: SegmentContext): SQL {
  if (!isSegmentGroup(node)) return sql`(${conditionSql(node, ctx)})`;
  if (!node.conditions.length) return node.match === "all" ? sql`true` : sql`false`;
  const joiner = node.match === "all" ? sql` and ` : sql` or `;
  return sql`(${sql.join(
    node.conditions.map((n) => nodeSql(n, ctx)),
    joiner,
  )})`;
}

/**
 * The SQL condition on `customers` that checked rules describe (`parseSegmentRules` first: this trusts
 * its output). It does not scope to a business or exclude deleted customers: callers AND it with their
 * tenancy condition. Input: rules, the business's time zone, custom fields and (for tests) `now`.
 */
export function segmentWhere(rules: SegmentRules, ctx: SegmentContext): SQL {
  return nodeSql(rules, ctx);
}

/** The business's custom fields as rules see them (key and type). */
export async function segmentCustomFields(db: DbOrTx, businessId: string): Promise<SegmentCustomField[]> {
  return db
    .select({ key: customFields.key, type: customFields.type })
    .from(customFields)
    .where(eq(customFields.businessId, businessId));
}

/**
 * The checked rules a customers filter's `segmentId` and/or `rules` stand for (the segment's first), against
 * the business's custom fields. Errors: NOT_FOUND on `filter.segmentId` for a segment of another business
 * (or none); VALIDATION keyed `filter.rules.<path>` (or `filter.segmentId` when a saved segment names a
 * field since deleted).
 */
export async function filterSegmentRules(
  db: DbOrTx,
  businessId: string,
  filter: { segmentId?: string; rules?: unknown },
  fields: readonly SegmentCustomField[],
): Promise<SegmentRules[]> {
  const out: SegmentRules[] = [];
  if (filter.segmentId) {
    const [segment] = await db
      .select({ rules: segments.rules })
      .from(segments)
      .where(and(eq(segments.businessId, businessId), eq(segments.id, filter.segmentId)))
      .limit(1);
    if (!segment) {
      throw new AppError("NOT_FOUND", "No such segment in this business.", {
        "filter.segmentId": "No such segment in this business.",
      });
    }
    const parsed = parseSegmentRules(segment.rules, fields);
    if (parsed.errors) {
      throw new AppError(
        "VALIDATION",
        "This segment's rules no longer fit the business's fields. Edit the segment.",
        {
          "filter.segmentId": Object.values(parsed.errors)[0] ?? "Invalid rules.",
        },
      );
    }
    out.push(parsed.rules);
  }
  if (filter.rules) {
    const parsed = parseSegmentRules(filter.rules, fields);
    if (parsed.errors) {
      throw new AppError(
        "VALIDATION",
        "Check the rules.",
        Object.fromEntries(Object.entries(parsed.errors).map(([k, v]) => [`filter.rules.${k}`, v])),
      );
    }
    out.push(parsed.rules);
  }
  return out;
}

/**
 * The condition a customers filter's `segmentId` and/or `rules` add (both AND together; see
 * `filterSegmentRules` for the checks and errors). Input: the compile context with the business's time
 * zone and custom fields (`segmentCustomFields`).
 */
export async function filterSegmentCondition(
  db: DbOrTx,
  businessId: string,
  filter: { segmentId?: string; rules?: unknown },
  ctx: SegmentContext,
): Promise<SQL | undefined> {
  if (!filter.segmentId && !filter.rules) return undefined;
  const rules = await filterSegmentRules(db, businessId, filter, ctx.customFields);
  return and(...rules.map((r) => segmentWhere(r, ctx)));
}
