import { and, eq, inArray, isNotNull, isNull, type SQL, sql } from "drizzle-orm";
import { type Db, type DbOrTx, execRows } from "@/db/client";
import { customers } from "@/db/schema";
import type { BulkAction, BulkSelection } from "@/server/domain/customers";
import { AppError } from "@/server/errors";
import { validateCustomFieldValues } from "@/server/services/custom-fields";
import { assertOwnerIsMember } from "./owner";
import { customerWhere } from "./query";

/** Who acts: the business, and the user (null for an API key or a job). */
interface Actor {
  businessId: string;
  userId: string | null;
}

/** How many customers a bulk action changed (those already in the target state are not counted). */
export interface BulkResult {
  affected: number;
}

/**
 * The WHERE of a bulk selection. A selection of ids must all be this business's customers (NOT_FOUND
 * otherwise, so another business's ids are never silently skipped); "all matching" reuses the list's
 * WHERE. `state` picks live customers or the Trash whatever the filter says.
 * Errors: NOT_FOUND for an id that is not this business's customer; VALIDATION for a malformed filter.
 */
export async function selectionWhere(
  db: DbOrTx,
  businessId: string,
  selection: BulkSelection,
  state: "live" | "trash",
): Promise<SQL> {
  const stateCondition = state === "live" ? isNull(customers.deletedAt) : isNotNull(customers.deletedAt);
  if (selection.customerIds) {
    const ids = [...new Set(selection.customerIds)];
    const [found] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(customers)
      .where(and(eq(customers.businessId, businessId), inArray(customers.id, ids)));
    if ((found?.n ?? 0) !== ids.length)
      throw new AppError("NOT_FOUND", "Some selected customers were not found.");
    return and(eq(customers.businessId, businessId), inArray(customers.id, ids), stateCondition)!;
  }
  return customerWhere(db, businessId, { ...(selection.filter ?? {}), deleted: state === "trash" });
}

const textArray = (values: readonly string[]) =>
  sql`array[${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )}]::text[]`;

async function affectedCount(db: DbOrTx, query: SQL): Promise<BulkResult> {
  const rows = await execRows<{ n: number }>(db, query);
  return { affected: Number(rows[0]?.n ?? 0) };
}

/**
 * `INSERT INTO activities SELECT …` from the customers an UPDATE changed (the `upd` CTE with `id` and
 * `old`), one `field_changed` row each.
 */
function fieldChangedActivities(actor: Actor, field: string, to: SQL): SQL {
  return sql`insert into activities (business_id, customer_id, type, actor_user_id, data)
    select ${actor.businessId}::uuid, upd.id, 'field_changed'::activity_type, ${actor.userId}::text,
      jsonb_build_object('field', ${field}::text, 'from', upd.old, 'to', ${to})
    from upd`;
}

/**
 * Sets one column on every selected customer whose value differs, recording a `field_changed` activity
 * each. One statement: lock the targets with their old value, UPDATE, INSERT the activities.
 */
function setColumnQuery(
  actor: Actor,
  where: SQL,
  opts: { column: string; field: string; value: SQL; valueJson: SQL },
): SQL {
  const col = sql.raw(`"${opts.column}"`);
  return sql`with target as (
      select id, to_jsonb(${col}) as old from customers
      where ${where} and ${col} is distinct from ${opts.value}
      for update
    ), upd as (
      update customers c set ${col} = ${opts.value}, updated_at = now(), last_activity_at = now()
      from target where c.id = target.id
      returning c.id, target.old
    ), ins as (${fieldChangedActivities(actor, opts.field, opts.valueJson)})
    select count(*)::int as n from upd`;
}

/**
 * Applies a bulk action to a selection (`customerIds`) or to all customers matching a filter, set-based:
 * one UPDATE … WHERE business_id = ? AND <selection>, with its timeline rows written by the same statement
 * (`INSERT INTO activities SELECT … FROM` the updated rows). Only live customers are changed.
 * - addTags / removeTags: case-insensitive; `tags_added` / `tags_removed` with the tags that changed per row;
 * - setLifecycleStage / setSource / assignOwner / setCustomField: `field_changed` `{ field, from, to }`.
 * Output: `{ affected }`, customers actually changed.
 * Errors: NOT_FOUND when a selected id is not this business's, or `ownerId` is not a member;
 * VALIDATION for a custom field value its definition refuses.
 */
