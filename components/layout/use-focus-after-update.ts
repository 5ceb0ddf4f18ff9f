"use client";

import { useCallback, useEffect, useState } from "react";

/**
 * Moves keyboard focus to the element with a given id once the update a user's action caused is on
 * screen (a block added, a row moved or removed, a field with an error). Output: `focusAfterUpdate(id,
 * { now })`. With `now`, focus also goes there at once, for an element that is on screen already (the
 * button a moved row lands on): a focused button that turns disabled in the update (the first row's
 * Up) is blurred by the browser a moment later, which can cancel the focus given after the update.
 */
export function useFocusAfterUpdate(): (id: string, opts?: { now?: boolean }) => void {
  const [target, setTarget] = useState<string | null>(null);
  useEffect(() => {
    if (!target) return;
    document.getElementById(target)?.focus();
    setTarget(null);
  }, [target]);
  return useCallback((id: string, opts?: { now?: boolean }) => {
    if (opts?.now) document.getElementById(id)?.focus();
    setTarget(id);
  }, []);
}
