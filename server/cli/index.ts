/**
 * Entry point of `npm run crm -- <command>`: the self-hosting CLI. It calls the services directly on the
 * database the app uses: Postgres when DATABASE_URL is set, else PGlite under .data/pglite. PGlite serves
 * one process, so while the app runs on it the command runs inside the app (server/cli/bridge.ts), with
 * the same output. Exit codes: 0 done, 1 the command failed (a message on stderr), 2 usage error.
 */

export {};

// Logs are JSON lines on stdout: a CLI shows only warnings unless asked. Set before any module reads it.
process.env.LOG_LEVEL ||= "warn";

let code: number;
try {
  const { forwardToRunningApp } = await import("./bridge-client");
  const { bridgeFilePath } = await import("./bridge");
  const forwarded = await forwardToRunningApp(process.argv.slice(2), bridgeFilePath());
  if (forwarded !== null) code = forwarded;
  else {
    const { main } = await import("./main");
    code = await main(process.argv.slice(2));
  }
} catch (e) {
  // Only a failure to load (e.g. an invalid environment variable) gets here; commands report their own.
  process.stderr.write(`Error: ${e instanceof Error ? e.message : String(e)}\n`);
  code = 1;
}
// Exit even if a library left a handle open; the database is closed and background work drained.
process.exit(code);
