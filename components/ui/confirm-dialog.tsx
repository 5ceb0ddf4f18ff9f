"use client";

import type { ReactElement, ReactNode } from "react";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";

// Apart from its button (`ConfirmOnDemand` in confirm-on-demand.tsx): the alert dialog's code loads when
// the user first reaches for a Delete button, not with every page that shows one.

/** What a confirmation says and does. */
export interface ConfirmDialogProps {
  /** The question, e.g. "Delete this note?" (the dialog's name). */
  title: string;
  /** What happens, e.g. that it cannot be undone. */
  description: ReactNode;
  /** The destructive button's label; "Delete" unless told. */
  action?: string;
  onConfirm: () => void;
  /** Where focus goes when the dialog closes (`AlertDialogContent`'s); back to `trigger` unless told. */
  onCloseAutoFocus?: (event: Event) => void;
}

/**
 * A confirmation for a destructive action, open from the start around its `trigger` (see
 * `ConfirmOnDemand`): Cancel or Escape closes it, the action button calls `onConfirm` and closes it,
 * and focus goes back to `trigger`.
 */
export default function ConfirmDialog({
  trigger,
  title,
  description,
  action = "Delete",
  onConfirm,
  onCloseAutoFocus,
}: ConfirmDialogProps & { trigger: ReactElement }) {
  return (
    <AlertDialog defaultOpen>
      <AlertDialogTrigger asChild>{trigger}</AlertDialogTrigger>
      <AlertDialogContent onCloseAutoFocus={onCloseAutoFocus}>
        <AlertDialogHeader>
          <AlertDialogTitle>{title}</AlertDialogTitle>
          <AlertDialogDescription>{description}</AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel>Cancel</AlertDialogCancel>
          <AlertDialogAction variant="destructive" onClick={onConfirm}>
            {action}
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
