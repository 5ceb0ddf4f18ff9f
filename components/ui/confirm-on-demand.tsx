"use client";

import { lazy, type ReactElement } from "react";
import { PopupOnDemand } from "@/components/ui/popup-on-demand";
import type { ConfirmDialogProps } from "./confirm-dialog";

const loadConfirm = () => import("./confirm-dialog");
const ConfirmDialog = lazy(loadConfirm);

/**
 * A button that asks to confirm a destructive action in an alert dialog (`ConfirmDialog`), whose code
 * loads when the user reaches for the button (`PopupOnDemand`).
 * Input: `trigger`, the button; the dialog's `title`, `description`, `action` label and `onConfirm`.
 * Output: the button, then the button with its dialog once activated.
 */
export function ConfirmOnDemand({
  trigger,
  ...dialog
}: ConfirmDialogProps & { trigger: ReactElement<Record<string, unknown>> }) {
  return (
    <PopupOnDemand
      trigger={trigger}
      preload={loadConfirm}
      popup="dialog"
      menu={<ConfirmDialog trigger={trigger} {...dialog} />}
    />
  );
}
