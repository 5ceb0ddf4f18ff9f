import { z } from "zod";
import { ATTACHMENT_MAX_BYTES, ATTACHMENTS_PER_NOTE_MAX, NOTE_BODY_MAX } from "./note-values";

export { ATTACHMENT_MAX_BYTES, ATTACHMENTS_PER_NOTE_MAX, NOTE_BODY_MAX };

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
