import { parse, UsageError } from "@/server/cli/args";
import type { Command } from "@/server/cli/command";
import { applyMigrations, describeDatabase } from "@/server/cli/database";
import { note, out } from "@/server/cli/output";

const usage = `Usage: npm run crm -- migrate

Applies the pending migrations in drizzle/ to the database: Postgres when DATABASE_URL is set,
else the embedded PGlite under .data/pglite (MINI_CRM_DATA_DIR). Safe to run again.`;

/** `crm migrate`: prints "Applied N migrations." or "Database is up to date." on stdout. */
export const migrateCommand: Command = {
  usage,
  async run(args) {
    const { positionals } = parse(args, {}, usage);
    if (positionals.length) throw new UsageError(`Unexpected argument "${positionals[0]}".`, usage);
    note(`Database: ${describeDatabase()}`);
    const applied = await applyMigrations();
    if (applied === 0) out("Database is up to date: no pending migrations.");
    else out(`Applied ${applied} migration${applied === 1 ? "" : "s"}. Database is up to date.`);
  },
};
