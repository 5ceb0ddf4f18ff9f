import { z } from "zod";

/** Largest attachment, in bytes: 10 MiB (10 × 1024 × 1024). Larger uploads get 413. */
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
/** At most this many attachments on one note. */
export const ATTACHMENTS_PER_NOTE_MAX = 20;
/** Longest note body accepted, in characters of HTML before sanitising. */
export const NOTE_BODY_MAX = 100_000;

/** Rich-text HTML from the editor; sanitised on the server before it is stored. */
export const noteBodySchema = z
  .string()
  .min(1, "Write something.")
  .max(NOTE_BODY_MAX, "This note is too long.");

export const createNoteInput = z.object({
  customerId: z.uuid(),
  body: noteBodySchema,
  pinned: z.boolean().optional(),
});
export type CreateNoteInput = z.output<typeof createNoteInput>;

export const updateNoteInput = z.object({ noteId: z.uuid(), body: noteBodySchema });
export const setNotePinnedInput = z.object({ noteId: z.uuid(), pinned: z.boolean() });
export const noteIdInput = z.object({ noteId: z.uuid() });
export const attachmentIdInput = z.object({ attachmentId: z.uuid() });

/** A customer's notes: pinned first, then newest first; keyset pages. */
export const listNotesInput = z.object({
  customerId: z.uuid(),
  cursor: z.string().max(500).nullish(),
  limit: z.number().int().min(1).max(100).optional(),
});
export type ListNotesInput = z.output<typeof listNotesInput>;
