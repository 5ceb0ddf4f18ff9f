import type { Readable } from "node:stream";
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { noteAttachments, notes, users } from "@/db/schema";
import {
  ATTACHMENT_MAX_BYTES,
  ATTACHMENTS_PER_NOTE_MAX,
  type CreateNoteInput,
  type ListNotesInput,
} from "@/server/domain/notes";
import { AppError } from "@/server/errors";
import { recordActivities } from "@/server/services/activities";
import { assertCustomer } from "@/server/services/customers/assert";
import {
  deleteObject,
  getObject,
  getObjectStream,
  newStorageKey,
  putObject,
} from "@/server/services/storage";
import { noteText, sanitizeNoteHtml } from "./sanitize";

export { noteText, sanitizeNoteHtml } from "./sanitize";

interface Actor {
  businessId: string;
  userId: string | null;
}

export type Note = typeof notes.$inferSelect;
export type NoteAttachment = typeof noteAttachments.$inferSelect;

/** Characters of note text kept in the `note_added` timeline entry. */
const EXCERPT_CHARS = 200;

/** Sanitised body, or VALIDATION on `body` when nothing visible is left. */
function cleanBody(body: string): string {
  const html = sanitizeNoteHtml(body);
  if (!noteText(html)) throw new AppError("VALIDATION", "Write something.", { body: "Write something." });
  return html;
}

function excerpt(html: string): string {
  const text = noteText(html);
  return text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS - 1)}…` : text;
}

/** An attachment as the API returns it: no storage key, a download URL instead. */
function publicAttachment(
  a: Pick<NoteAttachment, "id" | "noteId" | "fileName" | "contentType" | "size" | "createdAt">,
) {
  return {
    id: a.id,
    noteId: a.noteId,
    fileName: a.fileName,
    contentType: a.contentType,
    size: a.size,
    createdAt: a.createdAt,
    url: `/api/attachments/${a.id}`,
  };
}
export type PublicAttachment = ReturnType<typeof publicAttachment>;

interface NotesCursor {
  pinned: boolean;
  /** `created_at` as exact UTC text with microseconds. */
  t: string;
  id: string;
}

function encodeCursor(c: NotesCursor): string {
  return Buffer.from(JSON.stringify([c.pinned ? 1 : 0, c.t, c.id])).toString("base64url");
}

function decodeCursor(cursor: string): NotesCursor {
  try {
    const [p, t, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown[];
    if (
      (p === 0 || p === 1) &&
      typeof t === "string" &&
      typeof id === "string" &&
      /^[0-9a-f-]{36}$/i.test(id)
    ) {
      return { pinned: p === 1, t, id };
    }
  } catch {}
  throw new AppError("VALIDATION", "The page cursor is not valid.", { cursor: "Invalid cursor." });
}

const utcMicros = (col: unknown) =>
  sql<string>`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * A customer's notes (a trashed customer's too): pinned first, then newest first, keyset-paginated on
 * (pinned, created_at, id), all descending. Each note carries its author's name and its attachments (with `url` to download).
 * `limit` 1–100 (default 20). Output: `{ data, nextCursor }`. Errors: NOT_FOUND for a customer that is
 * not this business's; VALIDATION for a malformed cursor.
 */
