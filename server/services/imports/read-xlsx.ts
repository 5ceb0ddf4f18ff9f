import { Readable } from "node:stream";
import type ExcelJS from "exceljs";
import yauzl, { type Entry, type ZipFile } from "yauzl";
import { AppError } from "@/server/errors";
import { MAX_IMPORT_ROWS } from "./sniff";
import type { SheetRow } from "./types";

const xmlEscape = /_x([0-9A-Fa-f]{4})_/g;
/** A number format made only of zeros ("00000") pads integers, e.g. phone numbers with a leading 0. */
const zeroPadFormat = /^0+$/;
/** Date/time tokens outside quoted literals, [colour] and \-escapes (ECMA-376 18.8.31). */
const dateFormatTokens = /[ymdhs]/i;
const formatLiterals = /"[^"]*"|\[[^\]]*\]|\\./g;

function isDateFormat(numFmt: string | undefined): boolean {
  if (!numFmt || numFmt === "General") return false;
  return dateFormatTokens.test(numFmt.replace(formatLiterals, ""));
}

/** Excel keeps 15 significant digits: drop binary artefacts (0.1 + 0.2) and never print 1e+21. */
function numberToText(n: number, numFmt?: string): string {
  if (!Number.isFinite(n)) return "";
  if (Number.isInteger(n)) {
    const s = Math.abs(n) < 1e21 ? String(n) : BigInt(n).toString();
    if (numFmt && n >= 0 && numFmt.length > s.length && zeroPadFormat.test(numFmt))
      return s.padStart(numFmt.length, "0");
    return s;
  }
  const rounded = Number(n.toPrecision(15));
  const s = String(rounded);
  if (s.indexOf("e") === -1) return s;
  return rounded.toLocaleString("en-US", { useGrouping: false, maximumFractionDigits: 20 });
}

/** A date cell: `YYYY-MM-DD` at midnight, else `YYYY-MM-DDTHH:mm:ss` (workbook wall time, no zone). */
function dateToText(d: Date): string {
  const ms = d.getTime();
  if (Number.isNaN(ms)) return "";
  const iso = new Date(Math.round(ms / 1000) * 1000).toISOString();
  return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso.slice(0, 19);
}

function stringToText(s: string): string {
  return s.indexOf("_x") === -1
    ? s
    : s.replace(xmlEscape, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/**
 * Converts an exceljs cell value to the text a user sees: numbers without float artefacts or exponent
 * (9491883981 → "9491883981"), integers padded when the format is all zeros, dates → ISO 8601, booleans →
 * "true"/"false", rich text → plain text, formulas → their cached result, hyperlinks → their text, errors
 * (#N/A) → "".
 *
 * @param value the cell value as exceljs reads it
 * @param numFmt the cell's number format, used for formula results and zero padding
 */
export function cellToText(value: ExcelJS.CellValue, numFmt?: string): string {
  if (value === null || value === undefined) return "";
  switch (typeof value) {
    case "string":
      return stringToText(value);
    case "number":
      return numberToText(value, numFmt);
    case "boolean":
      return value ? "true" : "false";
  }
  if (value instanceof Date) return dateToText(value);
  if ("richText" in value && Array.isArray(value.richText)) {
    let s = "";
    for (const run of value.richText) s += run.text ?? "";
    return stringToText(s);
  }
  if ("formula" in value || "sharedFormula" in value) {
    const result = (value as { result?: unknown }).result;
    if (typeof result === "number" && isDateFormat(numFmt)) {
      // Excel serial date (1900 system): days since 1899-12-30, as exceljs converts plain date cells.
      return dateToText(new Date(Math.round((result - 25569) * 86_400_000)));
    }
    if (result && typeof result === "object" && "error" in result) return "";
    return cellToText(result as ExcelJS.CellValue, numFmt);
  }
  if ("hyperlink" in value) return cellToText(value.text as ExcelJS.CellValue);
  if ("error" in value) return "";
  if ("text" in value) return cellToText((value as { text: ExcelJS.CellValue }).text);
  return "";
}

function rowCells(row: ExcelJS.Row): string[] {
  const cells: string[] = [];
  row.eachCell((cell, column) => {
    while (cells.length < column - 1) cells.push("");
    const value = cell.value;
    cells.push(
      typeof value === "string"
        ? stringToText(value)
        : cellToText(
            value,
            typeof value === "number" || (value && typeof value === "object") ? cell.numFmt : undefined,
          ),
    );
  });
  return cells;
}

function hasText(cells: string[]): boolean {
  for (let i = 0; i < cells.length; i++) if (cells[i]!.trim() !== "") return true;
  return false;
}

const unreadable = () =>
  new AppError(
    "VALIDATION",
    "This Excel file cannot be read. Open it in Excel, save it again as .xlsx, and upload it again.",
  );

/** Workbook and relationship parts are a few KB; refuse absurd ones instead of holding them. */
const MAX_SMALL_PART = 16 * 1024 * 1024;

async function readPart(zip: ZipFile, entry: Entry): Promise<string> {
  if (entry.uncompressedSize > MAX_SMALL_PART) throw unreadable();
  const chunks: Buffer[] = [];
  for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

const sheetTag = /<(?:\w+:)?sheet\b[^>]*>/g;
const relationshipTag = /<(?:\w+:)?Relationship\b[^>]*>/g;
const attribute = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
const relationshipId = /\s\w+:id="([^"]*)"/;
const sheetPart = /^xl\/worksheets\/[^/]+\.xml$/;

/**
 * The worksheet parts in tab order (ECMA-376 Part 1, 18.2.19-20: `<sheet r:id>` → workbook relationship →
 * part), visible sheets first; parts the workbook does not list follow in name order.
 */
async function worksheetsInTabOrder(zip: ZipFile, entries: Map<string, Entry>): Promise<Entry[]> {
  const workbook = entries.get("xl/workbook.xml");
  const rels = entries.get("xl/_rels/workbook.xml.rels");
  const visible: Entry[] = [];
  const hidden: Entry[] = [];
  if (workbook && rels) {
    const targets = new Map<string, string>();
    for (const tag of (await readPart(zip, rels)).match(relationshipTag) ?? []) {
      const id = attribute(tag, "Id");
      const target = attribute(tag, "Target");
      if (id && target)
        targets.set(id, target.startsWith("/") ? target.slice(1) : `xl/${target.replace(/^\.\//, "")}`);
    }
    for (const tag of (await readPart(zip, workbook)).match(sheetTag) ?? []) {
      const id = relationshipId.exec(tag)?.[1];
      const entry = id ? entries.get(targets.get(id) ?? "") : undefined;
      if (!entry || visible.includes(entry) || hidden.includes(entry)) continue;
      (attribute(tag, "state") === undefined || attribute(tag, "state") === "visible"
        ? visible
        : hidden
      ).push(entry);
    }
  }
  const listed = new Set([...visible, ...hidden]);
  const rest = [...entries.values()]
    .filter((e) => sheetPart.test(e.fileName) && !listed.has(e))
    .sort((a, b) => a.fileName.localeCompare(b.fileName, "en", { numeric: true }));
  return [...visible, ...hidden, ...rest];
}

/** An empty shared-strings part, so exceljs streams a workbook written with inline strings only. */
const EMPTY_SHARED_STRINGS = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"/>',
);
/** CRC-32 of `EMPTY_SHARED_STRINGS` (zlib.crc32 needs Node 20.15+). */
const EMPTY_SHARED_STRINGS_CRC = 0x29a29d6e;

