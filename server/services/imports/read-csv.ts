import { createReadStream } from "node:fs";
import { pipeline, Readable } from "node:stream";
import { CsvError, parse } from "csv-parse";
import { AppError } from "@/server/errors";
import { MAX_IMPORT_ROWS } from "./sniff";
import type { SheetRow } from "./types";

export type CsvDelimiter = "," | ";" | "\t" | "|";

/** Candidates in order of preference when two score the same. */
const delimiters: readonly CsvDelimiter[] = [",", ";", "\t", "|"];

/** Bytes read ahead to detect the delimiter. */
const SAMPLE_BYTES = 64 * 1024;
/** Records of the sample used to detect the delimiter. */
const SAMPLE_RECORDS = 50;
/** A record longer than this (characters) is refused: almost always a quote that is never closed. */
export const MAX_CSV_RECORD_CHARS = 1_000_000;

export interface ReadCsvOptions {
  /** Skips detection. */
  delimiter?: CsvDelimiter;
  /** Most records read, header included (default `MAX_IMPORT_ROWS` + 1). */
  maxRows?: number;
}

/**
 * Picks the delimiter among `,` `;` TAB `|` from the start of a CSV (RFC 4180 quoting respected): the one
 * present in the first record that splits the most records into the same number of fields; ties go to the
 * order above. A file with a single column gives `,`.
 *
 * @param sample decoded text from the start of the file (BOM allowed); a cut-off last line is ignored
 * @param complete whether `sample` is the whole file (then its last line counts)
 */
export function detectDelimiter(sample: string, complete = false): CsvDelimiter {
  const counts: number[][] = delimiters.map(() => []);
  const current = [0, 0, 0, 0];
  let inQuotes = false;
  let records = 0;
  let atFieldStart = true;
  const start = sample.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRecord = () => {
    for (let d = 0; d < 4; d++) {
      counts[d]!.push(current[d]!);
      current[d] = 0;
    }
    records++;
  };
  for (let i = start; i < sample.length && records < SAMPLE_RECORDS; i++) {
    const ch = sample[i]!;
    if (inQuotes) {
      if (ch === '"') {
        if (sample[i + 1] === '"') i++;
        else inQuotes = false;
      }
      continue;
    }
    if (ch === '"' && atFieldStart) {
      inQuotes = true;
      atFieldStart = false;
      continue;
    }
    const d = delimiters.indexOf(ch as CsvDelimiter);
    if (d !== -1) {
      current[d]!++;
      atFieldStart = true;
      continue;
    }
    if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && sample[i + 1] === "\n") i++;
      endRecord();
      atFieldStart = true;
      continue;
    }
    atFieldStart = false;
  }
  if (complete && records < SAMPLE_RECORDS && current.some((c) => c > 0)) endRecord();

  let best: CsvDelimiter = ",";
  let bestConsistency = 0;
  let bestFields = 0;
  for (let d = 0; d < 4; d++) {
    const perRecord = counts[d]!;
    const inHeader = perRecord[0] ?? 0;
    if (inHeader === 0) continue;
    const consistent = perRecord.filter((c) => c === inHeader).length / perRecord.length;
    if (consistent > bestConsistency || (consistent === bestConsistency && inHeader > bestFields)) {
      best = delimiters[d]!;
      bestConsistency = consistent;
      bestFields = inHeader;
    }
  }
  return best;
}

function toSource(input: string | Readable | AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
  if (typeof input === "string") return createReadStream(input, { highWaterMark: SAMPLE_BYTES });
  return input;
}

function decodeSample(chunks: Uint8Array[]): string {
  const buf = Buffer.concat(chunks);
  if (buf[0] === 0xff && buf[1] === 0xfe)
    return buf.subarray(2, buf.length - (buf.length % 2)).toString("utf16le");
  return buf.toString("utf8");
}

