/**
 * For a closing task dialog's `onCloseAutoFocus`: when its trigger is gone (the saved task moved to
 * another section, or left the list), focus goes to the task's own button of that kind where it shows
 * now, else to the page's main region, rather than being lost.
 * Input: the close event, the dialog's trigger, the task's id and which button (`data-task-<kind>`).
 */
export function refocusTask(
  event: Event,
  trigger: HTMLElement | null,
  taskId: string,
  kind: "edit" | "delete",
): void {
  if (trigger?.isConnected) return;
  event.preventDefault();
  const again = document.getElementById(`task-${taskId}`)?.querySelector<HTMLElement>(`[data-task-${kind}]`);
  (again ?? document.getElementById("main"))?.focus();
}
