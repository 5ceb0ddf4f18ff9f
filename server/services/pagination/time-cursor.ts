import { AppError } from "@/server/errors";

/**
 * Keyset page cursors over `(created_at, id)` descending: the last row's time as UTC text with
 * microseconds (`YYYY-MM-DDTHH:MM:SS.ffffffZ`, what Postgres keeps, so no row is skipped or repeated) and
 * its UUID, as base64url JSON. Opaque to clients.
 */

/** A page cursor after the row created at `t` (UTC text with microseconds) with id `id`. */
export function encodeTimeCursor(t: string, id: string): string {
  return Buffer.from(JSON.stringify([t, id])).toString("base64url");
}

/** The `{ t, id }` of a cursor from `encodeTimeCursor`. Errors: VALIDATION on `cursor` for any other text. */
export function decodeTimeCursor(cursor: string): { t: string; id: string } {
  try {
    const [t, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown[];
    if (
      typeof t === "string" &&
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/.test(t) &&
      typeof id === "string" &&
      /^[0-9a-f-]{36}$/i.test(id)
    )
      return { t, id };
  } catch {}
  throw new AppError("VALIDATION", "The page cursor is not valid.", { cursor: "Invalid cursor." });
}