function localHeader(name: string, size: number, crc: number): Buffer {
  const fileName = Buffer.from(name, "utf8");
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(10, 4);
  header.writeUInt16LE(0x0800, 6); // UTF-8 name, sizes in this header (no data descriptor)
  header.writeUInt16LE(0, 8); // stored
  header.writeUInt32LE(crc >>> 0, 14);
  header.writeUInt32LE(size, 18);
  header.writeUInt32LE(size, 22);
  header.writeUInt16LE(fileName.length, 26);
  return Buffer.concat([header, fileName]);
}

/**
 * The parts exceljs needs, inflated and re-stored in the order it reads best: relationships, workbook,
 * styles, shared strings, then the worksheets in tab order renamed sheet1.xml, sheet2.xml… exceljs then
 * streams each sheet straight from this stream (it spools a sheet to a temporary file when it comes
 * before the shared strings, as Excel and openpyxl write them), and parts it does not use (themes,
 * images) are never inflated. yauzl fails the stream when a part inflates past its declared size, so the
 * central-directory limits of `checkXlsxArchive` hold for the data actually read.
 */
async function* orderedParts(zip: ZipFile, failure: Failure): AsyncGenerator<Buffer> {
  try {
    yield* orderedPartsUnsafe(zip);
  } catch (e) {
    // A stream piped into exceljs cannot pass it an error: end it early instead, and tell the reader,
    // which stops waiting on exceljs (a part cut short can leave exceljs waiting for data forever).
    failure.error = e;
    failure.signal();
  }
}

interface Failure {
  error?: unknown;
  /** Set by `signal`: the workbook stream ended early. */
  signalled: boolean;
  /** Waiters of `untilFailed`, each removed once its item arrives. */
  waiters: Set<() => void>;
  signal: () => void;
}

function createFailure(): Failure {
  const failure: Failure = {
    signalled: false,
    waiters: new Set(),
    signal: () => {
      failure.signalled = true;
      for (const wake of failure.waiters) wake();
      failure.waiters.clear();
    },
  };
  return failure;
}

/**
 * Iterates `source`, giving up as soon as `failure` is signalled instead of waiting for the next item.
 * Each wait registers a waiter and removes it when the item arrives: racing every item against one
 * long-lived promise would keep every item reachable from that promise until the end (a leak of the
 * whole sheet's rows).
 */
