import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, describe, expect, it } from "vitest";
import { AppError } from "@/server/errors";
import { cellToText, readXlsx } from "@/server/services/imports/read-xlsx";
import type { SheetRow } from "@/server/services/imports/types";
import { inlineStringWorkbook, tabbedWorkbook } from "./zip";

const dir = mkdtempSync(path.join(tmpdir(), "read-xlsx-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function readAll(file: string): Promise<SheetRow[]> {
  const out: SheetRow[] = [];
  for await (const row of readXlsx(file)) out.push(row);
  return out;
}

describe("cellToText", () => {
  it("prints numbers as people typed them", () => {
    expect(cellToText(9491883981)).toBe("9491883981");
    expect(cellToText(919876543210)).toBe("919876543210");
    expect(cellToText(1e21)).toBe("1000000000000000000000");
    expect(cellToText(0.1 + 0.2)).toBe("0.3");
    expect(cellToText(1234.5)).toBe("1234.5");
    expect(cellToText(-42)).toBe("-42");
    expect(cellToText(0.000001)).toBe("0.000001");
    expect(cellToText(1.5e-7)).toBe("0.00000015");
  });

  it("pads integers whose format is all zeros (a phone with its leading 0)", () => {
    expect(cellToText(7911123456, "00000000000")).toBe("07911123456");
    expect(cellToText(7911123456, "0")).toBe("7911123456");
  });

  it("writes dates as ISO 8601, with the time only when there is one", () => {
    expect(cellToText(new Date(Date.UTC(1990, 0, 12)))).toBe("1990-01-12");
    expect(cellToText(new Date(Date.UTC(2025, 9, 28, 14, 30, 0)))).toBe("2025-10-28T14:30:00");
  });

  it("flattens rich text, formulas, hyperlinks, booleans and errors", () => {
    expect(cellToText({ richText: [{ text: "Asha " }, { text: "Verma", font: { bold: true } }] })).toBe(
      "Asha Verma",
    );
    expect(cellToText({ formula: "A1&B1", result: "Asha Verma" })).toBe("Asha Verma");
    expect(cellToText({ formula: "A1*10", result: 9491883981 })).toBe("9491883981");
    expect(cellToText({ formula: "TODAY()", result: 45658 }, "yyyy-mm-dd")).toBe("2025-01-01");
    expect(cellToText({ formula: "1/0", result: { error: "#DIV/0!" } })).toBe("");
    expect(cellToText({ text: "our site", hyperlink: "https://example.com" })).toBe("our site");
    expect(cellToText(true)).toBe("true");
    expect(cellToText(false)).toBe("false");
    expect(cellToText({ error: "#N/A" })).toBe("");
    expect(cellToText(null)).toBe("");
    expect(cellToText("line_x000D_break")).toBe("line\rbreak");
  });
});

describe("readXlsx", () => {
  it("reads a workbook written by Excel-like tools: numbers, dates, booleans, formulas, rich text, links", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Customers");
    sheet.addRow(["Name", "Phone", "Date of birth", "Consent at", "VIP", "Code", "Website", "Score"]);
    sheet.addRow([
      { richText: [{ text: "Asha " }, { text: "Verma", font: { bold: true } }] },
      9491883981,
      new Date(Date.UTC(1990, 0, 12)),
      new Date(Date.UTC(2025, 9, 28, 14, 30)),
      true,
      { formula: 'CONCAT("IN-",B2)', result: "IN-9491883981" },
      { text: "asha.in", hyperlink: "https://asha.in" },
      0.1 + 0.2,
    ]);
    sheet.getCell("C2").numFmt = "dd/mm/yyyy";
    sheet.getCell("D2").numFmt = "yyyy-mm-dd hh:mm";
    sheet.addRow([]);
    sheet.addRow(["Ravi", "+91 98765 43210"]);
    const file = path.join(dir, "typed.xlsx");
    await workbook.xlsx.writeFile(file);

    expect(await readAll(file)).toEqual([
      { line: 1, cells: ["Name", "Phone", "Date of birth", "Consent at", "VIP", "Code", "Website", "Score"] },
      {
        line: 2,
        cells: [
          "Asha Verma",
          "9491883981",
          "1990-01-12",
          "2025-10-28T14:30:00",
          "true",
          "IN-9491883981",
          "asha.in",
          "0.3",
        ],
      },
      { line: 4, cells: ["Ravi", "+91 98765 43210"] },
    ]);
  });

  it("reads inline strings the way openpyxl writes them, with empty cells", async () => {
    const file = path.join(dir, "inline.xlsx");
    writeFileSync(
      file,
      inlineStringWorkbook([
        ["name", "phoneE164", "email", "consentAt"],
        ["Vivaan Singh", "9491883981", "vivaan@example.in", "2025-12-10"],
        ["Radha Verma", { n: 6339982705 }, null, null],
      ]),
    );
    expect(await readAll(file)).toEqual([
      { line: 1, cells: ["name", "phoneE164", "email", "consentAt"] },
      { line: 2, cells: ["Vivaan Singh", "9491883981", "vivaan@example.in", "2025-12-10"] },
      { line: 3, cells: ["Radha Verma", "6339982705"] },
    ]);
  });

  it("uses the first worksheet holding data and skips the empty rows above the header", async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("Notes");
    const data = workbook.addWorksheet("Customers");
    data.getCell("A3").value = "Name";
    data.getCell("C3").value = "Email";
    data.getCell("A4").value = "Asha";
    data.getCell("C4").value = "asha@example.in";
    workbook.addWorksheet("Other").addRow(["ignored"]);
    const file = path.join(dir, "sheets.xlsx");
    await workbook.xlsx.writeFile(file);
    expect(await readAll(file)).toEqual([
      { line: 3, cells: ["Name", "", "Email"] },
      { line: 4, cells: ["Asha", "", "asha@example.in"] },
    ]);
  });

  it("streams with shared strings: many rows, and the consumer may stop early", async () => {
    const file = path.join(dir, "many.xlsx");
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
    const sheet = writer.addWorksheet("Customers");
    sheet.addRow(["Name", "Phone"]).commit();
    for (let i = 0; i < 5000; i++) sheet.addRow([`Customer ${i}`, 9_000_000_000 + i]).commit();
    await sheet.commit();
    await writer.commit();
    let count = 0;
    let last: SheetRow | undefined;
    for await (const row of readXlsx(file)) {
      count++;
      last = row;
    }
    expect(count).toBe(5001);
    expect(last).toEqual({ line: 5001, cells: ["Customer 4999", "9000004999"] });
    let seen = 0;
    for await (const _ of readXlsx(file)) if (++seen === 3) break;
    expect(seen).toBe(3);
  });

  it("follows the tabs' order, not the part names, and passes over hidden and empty sheets", async () => {
    const file = path.join(dir, "tabs.xlsx");
    writeFileSync(
      file,
      tabbedWorkbook([
        {
          part: "xl/worksheets/sheet1.xml",
          name: "Old",
          rows: [["Name"], ["Hidden Person"]],
          state: "hidden",
        },
        { part: "xl/worksheets/sheet3.xml", name: "Blank", rows: [[""]] },
        {
          part: "xl/worksheets/customers.xml",
          name: "Customers",
          rows: [
            ["Name", "Phone"],
            ["Asha", "9876543210"],
          ],
        },
        { part: "xl/worksheets/sheet2.xml", name: "Later", rows: [["Name"], ["Not read"]] },
      ]),
    );
    expect(await readAll(file)).toEqual([
      { line: 1, cells: ["Name", "Phone"] },
      { line: 2, cells: ["Asha", "9876543210"] },
    ]);
  });

  it("refuses a sheet with more rows than allowed", async () => {
    const file = path.join(dir, "rows.xlsx");
    writeFileSync(file, inlineStringWorkbook([["name"], ["a"], ["b"], ["c"]]));
    const out: SheetRow[] = [];
    const e = await (async () => {
      for await (const row of readXlsx(file, { maxRows: 3 })) out.push(row);
    })().then(
      () => null,
      (err: unknown) => err,
    );
    expect(out).toHaveLength(3);
    expect((e as AppError).message).toBe("The sheet has more than 2 rows. Split it into smaller files.");
  });

  it("stops at the size a sheet declares, so a lying archive cannot inflate past the guard", async () => {
    const file = path.join(dir, "lying.xlsx");
    const rows = Array.from({ length: 5000 }, (_, i) => [`Customer ${i}`]);
    writeFileSync(
      file,
      tabbedWorkbook([{ part: "xl/worksheets/sheet1.xml", name: "Sheet1", rows, declaredSize: 2000 }]),
    );
    const e = await readAll(file).then(
      () => null,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).message).toMatch(/cannot be read/);
  });

  it("refuses a file exceljs cannot read", async () => {
    const file = path.join(dir, "broken.xlsx");
    writeFileSync(file, "PK\u0003\u0004 not really a zip");
    const e = await readAll(file).then(
      () => null,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).message).toMatch(/cannot be read/);
  });
});