export async function listNotes(db: DbOrTx, businessId: string, input: ListNotesInput) {
  const limit = input.limit ?? 20;
  await assertCustomer(db, businessId, input.customerId, { includeTrashed: true });
  const conditions = [eq(notes.businessId, businessId), eq(notes.customerId, input.customerId)];
  if (input.cursor) {
    const c = decodeCursor(input.cursor);
    conditions.push(
      sql`(${notes.pinned}, ${notes.createdAt}, ${notes.id}) < (${c.pinned}::boolean, ${c.t}::timestamptz, ${c.id}::uuid)`,
    );
  }
  const rows = await db
    .select({
      id: notes.id,
      customerId: notes.customerId,
      authorId: notes.authorId,
      authorName: users.name,
      body: notes.body,
      pinned: notes.pinned,
      createdAt: notes.createdAt,
      updatedAt: notes.updatedAt,
      cursorTime: utcMicros(notes.createdAt),
    })
    .from(notes)
    .leftJoin(users, eq(users.id, notes.authorId))
    .where(and(...conditions))
    .orderBy(desc(notes.pinned), desc(notes.createdAt), desc(notes.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const attachments = page.length
    ? await db
        .select()
        .from(noteAttachments)
        .where(
          and(
            eq(noteAttachments.businessId, businessId),
            inArray(
              noteAttachments.noteId,
              page.map((n) => n.id),
            ),
          ),
        )
        .orderBy(asc(noteAttachments.createdAt), asc(noteAttachments.id))
    : [];
  const last = page.at(-1);
  return {
    data: page.map(({ cursorTime: _, ...n }) => ({
      ...n,
      attachments: attachments.filter((a) => a.noteId === n.id).map(publicAttachment),
    })),
    nextCursor:
      rows.length > limit && last
        ? encodeCursor({ pinned: last.pinned, t: last.cursorTime, id: last.id })
        : null,
  };
}

/** One note of the business with its attachments. Errors: NOT_FOUND. */
export async function getNote(db: DbOrTx, businessId: string, noteId: string) {
  const [note] = await db
    .select()
    .from(notes)
    .where(and(eq(notes.businessId, businessId), eq(notes.id, noteId)))
    .limit(1);
  if (!note) throw new AppError("NOT_FOUND");
  const attachments = await db
    .select()
    .from(noteAttachments)
    .where(and(eq(noteAttachments.businessId, businessId), eq(noteAttachments.noteId, noteId)))
    .orderBy(asc(noteAttachments.createdAt), asc(noteAttachments.id));
  return { ...note, attachments: attachments.map(publicAttachment) };
}

/**
 * Adds a note to a customer. The body is sanitised (see `sanitizeNoteHtml`); a `note_added` activity
 * `{ noteId, excerpt }` goes on the customer's timeline in the same transaction. Output: the note.
 * Errors: NOT_FOUND for a customer that is not this business's (or is in the trash); VALIDATION on
 * `body` when nothing visible is left after sanitising.
 */
export async function createNote(db: Db, actor: Actor, input: CreateNoteInput): Promise<Note> {
  const body = cleanBody(input.body);
  return db.transaction(async (tx) => {
    await assertCustomer(tx, actor.businessId, input.customerId);
    const [note] = await tx
      .insert(notes)
      .values({
        businessId: actor.businessId,
        customerId: input.customerId,
        authorId: actor.userId,
        body,
        pinned: input.pinned ?? false,
      })
      .returning();
    await recordActivities(tx, [
      {
        businessId: actor.businessId,
        customerId: input.customerId,
        type: "note_added",
        actorUserId: actor.userId,
        data: { noteId: note!.id, excerpt: excerpt(body) },
      },
    ]);
    return note!;
  });
}

/** Replaces a note's body (sanitised). Errors: NOT_FOUND; VALIDATION on `body`. */
export async function updateNote(db: DbOrTx, actor: Actor, input: { noteId: string; body: string }) {
  const body = cleanBody(input.body);
  const [row] = await db
    .update(notes)
    .set({ body, updatedAt: new Date() })
    .where(and(eq(notes.businessId, actor.businessId), eq(notes.id, input.noteId)))
    .returning();
  if (!row) throw new AppError("NOT_FOUND");
  return row;
}

/** Pins or unpins a note (pinned notes list first). Errors: NOT_FOUND. */
export async function setNotePinned(db: DbOrTx, actor: Actor, input: { noteId: string; pinned: boolean }) {
  const [row] = await db
    .update(notes)
    .set({ pinned: input.pinned })
    .where(and(eq(notes.businessId, actor.businessId), eq(notes.id, input.noteId)))
    .returning();
  if (!row) throw new AppError("NOT_FOUND");
  return row;
}

/**
 * Deletes a note with its attachments (rows cascade; stored files are removed after the delete).
 * The `note_added` timeline entry stays. Errors: NOT_FOUND.
 */
export async function deleteNote(db: Db, actor: Actor, noteId: string) {
  const keys = await db.transaction(async (tx) => {
    const files = await tx
      .select({ storageKey: noteAttachments.storageKey })
      .from(noteAttachments)
      .where(and(eq(noteAttachments.businessId, actor.businessId), eq(noteAttachments.noteId, noteId)));
    const [row] = await tx
      .delete(notes)
      .where(and(eq(notes.businessId, actor.businessId), eq(notes.id, noteId)))
      .returning({ id: notes.id });
    if (!row) throw new AppError("NOT_FOUND");
    return files.map((f) => f.storageKey);
  });
  await Promise.all(keys.map((k) => deleteObject(k)));
  return { ok: true as const };
}

/** RFC 6838 type/subtype, lower-cased, parameters dropped; anything else is application/octet-stream. */
export function normalizeContentType(raw: string | null | undefined): string {
  const t = (raw ?? "").split(";")[0]!.trim().toLowerCase();
  return /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/.test(t)
    ? t
    : "application/octet-stream";
}

/** The last path segment of a client file name, without control characters, at most 200 characters. */
export function cleanFileName(raw: string | null | undefined): string {
  const base = (raw ?? "").split(/[\\/]/).pop() ?? "";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to remove them
  const name = base.replace(/[\u0000-\u001f\u007f]/g, "").trim();
  return [...(name || "attachment")].slice(0, 200).join("");
}

/**
 * Stores a file and attaches it to a note. Input sizes in bytes; `bytes` at most `ATTACHMENT_MAX_BYTES`
 * (10 MiB). The file goes to storage under `<businessId>/<uuid>`; if the row cannot be written the file
 * is removed again. Output: the attachment with its download `url`.
 * Errors: NOT_FOUND for a note that is not this business's; VALIDATION on `file` when empty, over the cap
 * or when the note already has `ATTACHMENTS_PER_NOTE_MAX` attachments.
 */
export async function addAttachment(
  db: Db,
  actor: Actor,
  input: { noteId: string; fileName: string; contentType: string; bytes: Uint8Array },
): Promise<PublicAttachment> {
  const [note] = await db
    .select({
      id: notes.id,
      count: sql<number>`(select count(*)::int from ${noteAttachments} where ${noteAttachments.noteId} = ${notes.id})`,
    })
    .from(notes)
    .where(and(eq(notes.businessId, actor.businessId), eq(notes.id, input.noteId)))
    .limit(1);
  if (!note) throw new AppError("NOT_FOUND");
  if (input.bytes.byteLength === 0) {
    throw new AppError("VALIDATION", "The file is empty.", { file: "The file is empty." });
  }
  if (input.bytes.byteLength > ATTACHMENT_MAX_BYTES) {
    throw new AppError("VALIDATION", "Files can be at most 10 MB.", { file: "Files can be at most 10 MB." });
  }
  if (note.count >= ATTACHMENTS_PER_NOTE_MAX) {
    throw new AppError("VALIDATION", `A note can have at most ${ATTACHMENTS_PER_NOTE_MAX} attachments.`, {
      file: `A note can have at most ${ATTACHMENTS_PER_NOTE_MAX} attachments.`,
    });
  }
  const storageKey = newStorageKey(actor.businessId);
  const contentType = normalizeContentType(input.contentType);
  await putObject(storageKey, input.bytes, { contentType });
  try {
    const [row] = await db
      .insert(noteAttachments)
      .values({
        businessId: actor.businessId,
        noteId: note.id,
        fileName: cleanFileName(input.fileName),
        contentType,
        size: input.bytes.byteLength,
        storageKey,
      })
      .returning();
    return publicAttachment(row!);
  } catch (e) {
    await deleteObject(storageKey);
    throw e;
  }
}

/** Deletes one attachment and its stored file. Errors: NOT_FOUND. */
export async function deleteAttachment(db: DbOrTx, actor: Actor, attachmentId: string) {
  const [row] = await db
    .delete(noteAttachments)
    .where(and(eq(noteAttachments.businessId, actor.businessId), eq(noteAttachments.id, attachmentId)))
    .returning({ id: noteAttachments.id, storageKey: noteAttachments.storageKey });
  if (!row) throw new AppError("NOT_FOUND");
  await deleteObject(row.storageKey);
  return { ok: true as const };
}

/**
 * The business an attachment belongs to, for the tenancy gate to check before anything is read; null
 * when there is no such attachment (the gate then answers NOT_FOUND, as for another business's).
 */
export async function attachmentBusinessId(db: DbOrTx, attachmentId: string): Promise<string | null> {
  const [row] = await db
    .select({ businessId: noteAttachments.businessId })
    .from(noteAttachments)
    .where(eq(noteAttachments.id, attachmentId))
    .limit(1);
  return row?.businessId ?? null;
}

/** The attachment `attachmentId` of the business, or NOT_FOUND (another business's looks missing). */
async function attachmentOf(db: DbOrTx, businessId: string, attachmentId: string): Promise<NoteAttachment> {
  const [attachment] = await db
    .select()
    .from(noteAttachments)
    .where(and(eq(noteAttachments.id, attachmentId), eq(noteAttachments.businessId, businessId)))
    .limit(1);
  if (!attachment) throw new AppError("NOT_FOUND");
  return attachment;
}

/**
 * An attachment of the business and its bytes. Errors: NOT_FOUND for another business's attachment or a
 * file missing from storage; StorageError when S3 storage fails.
 */
export async function readAttachment(
  db: DbOrTx,
  businessId: string,
  attachmentId: string,
): Promise<{ attachment: NoteAttachment; body: Uint8Array }> {
  const attachment = await attachmentOf(db, businessId, attachmentId);
  const body = await getObject(attachment.storageKey);
  if (!body) throw new AppError("NOT_FOUND", "The file is missing from storage.");
  return { attachment, body };
}

/**
 * An attachment of the business and its stored file as a stream (size in bytes), for a download once the
 * tenancy gate has admitted the caller. The caller consumes or destroys `body`. Errors: NOT_FOUND for
 * another business's attachment or a file missing from storage; StorageError when S3 storage fails.
 */
export async function openAttachment(
  db: DbOrTx,
  businessId: string,
  attachmentId: string,
): Promise<{ attachment: NoteAttachment; body: Readable; size: number }> {
  const attachment = await attachmentOf(db, businessId, attachmentId);
  const stored = await getObjectStream(attachment.storageKey);
  if (!stored) throw new AppError("NOT_FOUND", "The file is missing from storage.");
  return { attachment, body: stored.body, size: stored.size };
}