async function* untilFailed<T>(source: AsyncIterable<T>, failure: Failure): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  const ended = () => new Error("the workbook stream ended early");
  try {
    while (true) {
      if (failure.signalled) throw ended();
      const next = await new Promise<IteratorResult<T>>((resolve, reject) => {
        const wake = () => reject(ended());
        failure.waiters.add(wake);
        it.next().then(
          (v) => {
            failure.waiters.delete(wake);
            resolve(v);
          },
          (e: unknown) => {
            failure.waiters.delete(wake);
            reject(e);
          },
        );
      });
      if (next.done) return;
      yield next.value;
    }
  } finally {
    // Close the inner iterator without waiting on it: after a failure it may never settle.
    void Promise.resolve(it.return?.()).catch(() => {});
  }
}

async function* orderedPartsUnsafe(zip: ZipFile): AsyncGenerator<Buffer> {
  const entries = new Map<string, Entry>();
  for await (const entry of zip.eachEntry()) entries.set(entry.fileName, entry);
  const sheets = await worksheetsInTabOrder(zip, entries);
  const parts: { name: string; entry?: Entry; data?: Buffer; crc?: number }[] = [];
  for (const name of ["xl/_rels/workbook.xml.rels", "xl/workbook.xml", "xl/styles.xml"]) {
    const entry = entries.get(name);
    if (entry) parts.push({ name, entry });
  }
  const sharedStrings = entries.get("xl/sharedStrings.xml");
  parts.push(
    sharedStrings
      ? { name: "xl/sharedStrings.xml", entry: sharedStrings }
      : { name: "xl/sharedStrings.xml", data: EMPTY_SHARED_STRINGS, crc: EMPTY_SHARED_STRINGS_CRC },
  );
  sheets.forEach((entry, i) => {
    parts.push({ name: `xl/worksheets/sheet${i + 1}.xml`, entry });
  });

  for (const part of parts) {
    if (part.entry) {
      yield localHeader(part.name, part.entry.uncompressedSize, part.entry.crc32);
      for await (const chunk of await zip.openReadStreamPromise(part.entry)) yield chunk as Buffer;
    } else if (part.data) {
      yield localHeader(part.name, part.data.length, part.crc ?? 0);
      yield part.data;
    }
  }
  // End of central directory (APPNOTE.TXT 4.3.16): tells the sequential reader the archive is over.
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  yield end;
}

/** Rows a sheet may hold: the product's import limit plus the header row. */
export const MAX_XLSX_ROWS = MAX_IMPORT_ROWS + 1;

/**
 * Streams the rows of the first worksheet (in tab order, visible sheets first) that holds data in an XLSX
 * workbook (ECMA-376), with exceljs's streaming reader: shared strings and inline strings (as openpyxl
 * writes them), styles for dates. Leading empty rows are skipped; later empty rows are yielded (the
 * normalizer skips them); the following worksheets are not read. Nothing is written to disk. Run
 * `checkXlsxArchive` first.
 *
 * @param path the workbook on disk
 * @param options.maxRows most rows read, header included (default `MAX_XLSX_ROWS`)
 * @returns async iterable of `{ line, cells }`, `line` being the Excel row number and cells text as
 *   `cellToText` gives it (empty string for blank cells)
 * @throws AppError("VALIDATION") when the workbook cannot be read or has more than `maxRows` rows
 */
export async function* readXlsx(path: string, options: { maxRows?: number } = {}): AsyncGenerator<SheetRow> {
  const maxRows = options.maxRows ?? MAX_XLSX_ROWS;
  let zip: ZipFile;
  try {
    zip = await yauzl.openPromise(path, { autoClose: false, validateEntrySizes: true });
  } catch {
    throw unreadable();
  }
  const failure = createFailure();
  const source = Readable.from(orderedParts(zip, failure), { objectMode: false });
  // exceljs is loaded on first use: a process that never reads a workbook does not hold it.
  const { default: Excel } = await import("exceljs");
  const reader = new Excel.stream.xlsx.WorkbookReader(source, {
    worksheets: "emit",
    sharedStrings: "cache",
    styles: "cache",
    hyperlinks: "ignore",
    entries: "ignore",
  });
  let found = false;
  let rows = 0;
  try {
    for await (const worksheet of untilFailed(reader, failure)) {
      for await (const row of untilFailed(worksheet, failure)) {
        const cells = rowCells(row);
        if (!found) {
          if (!hasText(cells)) continue;
          found = true;
        }
        if (++rows > maxRows)
          throw new AppError(
            "VALIDATION",
            `The sheet has more than ${(maxRows - 1).toLocaleString("en-US")} rows. Split it into smaller files.`,
          );
        yield { line: row.number, cells };
      }
      if (found) break;
    }
    if (failure.error !== undefined) throw failure.error;
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw unreadable();
  } finally {
    source.destroy();
    zip.close();
  }
}
