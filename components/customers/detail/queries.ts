/**
 * The inputs of the queries a customer's page asks for first. The page prefetches them on the server
 * and the panels ask with the same inputs in the browser, so both land on the same query keys.
 */

/** The timeline's first page with no type filter (25 events, newest first). */
export function timelineInput<T extends string>(businessId: string, customerId: string, types?: T[]) {
  return { businessId, customerId, limit: 25, ...(types ? { types } : {}) };
}

/** The customer's open and in-progress tasks (up to 50, by due time). */
export function openTasksInput(businessId: string, customerId: string) {
  return { businessId, customerId, status: ["open" as const, "in_progress" as const], limit: 50 };
}

/** The first page of the customer's notes (20, pinned first). */
export function notesInput(businessId: string, customerId: string) {
  return { businessId, customerId, limit: 20 };
}

/** Where the next page of a cursor-paged list starts (none after the end). */
export const nextPageOptions = {
  getNextPageParam: (last: { nextCursor: string | null }) => last.nextCursor ?? undefined,
};
