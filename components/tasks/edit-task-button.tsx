"use client";

import { PencilIcon } from "lucide-react";
import { lazy } from "react";
import { Button } from "@/components/ui/button";
import { PopupOnDemand } from "@/components/ui/popup-on-demand";

const loadDialog = () => import("./edit-task-dialog");
const EditTaskDialog = lazy(loadDialog);

/**
 * A task's "Edit" icon button, named after the task. It opens the edit dialog (`EditTaskDialog`), whose
 * code and form load when the user reaches for the button (`PopupOnDemand`).
 * Input: the task's id and title. Output: the button, then the button with its dialog once activated.
 */
export function EditTaskButton({ taskId, title }: { taskId: string; title: string }) {
  const trigger = (
    <Button variant="ghost" size="icon-sm" aria-label={`Edit task “${title}”`} data-task-edit="">
      <PencilIcon aria-hidden="true" />
    </Button>
  );
  return (
    <PopupOnDemand
      trigger={trigger}
      preload={loadDialog}
      popup="dialog"
      menu={<EditTaskDialog taskId={taskId} trigger={trigger} />}
    />
  );
}
