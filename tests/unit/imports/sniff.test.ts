import { describe, expect, it } from "vitest";
import { AppError } from "@/server/errors";
import { detectFileType, MAX_IMPORT_BYTES } from "@/server/services/imports/sniff";
import { buildZip, inlineStringWorkbook } from "./zip";

const bytes = (...b: number[]) => Uint8Array.from(b);
const text = (s: string) => new Uint8Array(Buffer.from(s, "utf8"));

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe("VALIDATION");
    return e as AppError;
  }
  throw new Error("expected a refusal");
}

describe("detectFileType", () => {
  it("reads text as CSV, with or without a UTF-8 BOM", () => {
    expect(detectFileType(text("name,email\nAsha,asha@example.com\n"), "customers.csv")).toBe("csv");
    expect(detectFileType(text("\ufeffnom;courriel\r\n"), "export.csv")).toBe("csv");
    expect(detectFileType(text("نام,تلفن\nعلی,09121234567\n"))).toBe("csv");
  });

  it("accepts UTF-16LE text (Excel's Unicode text) despite its NUL bytes", () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("name\tphone\r\n", "utf16le")]);
    expect(detectFileType(new Uint8Array(utf16), "export.txt")).toBe("csv");
  });

  it("recognises an XLSX from its first zip entries, whatever it is called", () => {
    const workbook = inlineStringWorkbook([["name"], ["Asha"]]);
    expect(detectFileType(new Uint8Array(workbook.subarray(0, 64 * 1024)), "customers.xlsx")).toBe("xlsx");
    expect(detectFileType(new Uint8Array(workbook), "customers.bin")).toBe("xlsx");
  });

  it("refuses an empty file", () => {
    expect(refusal(() => detectFileType(new Uint8Array(0), "empty.csv")).message).toBe("The file is empty.");
    expect(refusal(() => detectFileType(text("a"), "x.csv", 0)).message).toBe("The file is empty.");
  });

  it("refuses a file over 100 MB from its size", () => {
    expect(refusal(() => detectFileType(text("a,b\n"), "big.csv", MAX_IMPORT_BYTES + 1)).message).toMatch(
      /larger than 100 MB/,
    );
    expect(detectFileType(text("a,b\n"), "ok.csv", MAX_IMPORT_BYTES)).toBe("csv");
  });

  it("refuses a legacy .xls (OLE2) with a way out", () => {
    const xls = bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0);
    expect(refusal(() => detectFileType(xls, "old.xls")).message).toMatch(
      /old Excel 97-2003 \(\.xls\).*save it as \.xlsx/,
    );
  });

  it("refuses PDFs, images and archives", () => {
    expect(refusal(() => detectFileType(text("%PDF-1.7\n%âãÏÓ"), "list.pdf")).message).toMatch(
      /This is a PDF/,
    );
    expect(
      refusal(() => detectFileType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a))).message,
    ).toMatch(/This is an image/);
    expect(refusal(() => detectFileType(bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10))).message).toMatch(/image/);
    expect(refusal(() => detectFileType(text("GIF89a....."))).message).toMatch(/image/);
    expect(refusal(() => detectFileType(bytes(0x1f, 0x8b, 0x08, 0))).message).toMatch(/compressed archive/);
  });

  it("refuses binary garbage (NUL bytes)", () => {
    expect(refusal(() => detectFileType(bytes(0x41, 0x42, 0x00, 0x43), "data.csv")).message).toBe(
      '"data.csv" is not a CSV or Excel file (it contains binary data).',
    );
  });

  it("refuses a web page or XML saved with a spreadsheet name", () => {
    expect(refusal(() => detectFileType(text("<!DOCTYPE html><html><table>"), "report.xls")).message).toMatch(
      /web page \(HTML\)/,
    );
    expect(
      refusal(() => detectFileType(text('<?xml version="1.0"?><Workbook>'), "report.xml")).message,
    ).toMatch(/XML file/);
  });

  it("refuses UTF-16 big-endian text with a way out", () => {
    expect(refusal(() => detectFileType(bytes(0xfe, 0xff, 0, 0x61))).message).toMatch(/CSV UTF-8/);
  });

  it("refuses zip files that are not workbooks", () => {
    const docx = buildZip([
      { name: "[Content_Types].xml", data: "<Types/>" },
      { name: "word/document.xml", data: "<w:document/>" },
    ]);
    expect(refusal(() => detectFileType(new Uint8Array(docx), "letter.docx")).message).toMatch(
      /Word document/,
    );
    const ods = buildZip([
      { name: "mimetype", data: "application/vnd.oasis.opendocument.spreadsheet", stored: true },
      { name: "content.xml", data: "<office:document-content/>" },
    ]);
    expect(refusal(() => detectFileType(new Uint8Array(ods), "sheet.ods")).message).toMatch(/OpenDocument/);
    const photos = buildZip([{ name: "photo.txt", data: "not a workbook" }]);
    expect(refusal(() => detectFileType(new Uint8Array(photos), "photos.zip")).message).toBe(
      "This zip file is not an Excel workbook. Upload a CSV or Excel (.xlsx) file.",
    );
  });
});
