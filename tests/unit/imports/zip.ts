import { crc32, deflateRawSync } from "node:zlib";

/** One entry of a zip built by `buildZip`. */
export interface ZipEntrySpec {
  name: string;
  /** Uncompressed content; deflated unless `stored`. */
  data?: Buffer | string;
  /** Already deflated bytes with their real uncompressed size and CRC (for large synthetic parts). */
  raw?: { compressed: Buffer; uncompressedSize: number; crc: number };
  stored?: boolean;
  /** Overrides the uncompressed size written in the headers (a lying archive). */
  declaredSize?: number;
}

/** Writes a minimal zip (APPNOTE.TXT: local headers, data, central directory, end record). */
export function buildZip(entries: ZipEntrySpec[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, "utf8");
    let compressed: Buffer;
    let size: number;
    let crc: number;
    let method: number;
    if (e.raw) {
      ({ compressed, uncompressedSize: size, crc } = e.raw);
      method = 8;
    } else {
      const data = Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data ?? "", "utf8");
      compressed = e.stored ? data : deflateRawSync(data);
      size = data.length;
      crc = crc32(data);
      method = e.stored ? 0 : 8;
    }
    if (e.declaredSize !== undefined) size = e.declaredSize;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    parts.push(local, name, compressed);

    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(0x0800, 8);
    header.writeUInt16LE(method, 10);
    header.writeUInt32LE(crc >>> 0, 16);
    header.writeUInt32LE(compressed.length, 20);
    header.writeUInt32LE(size, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt32LE(offset, 42);
    central.push(header, name);
    offset += local.length + name.length + compressed.length;
  }
  const centralBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, centralBytes, end]);
}

const contentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`;
const rootRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
const workbook = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`;
const workbookRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`;

const xmlText = (s: string) => s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

/**
 * An XLSX the way openpyxl writes it: inline strings (`t="inlineStr"`), no sharedStrings part, the sheet
 * stored before the workbook parts. A number cell is written with `{ n }`, an empty inline cell with `null`.
 */
export function inlineStringWorkbook(rows: (string | { n: number } | null)[][]): Buffer {
  const sheetRows = rows
    .map((cells, r) => {
      const xml = cells
        .map((cell, c) => {
          const ref = `${String.fromCharCode(65 + c)}${r + 1}`;
          if (cell === null) return `<c r="${ref}" t="inlineStr"></c>`;
          if (typeof cell === "object") return `<c r="${ref}" t="n"><v>${cell.n}</v></c>`;
          return `<c r="${ref}" t="inlineStr"><is><t>${xmlText(cell)}</t></is></c>`;
        })
        .join("");
      return `<row r="${r + 1}">${xml}</row>`;
    })
    .join("");
  const sheet = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${sheetRows}</sheetData></worksheet>`;
  return buildZip([
    { name: "docProps/app.xml", data: "<Properties/>" },
    { name: "xl/worksheets/sheet1.xml", data: sheet },
    { name: "_rels/.rels", data: rootRels },
    { name: "xl/workbook.xml", data: workbook },
    { name: "xl/_rels/workbook.xml.rels", data: workbookRels },
    { name: "[Content_Types].xml", data: contentTypes },
  ]);
}

/** The parts of a valid workbook around a custom sheet entry, for guard tests. */
export function workbookParts(): ZipEntrySpec[] {
  return [
    { name: "[Content_Types].xml", data: contentTypes },
    { name: "_rels/.rels", data: rootRels },
    { name: "xl/workbook.xml", data: workbook },
    { name: "xl/_rels/workbook.xml.rels", data: workbookRels },
  ];
}

function sheetXml(rows: string[][]): string {
  const body = rows
    .map(
      (cells, r) =>
        `<row r="${r + 1}">${cells
          .map(
            (v, c) =>
              `<c r="${String.fromCharCode(65 + c)}${r + 1}" t="inlineStr"><is><t>${xmlText(v)}</t></is></c>`,
          )
          .join("")}</row>`,
    )
    .join("");
  return `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${body}</sheetData></worksheet>`;
}

export interface TabSpec {
  /** Part name, e.g. "xl/worksheets/sheet2.xml" or "xl/worksheets/customers.xml". */
  part: string;
  name: string;
  rows: string[][];
  state?: "hidden" | "veryHidden";
  /** Overrides the declared uncompressed size of this sheet (a lying archive). */
  declaredSize?: number;
}

/** A workbook whose tabs appear in the given order; the zip stores the sheet parts in reverse order. */
export function tabbedWorkbook(tabs: TabSpec[]): Buffer {
  const sheets = tabs
    .map(
      (t, i) =>
        `<sheet name="${t.name}" sheetId="${i + 1}"${t.state ? ` state="${t.state}"` : ""} r:id="rId${i + 1}"/>`,
    )
    .join("");
  const rels = tabs
    .map(
      (t, i) =>
        `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="${t.part.replace(/^xl\//, "")}"/>`,
    )
    .join("");
  return buildZip([
    ...[...tabs]
      .reverse()
      .map((t) => ({ name: t.part, data: sheetXml(t.rows), declaredSize: t.declaredSize })),
    { name: "_rels/.rels", data: rootRels },
    {
      name: "xl/workbook.xml",
      data: `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>${sheets}</sheets></workbook>`,
    },
    {
      name: "xl/_rels/workbook.xml.rels",
      data: `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels}</Relationships>`,
    },
    { name: "[Content_Types].xml", data: contentTypes },
  ]);
}
