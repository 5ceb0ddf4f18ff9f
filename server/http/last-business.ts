/** The cookie holding the slug of the business a member opened last (where the installed app starts). */
export const LAST_BUSINESS_COOKIE = "mcrm_business";

/** Pages `/b?to=` may open inside the business (the manifest's shortcuts); anything else opens its home. */
export const START_PAGES = ["customers", "tasks", "customers/import", "invoices"] as const;

/**
 * Where `/b` sends a member: the business named by the cookie when they belong to it (else their first),
 * at `to` when it is one of `START_PAGES` (with `new=1` kept for the New customer shortcut).
 * Output: the path, or null when they have no business yet.
 */
export function startPath(
  slugs: readonly string[],
  lastSlug: string | undefined,
  to: string | undefined,
  openNew: boolean,
): string | null {
  const slug = lastSlug && slugs.includes(lastSlug) ? lastSlug : slugs[0];
  if (!slug) return null;
  const page = to && (START_PAGES as readonly string[]).includes(to) ? `/${to}` : "";
  return `/b/${slug}${page}${page === "/customers" && openNew ? "?new=1" : ""}`;
}
