"use client";

import { PlusIcon } from "lucide-react";
import { lazy } from "react";
import { useCan } from "@/components/layout/business-context";
import { Button, type ButtonProps } from "@/components/ui/button";
import { PopupOnDemand } from "@/components/ui/popup-on-demand";

const loadDialog = () => import("./new-task-dialog");
const NewTaskDialog = lazy(loadDialog);

/**
 * The "New task" button, for members who may write tasks (nothing otherwise). It opens the new-task
 * dialog (`NewTaskDialog`), whose code and form load when the user reaches for the button
 * (`PopupOnDemand`), so the pages that show it (My tasks, a customer's page) do not carry the form.
 * Input: `customerId` to add the task to that customer; `size` and `variant` of the button.
 */
export function NewTaskButton({
  customerId,
  size,
  variant,
}: {
  customerId?: string;
  size?: ButtonProps["size"];
  variant?: ButtonProps["variant"];
}) {
  const canWrite = useCan("tasks.write");
  if (!canWrite) return null;
  const trigger = (
    <Button size={size} variant={variant}>
      <PlusIcon aria-hidden="true" />
      New task
    </Button>
  );
  return (
    <PopupOnDemand
      trigger={trigger}
      preload={loadDialog}
      popup="dialog"
      menu={<NewTaskDialog customerId={customerId} trigger={trigger} />}
    />
  );
}
