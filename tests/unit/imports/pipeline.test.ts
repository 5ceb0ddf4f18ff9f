import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, describe, expect, it } from "vitest";
import { mapHeaders } from "@/server/services/imports/headers";
import { createRowNormalizer } from "@/server/services/imports/normalize";
import { readCsv } from "@/server/services/imports/read-csv";
import { readXlsx } from "@/server/services/imports/read-xlsx";
import { detectFileType } from "@/server/services/imports/sniff";
import type { NormalizedRow, SheetRow } from "@/server/services/imports/types";
import { checkXlsxArchive } from "@/server/services/imports/xlsx-guard";

const dir = mkdtempSync(path.join(tmpdir(), "import-pipeline-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What an import job does with a file: read, map the header, normalize every row. */
async function importFile(file: string, country: string, timeZone?: string) {
  const head = new Uint8Array(64 * 1024);
  const { openSync, readSync, closeSync, statSync } = await import("node:fs");
  const fd = openSync(file, "r");
  const n = readSync(fd, head, 0, head.length, 0);
  closeSync(fd);
  const type = detectFileType(head.subarray(0, n), path.basename(file), statSync(file).size);
  if (type === "xlsx") await checkXlsxArchive(file);
  const rows: AsyncIterable<SheetRow> = type === "csv" ? readCsv(file) : readXlsx(file);
  const results: { line: number; result: NormalizedRow }[] = [];
  let normalize: ((cells: string[], line: number) => NormalizedRow) | null = null;
  let headers: string[] = [];
  for await (const row of rows) {
    if (!normalize) {
      headers = row.cells;
      normalize = createRowNormalizer({
        mapping: mapHeaders(headers).mapping,
        defaultCountry: country,
        headers,
        timeZone,
      });
      continue;
    }
    results.push({ line: row.line, result: normalize(row.cells, row.line) });
  }
  const count = (kind: "ok" | "failed" | "skipped") =>
    results.filter(({ result }) =>
      kind === "skipped" ? "skip" in result : !("skip" in result) && result.ok === (kind === "ok"),
    ).length;
  return { type, headers, results, ok: count("ok"), failed: count("failed"), skipped: count("skipped") };
}

describe("import pipeline", () => {
  it("imports a messy European CSV: BOM, ';', CRLF, quoted line breaks, a repeated header, blanks, long cells", async () => {
    const lines = [
      "\ufeffFull name;E-mail;Téléphone;Tags;Notes;Date of birth",
      'Asha Verma;ASHA@example.in;+91 98765 43210;"vip; gold";"first line\r\nsecond line";12/01/1990',
      "Full name;E-mail;Téléphone;Tags;Notes;Date of birth",
      ";;;;;",
      `${"x".repeat(201)};long@example.in;;;;`,
      "Ravi Rao;ravi@example.in;0612345678;;;",
      'Meera;;;"a|b|A";;1 Feb 1985',
    ];
    const file = path.join(dir, "messy.csv");
    writeFileSync(file, `${lines.join("\r\n")}\r\n`);
    const { type, results, ok, failed, skipped } = await importFile(file, "FR");
    expect(type).toBe("csv");
    // The over-long name costs the name only: the customer is kept by its email, the name kept for review.
    expect({ ok, failed, skipped }).toEqual({ ok: 4, failed: 0, skipped: 2 });
    expect(results.map(({ line, result }) => [line, "skip" in result ? result.skip : result.ok])).toEqual([
      [2, true],
      [4, "repeated header row"],
      [5, "empty row"],
      [6, true],
      [7, true],
      [8, true],
    ]);
    expect(results[0]!.result).toMatchObject({
      ok: true,
      customer: {
        name: "Asha Verma",
        email: "asha@example.in",
        phone: "+919876543210",
        tags: ["vip", "gold"],
        notes: "first line\r\nsecond line",
        dateOfBirth: "1990-01-12",
      },
    });
    expect(results[3]!.result).toMatchObject({
      ok: true,
      customer: {
        name: null,
        email: "long@example.in",
        invalidValues: { name: { value: "x".repeat(201), reason: "Longer than 200 characters." } },
      },
      warnings: [
        { field: "name", column: 0, value: `${"x".repeat(200)}…`, reason: "Longer than 200 characters." },
      ],
    });
    expect(results[4]!.result).toMatchObject({ ok: true, customer: { phone: "+33612345678" } });
    expect(results[5]!.result).toMatchObject({
      ok: true,
      customer: { tags: ["a", "b"], dateOfBirth: "1985-02-01" },
    });
  });

  it("imports an XLSX with numeric phone cells and real dates", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Sheet1");
    sheet.addRow(["name", "phoneE164", "email", "whatsappE164", "tags", "consentAt", "Date of Birth"]);
    sheet.addRow([
      "Vivaan Singh",
      9491883981,
      "vivaan.singh3@company.com",
      9491883981,
      "premium",
      "2025-12-10",
      new Date(Date.UTC(1992, 4, 17)),
    ]);
    sheet.addRow([
      "Reyansh Mishra",
      8914926962,
      null,
      null,
      "new",
      new Date(Date.UTC(2025, 6, 12, 10, 30)),
      null,
    ]);
    sheet.addRow(["Pooja Reddy", 12345, null, null, "trial,regular", null, null]);
    sheet.getCell("F3").numFmt = "yyyy-mm-dd hh:mm";
    sheet.getCell("G2").numFmt = "dd/mm/yyyy";
    const file = path.join(dir, "customers.xlsx");
    await workbook.xlsx.writeFile(file);

    const { type, results, ok, failed } = await importFile(file, "IN", "Asia/Kolkata");
    expect(type).toBe("xlsx");
    expect({ ok, failed }).toEqual({ ok: 3, failed: 0 });
    expect(results[0]!.result).toMatchObject({
      ok: true,
      customer: {
        name: "Vivaan Singh",
        phone: "+919491883981",
        whatsapp: "+919491883981",
        tags: ["premium"],
        consentAt: "2025-12-09T18:30:00.000Z",
        dateOfBirth: "1992-05-17",
      },
    });
    expect(results[1]!.result).toMatchObject({
      ok: true,
      customer: { email: null, whatsapp: null, consentAt: "2025-07-12T05:00:00.000Z" },
    });
    // A name and an invalid phone: imported by its name, the number kept for review.
    expect(results[2]!.result).toEqual({
      ok: true,
      customer: expect.objectContaining({
        name: "Pooja Reddy",
        phone: null,
        tags: ["trial", "regular"],
        invalidValues: { phone: { value: "12345", reason: "Not a valid phone number for IN." } },
      }),
      warnings: [{ field: "phone", column: 1, value: "12345", reason: "Not a valid phone number for IN." }],
    });
  });
});
