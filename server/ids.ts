/**
 * Any RFC 9562 UUID in its canonical text form (lower-case hex), the shape of every id we issue, as a
 * regular-expression source for building larger patterns (storage keys).
 */
export const UUID_SOURCE = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const UUID = new RegExp(`^${UUID_SOURCE}$`, "i");

/** Whether `value` is a UUID string; ids that are not cannot name a record and answer 404 early. */
export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}
