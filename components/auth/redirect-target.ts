/** Where a signed-in user lands when no (valid) `next` is given. */
export const DEFAULT_AFTER_SIGN_IN = "/b";

const AUTH_PAGES = ["/sign-in", "/sign-up", "/verify-email", "/forgot-password", "/reset-password"];

/**
 * A safe same-origin redirect target from untrusted input (`?next=`, a form field). Accepts only
 * paths that start with one "/" (not "//", no backslashes or control characters, which browsers
 * may read as another host) and that are not an auth page (avoids loops). Anything else gives
 * `fallback`. Output: path + query + hash.
 */
export function safeRedirectPath(value: unknown, fallback: string = DEFAULT_AFTER_SIGN_IN): string {
  if (typeof value !== "string" || value.length === 0 || value.length > 2048) return fallback;
  if (!value.startsWith("/") || value.startsWith("//")) return fallback;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we reject
  if (/[\\\u0000-\u001f\u007f]/.test(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, "http://same.origin");
  } catch {
    return fallback;
  }
  if (url.origin !== "http://same.origin") return fallback;
  if (AUTH_PAGES.some((p) => url.pathname === p || url.pathname.startsWith(`${p}/`))) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** Like `safeRedirectPath` but undefined when the input is missing or unsafe (to carry `next` along). */
export function optionalRedirectPath(value: unknown): string | undefined {
  const safe = safeRedirectPath(value, "");
  return safe === "" ? undefined : safe;
}

/** `path` with the given query parameters; undefined and empty values are left out. */
export function withQuery(path: string, params: Record<string, string | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value) search.set(key, value);
  }
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}

/** The first value of a search parameter (`?a=1&a=2` gives "1"). */
export function firstParam(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The invitation token in a `next` path of the form `/invite/<token>`, if any. */
export function invitationTokenFromNext(next: string | undefined): string | undefined {
  const match = next?.match(/^\/invite\/([A-Za-z0-9_-]{10,})(?:[/?#]|$)/);
  return match?.[1];
}

/** Search params as Next passes them to pages. */
export type SearchParams = Promise<Record<string, string | string[] | undefined>>;
