"use client";

import { createContext, type ReactNode, useContext, useMemo } from "react";
import { can, type Permission, type Role } from "@/server/auth/permissions";

/** The business the current page belongs to, and the signed-in user's role in it. */
export interface BusinessContextValue {
  id: string;
  slug: string;
  name: string;
  role: Role;
  /** ISO 3166-1 alpha-2 */
  country: string;
  /** IANA time zone: dates on business pages are shown in it. */
  timeZone: string;
  /** ISO 4217 */
  currency: string;
}

/** The signed-in user as the app shell knows it. */
export interface CurrentUser {
  id: string;
  name: string | null;
  email: string;
}

const BusinessContext = createContext<BusinessContextValue | null>(null);
const CurrentUserContext = createContext<CurrentUser | null>(null);

/**
 * Provides the current business and user to client components under `/b/[businessSlug]`. Rendered by
 * the business layout from server data; a `router.refresh()` re-renders it after the business changes.
 */
export function BusinessProvider({
  business,
  user,
  children,
}: {
  business: BusinessContextValue;
  user: CurrentUser;
  children: ReactNode;
}) {
  const { id, slug, name, role, country, timeZone, currency } = business;
  const value = useMemo(
    () => ({ id, slug, name, role, country, timeZone, currency }),
    [id, slug, name, role, country, timeZone, currency],
  );
  return (
    <BusinessContext.Provider value={value}>
      <CurrentUserContext.Provider value={user}>{children}</CurrentUserContext.Provider>
    </BusinessContext.Provider>
  );
}

/** The current business. Throws outside a `BusinessProvider` (a programming error). */
export function useBusiness(): BusinessContextValue {
  const value = useContext(BusinessContext);
  if (!value) throw new Error("useBusiness must be used inside <BusinessProvider>");
  return value;
}

/** The signed-in user. Throws outside a `BusinessProvider`. */
export function useCurrentUser(): CurrentUser {
  const value = useContext(CurrentUserContext);
  if (!value) throw new Error("useCurrentUser must be used inside <BusinessProvider>");
  return value;
}

/** Whether the signed-in user's role in the current business grants `permission` (same map as the server). */
export function useCan(permission: Permission): boolean {
  return can(useBusiness().role, permission);
}

/** `/b/<slug>` + `path` for links inside the current business. */
export function useBusinessHref(): (path?: string) => string {
  const { slug } = useBusiness();
  return (path = "") => `/b/${slug}${path}`;
}
