"use client";

import { useEffect } from "react";

/**
 * While `dirty`, asks before the user leaves the page with unsaved changes:
 * - closing the tab, reloading or typing another address: the browser's own "Leave site?" prompt
 *   (`beforeunload`);
 * - following a link inside the app (the sidebar, a tab, a breadcrumb): a confirm dialog with `message`;
 *   cancelling keeps the user where they are. Links that open elsewhere (new tab, modifier keys,
 *   downloads, other origins) are left alone.
 */
export function useLeaveGuard(dirty: boolean, message = "You have unsaved changes. Leave without saving?") {
  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => e.preventDefault();
    const onClick = (e: MouseEvent) => {
      if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      const anchor = (e.target as Element | null)?.closest?.("a[href]") as HTMLAnchorElement | null;
      if (!anchor || anchor.target === "_blank" || anchor.hasAttribute("download")) return;
      const url = new URL(anchor.href, window.location.href);
      if (url.origin !== window.location.origin) return;
      if (url.pathname === window.location.pathname && url.search === window.location.search) return;
      if (!window.confirm(message)) {
        e.preventDefault();
        e.stopPropagation();
      }
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    // Capture: runs before the link's own handler, which then sees the navigation cancelled.
    document.addEventListener("click", onClick, true);
    return () => {
      window.removeEventListener("beforeunload", onBeforeUnload);
      document.removeEventListener("click", onClick, true);
    };
  }, [dirty, message]);
}
