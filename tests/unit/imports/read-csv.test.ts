import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { AppError } from "@/server/errors";
import { detectDelimiter, readCsv } from "@/server/services/imports/read-csv";
import type { SheetRow } from "@/server/services/imports/types";

const dir = mkdtempSync(path.join(tmpdir(), "read-csv-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function rows(input: string | Buffer, chunkSize = 7): Promise<SheetRow[]> {
  const bytes = Buffer.isBuffer(input) ? input : Buffer.from(input, "utf8");
  // Small chunks prove that records, quotes, CRLF and multi-byte characters may straddle chunk borders.
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) chunks.push(bytes.subarray(i, i + chunkSize));
  const out: SheetRow[] = [];
  for await (const row of readCsv(Readable.from(chunks))) out.push(row);
  return out;
}

async function failure(input: string): Promise<AppError> {
  const e = await rows(input).then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  expect((e as AppError).code).toBe("VALIDATION");
  return e as AppError;
}

describe("detectDelimiter", () => {
  it("picks the delimiter that splits every line the same way", () => {
    expect(detectDelimiter("name,email\nAsha,a@x.in\n")).toBe(",");
    expect(detectDelimiter("Name;Price;Note\nTea;1,50;hot, sweet\nCake;2,00;\n")).toBe(";");
    expect(detectDelimiter("name\tphone\nAsha\t98765 43210\n")).toBe("\t");
    expect(detectDelimiter("name|city\nAsha|Pune\n")).toBe("|");
  });

  it("ignores delimiters inside quotes, quoted line breaks included", () => {
    expect(
      detectDelimiter('name;notes\n"Verma, Asha";"likes tea, coffee"\n"Rao, Ravi";"line one\nline, two"\n'),
    ).toBe(";");
  });

  it("falls back to a comma for a single column", () => {
    expect(detectDelimiter("email\na@x.in\nb@x.in\n")).toBe(",");
  });
});

describe("readCsv", () => {
  it("drops the BOM, detects ';' and reads CRLF lines", async () => {
    const out = await rows(
      "\ufeffName;Email;City\r\nAsha Verma;asha@example.in;Pune\r\nRavi;ravi@example.in;Köln\r\n",
    );
    expect(out).toEqual([
      { line: 1, cells: ["Name", "Email", "City"] },
      { line: 2, cells: ["Asha Verma", "asha@example.in", "Pune"] },
      { line: 3, cells: ["Ravi", "ravi@example.in", "Köln"] },
    ]);
  });

  it("keeps quoted delimiters, quotes and line breaks, and numbers records by the line they start on", async () => {
    const out = await rows(
      'name,notes,city\n"Asha","first line\r\nsecond ""quoted"", line",Pune\nRavi,"a\nb\nc",Delhi\nMeera,,Goa\n',
    );
    expect(out).toEqual([
      { line: 1, cells: ["name", "notes", "city"] },
      { line: 2, cells: ["Asha", 'first line\r\nsecond "quoted", line', "Pune"] },
      { line: 4, cells: ["Ravi", "a\nb\nc", "Delhi"] },
      { line: 7, cells: ["Meera", "", "Goa"] },
    ]);
  });

  it("trims nothing, inside or outside quotes", async () => {
    const out = await rows('name,city\n"  Asha  ",  Pune \n');
    expect(out[1]!.cells).toEqual(["  Asha  ", "  Pune "]);
  });

  it("accepts rows with fewer or more cells than the header, and keeps empty lines as rows", async () => {
    const out = await rows("a,b,c\n1\n\n1,2,3,4\n");
    expect(out).toEqual([
      { line: 1, cells: ["a", "b", "c"] },
      { line: 2, cells: ["1"] },
      { line: 3, cells: [""] },
      { line: 4, cells: ["1", "2", "3", "4"] },
    ]);
  });

  it("reads tabs and pipes, LF or CR line ends, and a last line without a line end", async () => {
    expect((await rows("name\tphone\nAsha\t+91 98765 43210"))[1]!.cells).toEqual(["Asha", "+91 98765 43210"]);
    expect((await rows("name|phone\rAsha|555-0100\rRavi|555-0101"))[2]).toEqual({
      line: 3,
      cells: ["Ravi", "555-0101"],
    });
  });

  it("keeps a stray quote inside an unquoted value as text, as spreadsheets do", async () => {
    expect((await rows("name,height\nAsha,5'3\"\n"))[1]!.cells).toEqual(["Asha", "5'3\""]);
  });

  it("reads UTF-16LE with BOM (Excel's Unicode text)", async () => {
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from("نام\tتلفن\r\nعلی\t09121234567\r\n", "utf16le"),
    ]);
    expect(await rows(utf16, 5)).toEqual([
      { line: 1, cells: ["نام", "تلفن"] },
      { line: 2, cells: ["علی", "09121234567"] },
    ]);
  });

  it("reads a file path and yields nothing for an empty file", async () => {
    const file = path.join(dir, "customers.csv");
    writeFileSync(file, "name,phone\nAsha,9876543210\n");
    const out: SheetRow[] = [];
    for await (const row of readCsv(file)) out.push(row);
    expect(out).toHaveLength(2);
    const empty = path.join(dir, "empty.csv");
    writeFileSync(empty, "");
    for await (const _ of readCsv(empty)) throw new Error("no row expected");
  });

  it("streams: the consumer may stop early", async () => {
    const file = path.join(dir, "long.csv");
    writeFileSync(file, `name\n${"Asha\n".repeat(100_000)}`);
    let n = 0;
    for await (const _ of readCsv(file)) if (++n === 10) break;
    expect(n).toBe(10);
  });

  it("refuses more rows than allowed, after yielding those allowed", async () => {
    const out: SheetRow[] = [];
    const e = await (async () => {
      for await (const row of readCsv(Readable.from([Buffer.from("name\na\nb\nc\n")]), { maxRows: 3 }))
        out.push(row);
    })().then(
      () => null,
      (err: unknown) => err,
    );
    expect(out.map((r) => r.cells[0])).toEqual(["name", "a", "b"]);
    expect((e as AppError).message).toBe("The file has more than 2 rows. Split it into smaller files.");
  });

  it("refuses an unclosed quote with the line it starts on, however the bytes arrive", async () => {
    const csv = 'name,notes\nAsha,fine\nRavi,"never closed\nMeera,ok\nJohn,ok\n';
    const message = 'Line 3: a quoted value starts on this line but its closing quote (") is missing.';
    expect((await failure(csv)).message).toBe(message);
    const whole = await rows(csv, 1 << 20).then(
      () => null,
      (e: unknown) => e,
    );
    expect((whole as AppError).message).toBe(message);
  });

  it("refuses a record over a million characters (an unclosed quote in a big file) with its line", async () => {
    const csv = `name,notes\nAsha,"opens here\n${"Ravi,ok\n".repeat(130_000)}`;
    expect((await failure(csv)).message).toBe(
      'Line 2: this row is longer than 1,000,000 characters; a quote (") is probably not closed.',
    );
  });

  it("keeps text after a closing quote rather than refusing the file", async () => {
    expect((await rows('name,notes\nAsha,"quoted"tail\n'))[1]!.cells).toEqual(["Asha", '"quoted"tail']);
  });
});
