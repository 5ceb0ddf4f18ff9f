import { z } from "zod";

/** Largest `filters` object, in characters of JSON. */
export const SAVED_VIEW_FILTERS_MAX_CHARS = 20_000;

const name = z.string().trim().min(1, "Name the view.").max(80, "Use at most 80 characters.");

/**
 * The list's filters as the list page builds them (their shape is the customers list's filter schema);
 * stored as given, at most 20,000 characters of JSON.
 */
const filters = z
  .record(z.string().max(100), z.unknown())
  .refine(
    (f) => JSON.stringify(f).length <= SAVED_VIEW_FILTERS_MAX_CHARS,
    "These filters are too large to save.",
  );

const sort = z.object({ field: z.string().min(1).max(100), direction: z.enum(["asc", "desc"]) });
const columns = z.array(z.string().min(1).max(100)).max(100, "Use at most 100 columns.");

export const createSavedViewInput = z.object({
  name,
  filters: filters.optional(),
  sort: sort.nullish(),
  columns: columns.optional(),
  /** Shared with everyone in the business (owners and admins only) instead of personal. */
  shared: z.boolean().optional(),
});
export type CreateSavedViewInput = z.output<typeof createSavedViewInput>;

export const updateSavedViewInput = z.object({
  savedViewId: z.uuid(),
  name: name.optional(),
  filters: filters.optional(),
  sort: sort.nullish(),
  columns: columns.optional(),
  shared: z.boolean().optional(),
});
export type UpdateSavedViewInput = z.output<typeof updateSavedViewInput>;

export const savedViewIdInput = z.object({ savedViewId: z.uuid() });
