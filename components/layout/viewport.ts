"use client";
import { useSyncExternalStore } from "react";

const desktopQuery = "(min-width: 768px)";

/**
 * Whether the viewport is `md` (768 px) or wider, for parts rendered only on one side of it (the
 * sidebar or the phone's header and bottom bar; the list's table or its cards). `serverGuess` is the
 * answer for the server render and hydration (pages guess it from the request's user agent), so a phone
 * gets its own layout in the HTML instead of the desktop's swapped out on load.
 */
export function useIsDesktop(serverGuess = true): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const mq = window.matchMedia(desktopQuery);
      mq.addEventListener("change", onChange);
      return () => mq.removeEventListener("change", onChange);
    },
    () => window.matchMedia(desktopQuery).matches,
    () => serverGuess,
  );
}
