import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { sql } from "drizzle-orm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import * as schema from "./schema";

/** The Drizzle database used everywhere. PGlite's driver is API-compatible and typed as this one. */
export type Db = PostgresJsDatabase<typeof schema>;
/** A database handle or an open transaction: what services accept. */
export type DbOrTx = Db | Parameters<Parameters<Db["transaction"]>[0]>[0];

export type DbKind = "postgres" | "pglite";

export interface DbHandle {
  db: Db;
  kind: DbKind;
  /** Applies pending migrations from `drizzle/`. Safe to call repeatedly. */
  migrate(): Promise<void>;
  /** Number of migrations in `drizzle/` not yet applied. */
  pendingMigrations(): Promise<number>;
  close(): Promise<void>;
}

export const migrationsFolder = path.join(process.cwd(), "drizzle");

/** Where the embedded database lives when DATABASE_URL is not set. */
export function dataDir(...parts: string[]): string {
  return path.join(
    /*turbopackIgnore: true*/ process.env.MINI_CRM_DATA_DIR ?? path.join(process.cwd(), ".data"),
    ...parts,
  );
}

interface CreateDbOptions {
  /** postgres:// URL; when absent, PGlite is used. */
  url?: string;
  /** PGlite data directory; "memory" for an in-memory database (tests). */
  pgliteDir?: string | "memory";
  /** Max connections in the postgres pool. */
  max?: number;
}

/**
 * Opens a database: Postgres through `postgres` when `url` is given, embedded PGlite otherwise.
 * Errors: the driver's connection error when Postgres is unreachable.
 */
export function createDb(opts: CreateDbOptions = {}): DbHandle {
  if (opts.url) {
    const client = postgres(opts.url, { max: opts.max ?? 10, onnotice: () => {} });
    const db = drizzlePostgres({ client, schema, casing: "snake_case" });
    return {
      db,
      kind: "postgres",
      migrate: () => migratePostgres(db, { migrationsFolder }),
      pendingMigrations: () => countPending(db),
      close: () => client.end({ timeout: 5 }),
    };
  }
  const dir = opts.pgliteDir ?? dataDir("pglite");
  if (dir !== "memory") mkdirSync(dir, { recursive: true });
  const client = new PGlite({ dataDir: dir === "memory" ? undefined : dir, extensions: { pg_trgm } });
  const db = drizzlePglite({ client, schema, casing: "snake_case" }) as unknown as Db;
  return {
    db,
    kind: "pglite",
    migrate: () => migratePglite(db as never, { migrationsFolder }),
    pendingMigrations: () => countPending(db),
    close: () => client.close(),
  };
}

async function countPending(db: Db): Promise<number> {
  const journal = JSON.parse(readFileSync(path.join(migrationsFolder, "meta", "_journal.json"), "utf8")) as {
    entries: unknown[];
  };
  let applied = 0;
  try {
    const rows = await execRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
    );
    applied = rows[0]?.n ?? 0;
  } catch {
    applied = 0;
  }
  return Math.max(0, journal.entries.length - applied);
}

/** Whether `db` is the embedded PGlite (one connection: concurrent transactions queue behind each other). */
export function isEmbedded(db: DbOrTx): boolean {
  return (db as { $client?: unknown }).$client instanceof PGlite;
}

/** Runs raw SQL and returns its rows, whichever driver is behind `db` (postgres.js or PGlite). */
export async function execRows<T>(db: DbOrTx, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

/** Whether pending migrations are applied when the process opens the database. */
function autoMigrate(): boolean {
  if (process.env.MINI_CRM_AUTO_MIGRATE) return process.env.MINI_CRM_AUTO_MIGRATE === "true";
  // Production Postgres migrates through `crm migrate`; everything else migrates on start.
  return !(process.env.NODE_ENV === "production" && process.env.DATABASE_URL);
}

const globalForDb = globalThis as unknown as { __miniCrmDb?: Promise<DbHandle> };

/**
 * The process-wide database (one per process; reused across Next.js hot reloads). Applies pending
 * migrations first in development, tests and on PGlite.
 */
export function getDbHandle(): Promise<DbHandle> {
  if (!globalForDb.__miniCrmDb) {
    globalForDb.__miniCrmDb = (async () => {
      const handle = createDb({ url: process.env.DATABASE_URL || undefined });
      if (autoMigrate()) await handle.migrate();
      return handle;
    })();
    globalForDb.__miniCrmDb.catch(() => {
      globalForDb.__miniCrmDb = undefined;
    });
  }
  return globalForDb.__miniCrmDb;
}

/** Shorthand for `(await getDbHandle()).db`. */
export async function getDb(): Promise<Db> {
  return (await getDbHandle()).db;
}

/** Replaces the process-wide database (tests). */
export function setDbHandle(handle: DbHandle): void {
  globalForDb.__miniCrmDb = Promise.resolve(handle);
}
