"use client";
import { usePathname, useSearchParams } from "next/navigation";
import { useEffect, useState, useSyncExternalStore } from "react";
import { type ListUrlState, listSearchParams, parseListParams } from "./list-state";

/** The customers list's state in the URL, and the typing hook it uses. */

/** Waits `ms` after the last change before passing `value` on (search as you type). */
export function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return debounced;
}

/** Fired on `window` when the list writes its state into the URL. */
const listUrlEvent = "mini-crm:customers-list-url";

function subscribeToUrl(onChange: () => void): () => void {
  window.addEventListener("popstate", onChange);
  window.addEventListener(listUrlEvent, onChange);
  return () => {
    window.removeEventListener("popstate", onChange);
    window.removeEventListener(listUrlEvent, onChange);
  };
}

/**
 * The URL's query string (without `?`) as the list reads it: the address bar itself, updated on the list's own
 * writes and on Back/Forward (`popstate`), so the list follows the URL at once even while the router
 * is still restoring the page for that history entry. The router's search parameters on the server,
 * while hydrating, and while a navigation to this page has not yet changed the address bar.
 */
export function useUrlSearch(): string {
  const routerSearch = useSearchParams().toString();
  const pathname = usePathname();
  return useSyncExternalStore(
    subscribeToUrl,
    // Both sides in URLSearchParams' own encoding: while hydrating they must be equal strings, or React
    // renders the whole list again, synchronously, right after hydrating it.
    () =>
      window.location.pathname === pathname
        ? new URLSearchParams(window.location.search).toString()
        : routerSearch,
    () => routerSearch,
  );
}

/**
 * Writes list state into the URL without a server round trip (Next's router follows the History API).
 * `push` adds a history entry; `replace` does not. The patch applies to what the URL holds now;
 * parameters the list does not own are kept.
 */
export function writeListUrl(patch: Partial<ListUrlState>, mode: "push" | "replace"): void {
  const current = new URLSearchParams(window.location.search);
  const next = listSearchParams({ ...parseListParams(current), ...patch }, current).toString();
  const href = `${window.location.pathname}${next ? `?${next}` : ""}${window.location.hash}`;
  if (next === current.toString()) return;
  if (mode === "push") window.history.pushState(null, "", href);
  else window.history.replaceState(null, "", href);
  window.dispatchEvent(new Event(listUrlEvent));
}
