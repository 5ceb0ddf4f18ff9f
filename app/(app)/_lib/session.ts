import "server-only";
import { forbidden, notFound, redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/db/client";
import { currentUser } from "@/server/api/server";
import { can, type Permission, type Role } from "@/server/auth/permissions";
import { isAppError } from "@/server/errors";
import { type Business, listBusinessesForUser } from "@/server/services/businesses";
import { authorizeBusiness } from "@/server/tenancy";

/** `/sign-in` with `next` so the user comes back to `path` after signing in. */
export function signInUrl(path: string): string {
  return `/sign-in?${new URLSearchParams({ next: path })}`;
}

/** The signed-in user, or a redirect to sign-in that returns to `next`. */
export async function requireUser(next: string) {
  const user = await currentUser();
  if (!user) redirect(signInUrl(next));
  return user;
}

/**
 * The business at `/b/<slug>` and the signed-in user's role in it, decided by the tenancy gate every
 * route and procedure uses (`authorizeBusiness`), memoized per request so the layout and the pages under
 * it share one query. Redirects to sign-in without a session; `notFound()` when the business does not
 * exist or the user is not a member (the two look the same).
 */
export const loadBusiness = cache(
  async (
    slug: string,
  ): Promise<{
    user: NonNullable<Awaited<ReturnType<typeof currentUser>>>;
    business: Business;
    role: Role;
  }> => {
    const user = await requireUser(`/b/${slug}`);
    try {
      const access = await authorizeBusiness(await getDb(), { user, apiKey: null }, { slug });
      return { user, business: access.business, role: access.role as Role };
    } catch (e) {
      if (isAppError(e) && (e.code === "NOT_FOUND" || e.code === "VALIDATION")) notFound();
      throw e;
    }
  },
);

/** The businesses the user belongs to, by name, memoized per request. */
export const loadBusinesses = cache(async (userId: string) => listBusinessesForUser(await getDb(), userId));

/**
 * `loadBusiness` for a page that needs `permission`: `forbidden()` (403) for a member whose role lacks it,
 * as the API answers 403 (the UI hides the link).
 */
export async function loadBusinessWith(slug: string, permission: Permission) {
  const loaded = await loadBusiness(slug);
  if (!can(loaded.role, permission)) forbidden();
  return loaded;
}
