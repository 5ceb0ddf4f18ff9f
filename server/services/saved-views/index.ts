import { and, asc, eq, isNull, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { savedViews } from "@/db/schema";
import type { Role } from "@/server/auth/permissions";
import { customerFilterFromUnknown } from "@/server/domain/customers";
import type { CreateSavedViewInput, UpdateSavedViewInput } from "@/server/domain/saved-views";
import { AppError } from "@/server/errors";

/**
 * Who acts on saved views. `userId` is null for an API key. `role` decides who may manage shared views:
 * owners, admins and API keys (which act with admin permissions).
 */
export interface SavedViewActor {
  businessId: string;
  userId: string | null;
  role: Role | "apiKey";
}

export type SavedView = typeof savedViews.$inferSelect;

/** Whether `role` may create, change or delete views shared with the whole business. */
export function canManageSharedViews(role: SavedViewActor["role"]): boolean {
  return role === "owner" || role === "admin" || role === "apiKey";
}

/** The views `actor` can see: its own and the shared ones (`user_id` null). */
function visible(actor: SavedViewActor) {
  return and(
    eq(savedViews.businessId, actor.businessId),
    actor.userId
      ? or(eq(savedViews.userId, actor.userId), isNull(savedViews.userId))
      : isNull(savedViews.userId),
  );
}

/**
 * A view as callers get it: `shared`, and its filters checked against the customers filter schema (a
 * condition stored before the schema changed, or never valid, is left out), so the list can apply a view
 * without validating it again in the browser.
 */
function withShared<T extends SavedView>(v: T) {
  return { ...v, filters: customerFilterFromUnknown(v.filters), shared: v.userId === null };
}

function assertMayShare(actor: SavedViewActor): void {
  if (!canManageSharedViews(actor.role)) {
    throw new AppError("FORBIDDEN", "Only owners and admins can manage shared views.", {
      shared: "Only owners and admins can manage shared views.",
    });
  }
}

/** The caller's personal views and the business's shared views, shared first, then by name. */
export async function listSavedViews(db: DbOrTx, actor: SavedViewActor) {
  const rows = await db
    .select()
    .from(savedViews)
    .where(visible(actor))
    .orderBy(sql`${savedViews.userId} is null desc`, asc(sql`lower(${savedViews.name})`), asc(savedViews.id));
  return rows.map(withShared);
}

/** One view the caller can see. Errors: NOT_FOUND (also for another user's personal view). */
export async function getSavedView(db: DbOrTx, actor: SavedViewActor, savedViewId: string) {
  const [row] = await db
    .select()
    .from(savedViews)
    .where(and(visible(actor), eq(savedViews.id, savedViewId)))
    .limit(1);
  if (!row) throw new AppError("NOT_FOUND");
  return withShared(row);
}

/**
 * Saves a list view: name, filters (as the list page builds them), sort and visible columns; personal
 * unless `shared`. An API key has no user, so its views are always shared.
 * Errors: FORBIDDEN on `shared` for a member (only owners and admins share views).
 */
export async function createSavedView(db: DbOrTx, actor: SavedViewActor, input: CreateSavedViewInput) {
  const shared = input.shared === true || actor.userId === null;
  if (shared) assertMayShare(actor);
  const [row] = await db
    .insert(savedViews)
    .values({
      businessId: actor.businessId,
      userId: shared ? null : actor.userId,
      name: input.name,
      filters: input.filters ?? {},
      sort: input.sort ?? null,
      columns: input.columns ?? [],
    })
    .returning();
  return withShared(row!);
}

/**
 * Changes a view. Personal views can be changed by their owner only (others get NOT_FOUND); shared views
 * and sharing itself by owners and admins. Un-sharing a view makes it the caller's personal view.
 * Errors: NOT_FOUND; FORBIDDEN.
 */
export async function updateSavedView(
  db: DbOrTx,
  actor: SavedViewActor,
  input: Omit<UpdateSavedViewInput, "businessId">,
) {
  const current = await getSavedView(db, actor, input.savedViewId);
  if (current.shared || input.shared === true) assertMayShare(actor);
  const set: Partial<typeof savedViews.$inferInsert> = {};
  if (input.name !== undefined) set.name = input.name;
  if (input.filters !== undefined) set.filters = input.filters;
  if (input.sort !== undefined) set.sort = input.sort;
  if (input.columns !== undefined) set.columns = input.columns;
  if (input.shared === true) set.userId = null;
  if (input.shared === false && current.shared) {
    if (!actor.userId) {
      throw new AppError("VALIDATION", "An API key's views are always shared.", {
        shared: "Must be shared.",
      });
    }
    set.userId = actor.userId;
  }
  if (Object.keys(set).length === 0) return current;
  const [row] = await db
    .update(savedViews)
    .set(set)
    .where(and(visible(actor), eq(savedViews.id, input.savedViewId)))
    .returning();
  if (!row) throw new AppError("NOT_FOUND");
  return withShared(row);
}

/** Deletes a view (own personal views; shared ones by owners and admins). Errors: NOT_FOUND; FORBIDDEN. */
export async function deleteSavedView(db: DbOrTx, actor: SavedViewActor, savedViewId: string) {
  const current = await getSavedView(db, actor, savedViewId);
  if (current.shared) assertMayShare(actor);
  const [row] = await db
    .delete(savedViews)
    .where(and(visible(actor), eq(savedViews.id, savedViewId)))
    .returning({ id: savedViews.id });
  if (!row) throw new AppError("NOT_FOUND");
  return { ok: true as const };
}
