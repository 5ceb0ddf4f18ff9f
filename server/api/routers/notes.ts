import { createTRPCRouter, requirePermission } from "@/server/api/trpc";
import {
  attachmentIdInput,
  createNoteInput,
  listNotesInput,
  noteIdInput,
  setNotePinnedInput,
  updateNoteInput,
} from "@/server/domain/notes";
import * as notes from "@/server/services/notes";

/**
 * Notes on customers. Attachments are uploaded with `POST /api/attachments` (multipart) and downloaded
 * from `GET /api/attachments/{id}` (route handlers: tRPC does not carry files).
 */
export const notesRouter = createTRPCRouter({
  /** A customer's notes, pinned first then newest first, with attachments; keyset pages. */
  list: requirePermission("customers.read")
    .input(listNotesInput)
    .query(({ ctx, input }) => {
      const { businessId: _, ...rest } = input;
      return notes.listNotes(ctx.db, ctx.businessId, rest);
    }),
  /** One note with its attachments. */
  get: requirePermission("customers.read")
    .input(noteIdInput)
    .query(({ ctx, input }) => notes.getNote(ctx.db, ctx.businessId, input.noteId)),
  /** Adds a note (HTML sanitised on the server); records `note_added` on the timeline. */
  create: requirePermission("customers.write")
    .input(createNoteInput)
    .mutation(({ ctx, input }) => {
      const { businessId: _, ...rest } = input;
      return notes.createNote(ctx.db, { businessId: ctx.businessId, userId: ctx.actor.userId }, rest);
    }),
  /** Replaces a note's body. */
  update: requirePermission("customers.write")
    .input(updateNoteInput)
    .mutation(({ ctx, input }) =>
      notes.updateNote(ctx.db, { businessId: ctx.businessId, userId: ctx.actor.userId }, input),
    ),
  /** Pins or unpins a note. */
  setPinned: requirePermission("customers.write")
    .input(setNotePinnedInput)
    .mutation(({ ctx, input }) =>
      notes.setNotePinned(ctx.db, { businessId: ctx.businessId, userId: ctx.actor.userId }, input),
    ),
  /** Deletes a note and its attachments. */
  delete: requirePermission("customers.write")
    .input(noteIdInput)
    .mutation(({ ctx, input }) =>
      notes.deleteNote(ctx.db, { businessId: ctx.businessId, userId: ctx.actor.userId }, input.noteId),
    ),
  /** Deletes one attachment. */
  deleteAttachment: requirePermission("customers.write")
    .input(attachmentIdInput)
    .mutation(({ ctx, input }) =>
      notes.deleteAttachment(
        ctx.db,
        { businessId: ctx.businessId, userId: ctx.actor.userId },
        input.attachmentId,
      ),
    ),
});
