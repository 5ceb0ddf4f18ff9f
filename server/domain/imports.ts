/** Days an uploaded import may wait for the user to start it before the hourly sweep closes it. */
export const IMPORT_START_DEADLINE_DAYS = 7;

/** The fields of an import that tell whether anyone started it. */
export interface ImportStartState {
  status: "queued" | "running" | "completed" | "failed" | "undone";
  startedAt: Date | null;
  requestedAt: Date | null;
}

/**
 * Whether an import is an upload nobody started: still `queued`, never handed to the background job
 * (`requestedAt` null) and never begun (`startedAt` null). Such an import waits for the user to press
 * "Start import" (or to delete it); it will not start by itself.
 */
export function isUnstartedImport(item: ImportStartState): boolean {
  return item.status === "queued" && item.requestedAt === null && item.startedAt === null;
}
