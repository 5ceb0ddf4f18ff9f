import { UsageError } from "@/server/cli/args";
import type { Command } from "@/server/cli/command";
import { describeError, note, out } from "@/server/cli/output";

interface Entry {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Loaded on use, so `help` and typos answer at once without loading the services. */
  load(): Promise<Command>;
}

const commands: Entry[] = [
  {
    name: "migrate",
    summary: "Apply pending database migrations",
    load: async () => (await import("@/server/cli/migrate")).migrateCommand,
  },
  {
    name: "seed",
    summary: "Create the demo business with its team and an API key (safe to run again)",
    load: async () => (await import("@/server/cli/seed-command")).seedCommand,
  },
  {
    name: "business",
    summary: "Create a business (business create) or list them (business list)",
    load: async () => (await import("@/server/cli/business")).businessCommand,
  },
  {
    name: "api-key",
    summary: "Create, list or revoke a business's API keys",
    load: async () => (await import("@/server/cli/api-key")).apiKeyCommand,
  },
  {
    name: "import",
    summary: "Import customers from a CSV or Excel file into a business",
    load: async () => (await import("@/server/cli/import")).importCommand,
  },
  {
    name: "jobs",
    summary: "List background runs or resume an interrupted one",
    load: async () => (await import("@/server/cli/jobs")).jobsCommand,
  },
  {
    name: "create-admin",
    summary: "Create a platform admin, or make an existing account one",
    load: async () => (await import("@/server/cli/create-admin")).createAdminCommand,
  },
];

/** The command list printed by `crm help`, with no command, and after an unknown command. */
export function usage(): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return [
    "Usage: npm run crm -- <command> [options]",
    "",
    "Commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    `  ${"help".padEnd(width)}Show this; \`help <command>\` shows a command's options`,
    "",
    "The database is Postgres when DATABASE_URL is set, else PGlite under .data/pglite (MINI_CRM_DATA_DIR).",
    "While the app runs on PGlite, commands run inside it (it serves one process at a time).",
  ].join("\n");
}

/**
 * Runs one CLI invocation (`argv` without node and the script). Output: the exit code: 0 done,
 * 1 failed (AppError or another error, printed on stderr), 2 usage error (unknown command or flag,
 * missing argument). Lets background work finish and closes the database before answering.
 */
export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    const topic = commands.find((c) => c.name === args[0]);
    out(topic ? (await topic.load()).usage : usage());
    return 0;
  }
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    note(`Unknown command "${name}".`);
    note("");
    note(usage());
    return 2;
  }
  const { closeDb } = await import("@/server/cli/database");
  try {
    const command = await entry.load();
    if (args.includes("--help") || args.includes("-h")) {
      out(command.usage);
      return 0;
    }
    await command.run(args);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      note(e.message);
      note("");
      note(e.usage ?? usage());
      return 2;
    }
    for (const line of describeError(e)) note(line);
    return 1;
  } finally {
    await closeDb();
  }
}
