import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { crc32, createDeflateRaw } from "node:zlib";
import ExcelJS from "exceljs";
import { afterAll, describe, expect, it } from "vitest";
import { AppError } from "@/server/errors";
import { checkXlsxArchive } from "@/server/services/imports/xlsx-guard";
import { buildZip, workbookParts } from "./zip";

const dir = mkdtempSync(path.join(tmpdir(), "xlsx-guard-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function save(name: string, data: Buffer): string {
  const file = path.join(dir, name);
  writeFileSync(file, data);
  return file;
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  const e = await promise.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  expect((e as AppError).code).toBe("VALIDATION");
  return (e as AppError).message;
}

/** 200 MB of zeros deflated by streaming a 20 MB buffer ten times (about 200 KB of output). */
async function deflatedZeros(): Promise<{ compressed: Buffer; uncompressedSize: number; crc: number }> {
  const chunk = Buffer.alloc(20 * 1024 * 1024);
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on("data", (b: Buffer) => out.push(b));
  const done = new Promise((resolve) => deflate.on("end", resolve));
  let crc = 0;
  for (let i = 0; i < 10; i++) {
    crc = crc32(chunk, crc);
    if (!deflate.write(chunk)) await new Promise((resolve) => deflate.once("drain", resolve));
  }
  deflate.end();
  await done;
  return { compressed: Buffer.concat(out), uncompressedSize: chunk.length * 10, crc };
}

describe("checkXlsxArchive", () => {
  it("passes a normal workbook written by exceljs", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Customers");
    sheet.addRow(["Name", "Phone"]);
    for (let i = 0; i < 2000; i++) sheet.addRow([`Customer ${i}`, 9_000_000_000 + i]);
    const file = path.join(dir, "normal.xlsx");
    await workbook.xlsx.writeFile(file);
    const info = await checkXlsxArchive(file);
    expect(info.entryCount).toBeGreaterThan(5);
    expect(info.totalUncompressed).toBeGreaterThan(10_000);
  });

  it("refuses a zip bomb: a sheet of 200 MB of zeros deflated to a few hundred KB", async () => {
    const zeros = await deflatedZeros();
    expect(zeros.compressed.length).toBeLessThan(1024 * 1024);
    const file = save(
      "bomb.xlsx",
      buildZip([...workbookParts(), { name: "xl/worksheets/sheet1.xml", raw: zeros }]),
    );
    expect(await refusal(checkXlsxArchive(file))).toBe(
      'This Excel file looks like a zip bomb: "xl/worksheets/sheet1.xml" expands more than 100 times.',
    );
  });

  it("refuses more than 10,000 entries before looking at them", async () => {
    const entries = Array.from({ length: 10_001 }, (_, i) => ({
      name: `xl/media/p${i}.txt`,
      data: "",
      stored: true,
    }));
    const file = save("many.xlsx", buildZip([...workbookParts(), ...entries]));
    expect(await refusal(checkXlsxArchive(file))).toBe(
      "This Excel file has 10005 parts (at most 10000); it is not a normal workbook.",
    );
  });

  it("refuses more than 1 GB in total even when no single part looks like a bomb", async () => {
    // Eleven parts of 1.1 MB that claim 100 MB each: ratio 95, total 1.1 GB.
    // Only the central directory is read, so the deflated bytes need not be real.
    const parts = Array.from({ length: 11 }, (_, i) => ({
      name: `xl/media/image${i}.bin`,
      raw: { compressed: randomBytes(1_100_000), uncompressedSize: 100 * 1024 * 1024, crc: 0 },
    }));
    const file = save("huge.xlsx", buildZip([...workbookParts(), ...parts]));
    expect(await refusal(checkXlsxArchive(file))).toBe(
      "This Excel file expands to more than 1 GB. Split it into smaller files.",
    );
  });

  it("refuses shared strings that inflate past their declared size", async () => {
    const strings = `<sst>${"<si><t>Asha Verma</t></si>".repeat(50_000)}</sst>`;
    const file = save(
      "lying.xlsx",
      buildZip([...workbookParts(), { name: "xl/sharedStrings.xml", data: strings, declaredSize: 1000 }]),
    );
    expect(await refusal(checkXlsxArchive(file))).toMatch(/damaged/);
  });

  it("refuses a corrupt zip and a zip that is not a workbook", async () => {
    const corrupt = save("corrupt.xlsx", Buffer.concat([Buffer.from("PK\u0003\u0004"), randomBytes(2000)]));
    expect(await refusal(checkXlsxArchive(corrupt))).toMatch(/damaged or is not a real \.xlsx file/);
    const truncated = buildZip([
      ...workbookParts(),
      { name: "xl/worksheets/sheet1.xml", data: "<worksheet/>" },
    ]);
    expect(
      await refusal(checkXlsxArchive(save("cut.xlsx", truncated.subarray(0, truncated.length - 30)))),
    ).toMatch(/damaged/);
    const docx = save(
      "letter.xlsx",
      buildZip([
        { name: "[Content_Types].xml", data: "<Types/>" },
        { name: "word/document.xml", data: "<w:document/>" },
      ]),
    );
    expect(await refusal(checkXlsxArchive(docx))).toBe(
      "This zip file is not an Excel workbook. Upload a CSV or Excel (.xlsx) file.",
    );
  });
});
