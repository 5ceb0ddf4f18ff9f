import type { KeyboardEvent } from "react";

/**
 * For a dialog's `onEscapeKeyDown`: Escape pressed in an open picker closes its list, not the dialog.
 * (Radix listens for Escape before the field does.)
 */
export function keepDialogOpenForPicker(event: KeyboardEvent | globalThis.KeyboardEvent): void {
  const target = event.target as HTMLElement | null;
  if (target?.getAttribute?.("role") === "combobox" && target.getAttribute("aria-expanded") === "true") {
    event.preventDefault();
  }
}
