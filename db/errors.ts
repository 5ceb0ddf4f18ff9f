/**
 * Whether `e` (or an error in its `cause` chain, as Drizzle wraps driver errors) is a Postgres
 * unique violation (SQLSTATE 23505) on `constraint`. Works for postgres.js and PGlite errors.
 */
export function isUniqueViolation(e: unknown, constraint: string): boolean {
  const err = e as { code?: string; constraint_name?: string; constraint?: string; cause?: unknown };
  if (err?.code === "23505") return (err.constraint_name ?? err.constraint) === constraint;
  return err?.cause ? isUniqueViolation(err.cause, constraint) : false;
}
