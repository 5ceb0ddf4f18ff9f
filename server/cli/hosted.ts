import { AsyncLocalStorage } from "node:async_hooks";
import path from "node:path";

/**
 * A CLI command run inside the running app (see `bridge.ts`): its output goes back to the `crm` process
 * that asked, file paths are relative to that process's directory, and the app's database stays open.
 */
export interface HostedRun {
  /** The asking process's working directory (absolute). */
  cwd: string;
  write(stream: "out" | "err", text: string): void;
}

const hostedRun = new AsyncLocalStorage<HostedRun>();

/** Runs `fn` as a hosted command: output, paths and the database as `HostedRun` says. */
export function runHosted<T>(run: HostedRun, fn: () => Promise<T>): Promise<T> {
  return hostedRun.run(run, fn);
}

/** The hosted run this code is part of, or undefined in a plain `crm` process. */
export function currentHostedRun(): HostedRun | undefined {
  return hostedRun.getStore();
}

/** `p` resolved against the directory the user ran `crm` in (the asking process's when hosted). */
export function resolveUserPath(p: string): string {
  return path.resolve(currentHostedRun()?.cwd ?? process.cwd(), p);
}
