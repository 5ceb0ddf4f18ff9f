import { env } from "@/server/env";

/** One top-level CLI command: `npm run crm -- <name> ...args`. */
export interface Command {
  /** Full usage, printed by `crm help <name>`, `crm <name> --help` and on a usage error. */
  usage: string;
  run(args: string[]): Promise<void>;
}

/** The app's public URL, for links printed by commands. */
export function appUrl(pathname = "/"): string {
  return new URL(pathname, env.APP_URL).toString();
}
