import { once } from "node:events";
import type { Writable } from "node:stream";
import { toCsvLine } from "./csv-safety";
import type { RowError } from "./types";

/** Bytes gathered before one write to the underlying stream. */
const FLUSH_BYTES = 64 * 1024;

export interface ErrorReportWriter {
  /**
   * Adds a failed row: its original cells, then the reasons joined with "; ". A reason for a known column
   * is prefixed with that column's header ("Phone 1: Not a valid phone number for US.").
   * Resolves once the data is buffered; waits for the stream to drain when it is full.
   */
  add(cells: readonly string[], errors: readonly RowError[] | readonly string[]): Promise<void>;
  /** Writes what is buffered and ends the stream; resolves when it is finished. */
  close(): Promise<void>;
  /** Rows added so far. */
  readonly rows: number;
}

/**
 * Streams the downloadable error report of an import as CSV UTF-8 with BOM (so Excel shows non-Latin
 * names): the original header plus an `Error` column, then one line per failed row. Every cell is
 * neutralized against formula injection (`neutralizeCell`). The user can fix the rows and import the
 * report again: `mapHeaders` ignores the `Error` column and the normalizer removes the apostrophes.
 *
 * @param out where the CSV goes (a file, an upload stream)
 * @param header the import's header row
 */
export function createErrorReportWriter(out: Writable, header: readonly string[]): ErrorReportWriter {
  let buffer = `\ufeff${toCsvLine([...header, "Error"])}`;
  let rows = 0;
  let failed: Error | null = null;
  out.on("error", (e) => {
    failed = e;
  });

  async function flush() {
    if (failed) throw failed;
    if (buffer === "") return;
    const chunk = buffer;
    buffer = "";
    if (!out.write(chunk)) await once(out, "drain");
  }

  function reasonText(e: RowError | string): string {
    if (typeof e === "string") return e;
    const columnName = e.column >= 0 ? header[e.column]?.trim() : "";
    return columnName ? `${columnName}: ${e.reason}` : e.reason;
  }

  return {
    get rows() {
      return rows;
    },
    async add(cells, errors) {
      const reasons = (errors as readonly (RowError | string)[]).map(reasonText).join("; ");
      // The Error column stays under its header; cells beyond the header (ragged rows) follow it.
      const width = header.length;
      const line: string[] = new Array(Math.max(width, cells.length) + 1);
      for (let i = 0; i < width; i++) line[i] = cells[i] ?? "";
      line[width] = reasons;
      for (let i = width; i < cells.length; i++) line[i + 1] = cells[i]!;
      buffer += toCsvLine(line);
      rows++;
      if (buffer.length >= FLUSH_BYTES) await flush();
    },
    async close() {
      await flush();
      out.end();
      if (!out.writableFinished) await once(out, "finish");
    },
  };
}