function lineBreaks(cell: string): number {
  let n = 0;
  for (let i = cell.indexOf("\n"); i !== -1; i = cell.indexOf("\n", i + 1)) n++;
  if (cell.indexOf("\r") !== -1) {
    // A lone CR (classic Mac) is a line break too; CRLF was counted once above.
    for (let i = cell.indexOf("\r"); i !== -1; i = cell.indexOf("\r", i + 1)) if (cell[i + 1] !== "\n") n++;
  }
  return n;
}

function csvErrorMessage(e: CsvError, line: number): string {
  switch (e.code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return `Line ${line}: a quoted value starts on this line but its closing quote (") is missing.`;
    case "CSV_MAX_RECORD_SIZE":
      return `Line ${line}: this row is longer than ${MAX_CSV_RECORD_CHARS.toLocaleString("en-US")} characters; a quote (") is probably not closed.`;
    case "CSV_INVALID_CLOSING_QUOTE":
      return `Line ${line}: unexpected text after a closing quote ("). Put the whole value inside the quotes.`;
    default:
      return `Line ${line}: this row cannot be read (${e.message}).`;
  }
}

/**
 * Streams the records of a CSV file (RFC 4180, via csv-parse). UTF-8 or UTF-16LE with BOM; the BOM is
 * dropped; LF, CRLF or CR line ends; quoted values may hold delimiters, quotes ("") and line breaks; rows
 * may have fewer or more cells than the header; cells are returned untrimmed. A stray quote inside an
 * unquoted value (5'3") or after a closing quote is kept as text rather than failing the whole file.
 *
 * @param input a file path, a readable stream or any async iterable of bytes
 * @returns async iterable of `{ line, cells }`, `line` being the 1-based line the record starts on
 * @throws AppError("VALIDATION") "Line N: …" for a quote that is never closed or a record over
 *   `MAX_CSV_RECORD_CHARS` (the line is exact when the records just before it hold no line breaks), and
 *   for more than `maxRows` records
 */
export async function* readCsv(
  input: string | Readable | AsyncIterable<Uint8Array>,
  options: ReadCsvOptions = {},
): AsyncGenerator<SheetRow> {
  const iterator = toSource(input)[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  let headBytes = 0;
  let ended = false;
  while (headBytes < SAMPLE_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      break;
    }
    head.push(next.value);
    headBytes += next.value.byteLength;
  }
  if (headBytes === 0) {
    await iterator.return?.();
    return;
  }
  const delimiter = options.delimiter ?? detectDelimiter(decodeSample(head), ended);

  async function* bytes() {
    yield* head;
    head.length = 0;
    if (ended) return;
    try {
      while (true) {
        const next = await iterator.next();
        if (next.done) return;
        yield next.value;
      }
    } finally {
      await iterator.return?.();
    }
  }

  const parser = parse({
    delimiter,
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    max_record_size: MAX_CSV_RECORD_CHARS,
  });
  pipeline(Readable.from(bytes(), { objectMode: false }), parser, () => {
    // errors reach the consumer through the parser's iterator
  });

  const maxRows = options.maxRows ?? MAX_IMPORT_ROWS + 1;
  let line = 1;
  let records = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (records === maxRows)
        throw new AppError(
          "VALIDATION",
          `The file has more than ${(maxRows - 1).toLocaleString("en-US")} rows. Split it into smaller files.`,
        );
      yield { line, cells: record };
      records++;
      line++;
      for (let i = 0; i < record.length; i++) {
        const cell = record[i]!;
        if (cell.length > 0 && (cell.indexOf("\n") !== -1 || cell.indexOf("\r") !== -1))
          line += lineBreaks(cell);
      }
    }
  } catch (e) {
    if (e instanceof CsvError) {
      // Records parsed together with the failing one are not delivered; count one line for each.
      const parsedBefore = typeof e.records === "number" ? e.records : records;
      throw new AppError("VALIDATION", csvErrorMessage(e, line + Math.max(0, parsedBefore - records)));
    }
    throw e;
  } finally {
    parser.destroy();
  }
}