export async function bulkCustomers(
  db: Db,
  actor: Actor,
  selection: BulkSelection,
  action: BulkAction,
): Promise<BulkResult> {
  const where = await selectionWhere(db, actor.businessId, selection, "live");
  switch (action.type) {
    case "addTags": {
      const tags = textArray(action.tags);
      return affectedCount(
        db,
        sql`with target as (
            select id, array(
              select t from unnest(${tags}) with ordinality as u(t, i)
              where not exists (select 1 from unnest(customers.tags) as e where lower(e) = lower(t))
              order by i
            ) as added
            from customers where ${where}
            for update
          ), upd as (
            update customers c set tags = c.tags || target.added, updated_at = now(), last_activity_at = now()
            from target where c.id = target.id and cardinality(target.added) > 0
            returning c.id, target.added
          ), ins as (
            insert into activities (business_id, customer_id, type, actor_user_id, data)
            select ${actor.businessId}::uuid, upd.id, 'tags_added'::activity_type, ${actor.userId}::text,
              jsonb_build_object('tags', to_jsonb(upd.added))
            from upd
          )
          select count(*)::int as n from upd`,
      );
    }
    case "removeTags": {
      const lowered = textArray(action.tags.map((t) => t.toLowerCase()));
      return affectedCount(
        db,
        sql`with target as (
            select id, array(
              select e from unnest(customers.tags) with ordinality as u(e, i) where lower(e) = any(${lowered}) order by i
            ) as removed
            from customers where ${where}
            for update
          ), upd as (
            update customers c
            set tags = array(
                select e from unnest(c.tags) with ordinality as u(e, i) where lower(e) <> all(${lowered}) order by i
              ),
              updated_at = now(), last_activity_at = now()
            from target where c.id = target.id and cardinality(target.removed) > 0
            returning c.id, target.removed
          ), ins as (
            insert into activities (business_id, customer_id, type, actor_user_id, data)
            select ${actor.businessId}::uuid, upd.id, 'tags_removed'::activity_type, ${actor.userId}::text,
              jsonb_build_object('tags', to_jsonb(upd.removed))
            from upd
          )
          select count(*)::int as n from upd`,
      );
    }
    case "setLifecycleStage":
      return affectedCount(
        db,
        setColumnQuery(actor, where, {
          column: "lifecycle_stage",
          field: "lifecycleStage",
          value: sql`${action.value}::lifecycle_stage`,
          valueJson: sql`to_jsonb(${action.value}::text)`,
        }),
      );
    case "setSource":
      return affectedCount(
        db,
        setColumnQuery(actor, where, {
          column: "source",
          field: "source",
          value: sql`${action.value ?? null}::text`,
          valueJson: sql`to_jsonb(${action.value ?? null}::text)`,
        }),
      );
    case "assignOwner": {
      if (action.ownerId) {
        await assertOwnerIsMember(db, actor.businessId, action.ownerId);
      }
      return affectedCount(
        db,
        setColumnQuery(actor, where, {
          column: "owner_id",
          field: "ownerId",
          value: sql`${action.ownerId}::text`,
          valueJson: sql`to_jsonb(${action.ownerId}::text)`,
        }),
      );
    }
    case "setCustomField": {
      const normalised = await validateCustomFieldValues(
        db,
        actor.businessId,
        { [action.key]: action.value },
        { partial: true },
      );
      const value = normalised[action.key] ?? null;
      const json = sql`${JSON.stringify(value)}::jsonb`;
      const newValues =
        value === null
          ? sql`c.custom_fields - ${action.key}::text`
          : sql`c.custom_fields || jsonb_build_object(${action.key}::text, ${json})`;
      return affectedCount(
        db,
        sql`with target as (
            select id, coalesce(custom_fields -> ${action.key}::text, 'null'::jsonb) as old from customers
            where ${where} and coalesce(custom_fields -> ${action.key}::text, 'null'::jsonb) is distinct from ${json}
            for update
          ), upd as (
            update customers c set custom_fields = ${newValues}, updated_at = now(), last_activity_at = now()
            from target where c.id = target.id
            returning c.id, target.old
          ), ins as (${fieldChangedActivities(actor, `customFields.${action.key}`, json)})
          select count(*)::int as n from upd`,
      );
    }
  }
}

/**
 * Moves the selected (or all matching) live customers to the Trash, set-based, with a `deleted` activity
 * each. Output: `{ affected }`. Errors: NOT_FOUND when a selected id is not this business's.
 */
export async function bulkDeleteCustomers(
  db: Db,
  actor: Actor,
  selection: BulkSelection,
): Promise<BulkResult> {
  const where = await selectionWhere(db, actor.businessId, selection, "live");
  return affectedCount(
    db,
    sql`with upd as (
        update customers set deleted_at = now(), updated_at = now() where ${where} returning id
      ), ins as (
        insert into activities (business_id, customer_id, type, actor_user_id, data)
        select ${actor.businessId}::uuid, upd.id, 'deleted'::activity_type, ${actor.userId}::text, '{}'::jsonb
        from upd
      )
      select count(*)::int as n from upd`,
  );
}

/**
 * Restores the selected (or all matching) customers from the Trash, set-based, with a `restored`
 * activity each. Output: `{ affected }`. Errors: NOT_FOUND when a selected id is not this business's.
 */
export async function bulkRestoreCustomers(
  db: Db,
  actor: Actor,
  selection: BulkSelection,
): Promise<BulkResult> {
  const where = await selectionWhere(db, actor.businessId, selection, "trash");
  return affectedCount(
    db,
    sql`with upd as (
        update customers set deleted_at = null, updated_at = now(), last_activity_at = now()
        where ${where} returning id
      ), ins as (
        insert into activities (business_id, customer_id, type, actor_user_id, data)
        select ${actor.businessId}::uuid, upd.id, 'restored'::activity_type, ${actor.userId}::text, '{}'::jsonb
        from upd
      )
      select count(*)::int as n from upd`,
  );
}
