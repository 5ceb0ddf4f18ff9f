"use client";

import { type ReactElement, useState } from "react";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { keepDialogOpenForPicker } from "./picker-escape";
import { TaskForm } from "./task-form";

// Apart from its button (`NewTaskButton` in new-task-button.tsx): the dialog's and the form's code load
// when the user first reaches for the button, not with every page that lists tasks.

/**
 * The "New task" dialog, open from the start around its `trigger` (see `NewTaskButton`). With
 * `customerId` the task is that customer's (the form asks for no customer); without, the form has a
 * customer picker. Focus moves into the dialog and back to the button when it closes; saving closes it.
 */
export default function NewTaskDialog({
  customerId,
  trigger,
}: {
  customerId?: string;
  trigger: ReactElement;
}) {
  const [open, setOpen] = useState(true);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>{trigger}</DialogTrigger>
      <DialogContent onEscapeKeyDown={keepDialogOpenForPicker}>
        <DialogHeader>
          <DialogTitle>New task</DialogTitle>
          <DialogDescription>
            {customerId
              ? "A follow-up with this customer, for you or someone on your team."
              : "A follow-up for you or someone on your team, for a customer or not."}
          </DialogDescription>
        </DialogHeader>
        <TaskForm customerId={customerId} onSaved={() => setOpen(false)} onCancel={() => setOpen(false)} />
      </DialogContent>
    </Dialog>
  );
}
