/** Limits of notes and their attachments, without zod, for the browser; `notes.ts` re-exports them. */

/** Largest attachment, in bytes: 10 MiB (10 × 1024 × 1024). Larger uploads get 413. */
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
/** At most this many attachments on one note. */
export const ATTACHMENTS_PER_NOTE_MAX = 20;
/** Longest note body accepted, in characters of HTML before sanitising. */
export const NOTE_BODY_MAX = 100_000;
