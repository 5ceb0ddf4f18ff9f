import { flagName } from "@/server/cli/args";
import { AppError } from "@/server/errors";
import { currentHostedRun } from "./hosted";

/** Prints a line on stdout (results a script may read); to the asking `crm` process when hosted. */
export function out(line = ""): void {
  const hosted = currentHostedRun();
  if (hosted) hosted.write("out", `${line}\n`);
  else process.stdout.write(`${line}\n`);
}

/** Prints a line on stderr (progress, notes and errors, so stdout stays clean for scripts). */
export function note(line = ""): void {
  const hosted = currentHostedRun();
  if (hosted) hosted.write("err", `${line}\n`);
  else process.stderr.write(`${line}\n`);
}

/**
 * Lines that describe a failure for a person: the message, then each field error as
 * `field: message` (fields named as their flags, e.g. `time-zone`), then causes of unexpected errors.
 */
export function describeError(e: unknown): string[] {
  if (e instanceof AppError) {
    const lines = [`Error: ${e.message}`];
    for (const [field, message] of Object.entries(e.fieldErrors ?? {})) {
      lines.push(`  ${flagName(field)}: ${message}`);
    }
    return lines;
  }
  const firstLine = (m: string) => m.split("\n")[0] ?? m;
  const lines = [`Error: ${firstLine(e instanceof Error ? e.message : String(e))}`];
  let cause = e instanceof Error ? e.cause : undefined;
  while (cause instanceof Error) {
    lines.push(`  caused by: ${firstLine(cause.message)}`);
    cause = cause.cause;
  }
  if (/^(debug|trace)$/.test(process.env.LOG_LEVEL ?? "") && e instanceof Error && e.stack)
    lines.push(e.stack);
  return lines;
}

/** Lays out rows as left-aligned columns under a header, two spaces apart. */
export function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

/** A timestamp as `YYYY-MM-DD HH:MM UTC`, or `-` when absent. */
export function formatTime(d: Date | null | undefined): string {
  return d ? `${d.toISOString().slice(0, 16).replace("T", " ")} UTC` : "-";
}
