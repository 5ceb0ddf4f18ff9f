import { existsSync } from "node:fs";
import path from "node:path";
import { createDb, type Db, type DbHandle, dataDir, getDbHandle } from "@/db/client";
import { drainBackgroundWork } from "@/server/cli/background";
import { AppError } from "@/server/errors";
import { currentHostedRun } from "./hosted";

let opened: DbHandle | undefined;

/** Where PGlite keeps its files when DATABASE_URL is unset. */
function pgliteDir(): string {
  return dataDir("pglite");
}

/**
 * PGlite has one connection and no lock between processes: a second process on the same folder
 * would corrupt it. An open PGlite keeps `postmaster.pid` in its folder until it closes, so its
 * presence means the dev server (or another `crm` command) has the database open.
 * Errors: CONFLICT with what to do.
 */
function assertPgliteFree(): void {
  if (process.env.DATABASE_URL || currentHostedRun()) return;
  const pid = path.join(pgliteDir(), "postmaster.pid");
  if (!existsSync(pid)) return;
  const rel = path.relative(process.cwd(), pgliteDir());
  throw new AppError(
    "CONFLICT",
    `The embedded database in ${rel && !rel.startsWith("..") ? rel : pgliteDir()} is in use: stop the dev server ` +
      `(npm run dev / npm start) and run the command again. If nothing is running, a previous run was ` +
      `killed: delete ${pid} and retry.`,
  );
}

/** One line that says which database a command works on (Postgres host and name, or the PGlite folder). */
export function describeDatabase(): string {
  const url = process.env.DATABASE_URL;
  if (!url) return `PGlite at ${pgliteDir()}`;
  try {
    const u = new URL(url);
    return `Postgres ${u.hostname}${u.port ? `:${u.port}` : ""}${u.pathname}`;
  } catch {
    return "Postgres";
  }
}

/** The innermost cause's message: for a failed query, what the driver said (e.g. ECONNREFUSED). */
function rootMessage(e: unknown): string {
  let current: unknown = e;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return current instanceof Error ? (current.message.split("\n")[0] ?? current.message) : String(current);
}

/** Turns a failure to reach or prepare the database into one line that says what to check. */
function databaseError(e: unknown, doing: string): AppError {
  const hint = process.env.DATABASE_URL
    ? "Is Postgres running, and is DATABASE_URL right?"
    : "If the dev server is running, stop it first: the embedded database serves one process at a time.";
  return new AppError("INTERNAL", `Cannot ${doing} ${describeDatabase()}: ${rootMessage(e)}. ${hint}`);
}

/**
 * The process database for a command (`getDbHandle`: PGlite migrates on open, as does Postgres outside
 * production). Errors: CONFLICT when PGlite is in use by another process; INTERNAL when the database
 * cannot be opened; BAD_REQUEST when migrations are pending (production Postgres: run `crm migrate`).
 */
export async function openDb(): Promise<Db> {
  assertPgliteFree();
  // Inside the running app: its own database, already open and migrated.
  if (currentHostedRun()) return (await getDbHandle()).db;
  try {
    opened = await getDbHandle();
  } catch (e) {
    throw databaseError(e, "open");
  }
  const pending = await opened.pendingMigrations();
  if (pending > 0) {
    throw new AppError(
      "BAD_REQUEST",
      `${pending} database migration${pending === 1 ? " is" : "s are"} pending: run \`npm run crm -- migrate\` first.`,
    );
  }
  return opened.db;
}

/**
 * Applies pending migrations (`crm migrate`) on a handle that does not migrate on open.
 * Output: how many were applied. Errors: CONFLICT when PGlite is in use by another process; INTERNAL
 * with the driver's reason when the database cannot be reached or a migration fails.
 */
export async function applyMigrations(): Promise<number> {
  assertPgliteFree();
  if (currentHostedRun()) {
    const handle = await getDbHandle();
    const pending = await handle.pendingMigrations();
    if (pending > 0) await handle.migrate();
    return pending;
  }
  try {
    opened = createDb({ url: process.env.DATABASE_URL || undefined, max: 1 });
    const pending = await opened.pendingMigrations();
    if (pending > 0) await opened.migrate();
    return pending;
  } catch (e) {
    throw databaseError(e, "migrate");
  }
}

/**
 * Lets background runs started by the command finish, then closes whatever the command opened, so the
 * process can end. Never throws.
 */
export async function closeDb(): Promise<void> {
  // Inside the running app the database and the job driver are the app's: leave them be.
  if (currentHostedRun()) return;
  await drainBackgroundWork();
  const handle = opened;
  opened = undefined;
  try {
    await handle?.close();
  } catch {
    // Closing is best effort: the process is about to exit.
  }
}
