import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { businesses, businessMembers } from "@/db/schema";
import { apiKeyPermissions, can, type Permission, type Role } from "@/server/auth/permissions";
import { AppError } from "@/server/errors";
import { isUuid } from "@/server/ids";

/**
 * The one tenancy gate. Every way into a business (tRPC's `businessProcedure`, the route handlers through
 * `withBusiness`, the pages through `loadBusinessWith`) asks `authorizeBusiness`, so membership,
 * API-key scope and permissions are decided in one place and answer the same everywhere:
 * 404 NOT_FOUND when the business does not exist or the caller does not belong to it (the two look the
 * same from outside), 403 FORBIDDEN when the caller belongs but the role lacks the permission.
 */

/** A signed-in user, as the session gives it. */
export interface SessionUser {
  id: string;
  email: string;
  name: string | null;
  isPlatformAdmin: boolean;
  /** The signed-in device (`user_sessions` row) of a cookie session; absent in tests and scripts. */
  sessionId?: string;
}

/** An authenticated API key: it belongs to exactly one business. */
export interface ApiKeyPrincipal {
  id: string;
  businessId: string;
}

/** Who is asking: a session user, an API key, or (before authentication) neither. */
export interface Principal {
  user: SessionUser | null;
  apiKey: ApiKeyPrincipal | null;
}

export type Business = typeof businesses.$inferSelect;

/** What a caller that passed the gate may use. */
export interface BusinessAccess {
  businessId: string;
  business: Business;
  /** The member's role, or `apiKey` for an API key (its permissions are `apiKeyPermissions`). */
  role: Role | "apiKey";
  /** Whether the caller's role grants `permission`. */
  can: (permission: Permission) => boolean;
  /** Who acts, for audit events and `createdBy` columns. */
  actor: { userId: string | null; apiKeyId: string | null };
}

/** Which business: by id or by slug; neither means the API key's own business. */
export type BusinessRef = { businessId?: string | null; slug?: string | null };

/**
 * Decides whether `principal` may act in the business `ref` names, and with which role.
 * Input: the principal, `{ businessId }` or `{ slug }` (an API key may give neither: its own business),
 * and optionally the permission the action needs. Output: `BusinessAccess`.
 * Errors: UNAUTHORIZED without a principal; VALIDATION when a user names no business; NOT_FOUND for a
 * business that does not exist, that the user is not a member of, or that is not the API key's;
 * FORBIDDEN when the role lacks `permission`.
 */
export async function authorizeBusiness(
  db: DbOrTx,
  principal: Principal,
  ref: BusinessRef,
  permission?: Permission,
): Promise<BusinessAccess> {
  const { user, apiKey } = principal;
  if (!user && !apiKey) throw new AppError("UNAUTHORIZED");
  const businessId = ref.businessId ?? (ref.slug ? null : apiKey?.businessId);
  if (!businessId && !ref.slug)
    throw new AppError("VALIDATION", "Say which business.", { businessId: "Required" });
  if (businessId && !isUuid(businessId)) throw new AppError("NOT_FOUND");

  const where = businessId ? eq(businesses.id, businessId) : eq(businesses.slug, ref.slug as string);
  let business: Business | undefined;
  let role: Role | "apiKey";
  if (apiKey) {
    [business] = await db.select().from(businesses).where(where).limit(1);
    if (!business || business.id !== apiKey.businessId) throw new AppError("NOT_FOUND");
    role = "apiKey";
  } else {
    const [row] = await db
      .select({ business: businesses, role: businessMembers.role })
      .from(businesses)
      .innerJoin(
        businessMembers,
        and(eq(businessMembers.businessId, businesses.id), eq(businessMembers.userId, user!.id)),
      )
      .where(where)
      .limit(1);
    if (!row) throw new AppError("NOT_FOUND");
    business = row.business;
    role = row.role;
  }
  const allowed = (p: Permission) => (role === "apiKey" ? apiKeyPermissions.has(p) : can(role, p));
  if (permission && !allowed(permission))
    throw new AppError(
      "FORBIDDEN",
      role === "apiKey" ? "API keys cannot do this." : "Your role in this business cannot do this.",
    );
  return {
    businessId: business.id,
    business,
    role,
    can: allowed,
    actor: { userId: user?.id ?? null, apiKeyId: apiKey?.id ?? null },
  };
}
