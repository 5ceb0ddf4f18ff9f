import type { toast as sonnerToast } from "sonner";

/**
 * Toasts without loading the toast library with the page: `toast.success(message, options?)`,
 * `toast.error(...)` and `toast.info(...)` take sonner's arguments and show the toast once sonner has
 * loaded (sonner replays toasts created before its `Toaster` subscribed). Sonner adds its stylesheet to
 * the document when it loads, which restyles every element; loading it on the first toast keeps that
 * cost out of page loads. `LazyToaster` (root layout) mounts the outlet at the same moment.
 */
type Sonner = typeof import("sonner");
type ToastArgs = Parameters<typeof sonnerToast.success>;

let sonner: Promise<Sonner> | null = null;
const wantedListeners = new Set<() => void>();

function loadSonner(): Promise<Sonner> {
  if (!sonner) {
    sonner = import("sonner");
    for (const notify of wantedListeners) notify();
  }
  return sonner;
}

function show(kind: "success" | "error" | "info") {
  return (...args: ToastArgs): void => {
    void loadSonner().then((m) => m.toast[kind](...args));
  };
}

export const toast = { success: show("success"), error: show("error"), info: show("info") };

/** Whether a toast has been asked for (the outlet should mount); for `useSyncExternalStore`. */
export function toasterWanted(): boolean {
  return sonner !== null;
}

/** Calls `listener` when the first toast is asked for; returns the unsubscribe function. */
export function onToasterWanted(listener: () => void): () => void {
  wantedListeners.add(listener);
  return () => wantedListeners.delete(listener);
}
