import { AppError } from "@/server/errors";

/** Largest import file accepted, in bytes (100 MiB). */
export const MAX_IMPORT_BYTES = 100 * 1024 * 1024;

/** Most customer rows one import accepts (the header row not counted). */
export const MAX_IMPORT_ROWS = 1_000_000;

/** How many leading bytes `detectFileType` wants to see; fewer work for small files. */
export const SNIFF_BYTES = 64 * 1024;

export type ImportFileType = "csv" | "xlsx";

const utf8Bom = [0xef, 0xbb, 0xbf];

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + signature.length) return false;
  for (let i = 0; i < signature.length; i++) if (bytes[offset + i] !== signature[i]) return false;
  return true;
}

function ascii(bytes: Uint8Array, start: number, end: number): string {
  let s = "";
  for (let i = start; i < Math.min(end, bytes.length); i++) s += String.fromCharCode(bytes[i]!);
  return s;
}

const reject = (message: string) => new AppError("VALIDATION", message);

/**
 * Names of the zip entries whose local headers lie within `bytes` (APPNOTE.TXT 4.3.7), and whether the
 * central directory was reached, i.e. the list is complete.
 */
function localEntryNames(bytes: Uint8Array): { names: string[]; complete: boolean } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const names: string[] = [];
  let offset = 0;
  while (offset + 30 <= bytes.length) {
    const signature = view.getUint32(offset, true);
    if (signature === 0x02014b50 || signature === 0x06054b50) return { names, complete: true };
    if (signature !== 0x04034b50) break;
    const flags = view.getUint16(offset + 6, true);
    const compressedSize = view.getUint32(offset + 18, true);
    const nameLength = view.getUint16(offset + 26, true);
    const extraLength = view.getUint16(offset + 28, true);
    names.push(ascii(bytes, offset + 30, offset + 30 + nameLength));
    // With a data descriptor (bit 3) the size is only known after the data: stop walking.
    if (flags & 0x08 || compressedSize === 0xffffffff) break;
    offset += 30 + nameLength + extraLength + compressedSize;
  }
  return { names, complete: false };
}

function checkZip(bytes: Uint8Array): ImportFileType {
  const { names, complete } = localEntryNames(bytes);
  if (names.some((n) => n === "xl/workbook.xml" || n.startsWith("xl/"))) return "xlsx";
  if (names.some((n) => n.startsWith("word/")))
    throw reject("This is a Word document, not a spreadsheet. Upload a CSV or Excel (.xlsx) file.");
  if (names.some((n) => n.startsWith("ppt/")))
    throw reject("This is a PowerPoint file, not a spreadsheet. Upload a CSV or Excel (.xlsx) file.");
  if (names[0] === "mimetype")
    throw reject("This is an OpenDocument file (.ods). Save it as Excel (.xlsx) or CSV and upload it again.");
  if (complete) throw reject("This zip file is not an Excel workbook. Upload a CSV or Excel (.xlsx) file.");
  // The names seen so far do not settle it: `checkXlsxArchive` reads the whole central directory.
  return "xlsx";
}

/**
 * Decides from its first bytes (ideally `SNIFF_BYTES` of them) whether an upload is a CSV (any text) or an
 * XLSX workbook (a zip with `xl/` parts; confirm with `checkXlsxArchive`). The name is used only to word
 * messages; the content decides.
 *
 * @param firstBytes the start of the file
 * @param fileName the name the user uploaded, if any
 * @param size the whole file's size in bytes, when known; over `MAX_IMPORT_BYTES` is refused
 * @throws AppError("VALIDATION") for an empty or oversized file, a legacy .xls (OLE2 compound file, also
 *   how password-protected workbooks are stored), PDF, images, archives, HTML/XML pages, other zip files,
 *   and binary content (NUL bytes)
 */
export function detectFileType(firstBytes: Uint8Array, fileName?: string, size?: number): ImportFileType {
  if (size !== undefined && size > MAX_IMPORT_BYTES)
    throw reject("The file is larger than 100 MB. Split it into smaller files and import them one by one.");
  if (firstBytes.length === 0 || size === 0) throw reject("The file is empty.");

  if (startsWith(firstBytes, [0x50, 0x4b, 0x03, 0x04])) return checkZip(firstBytes);
  if (startsWith(firstBytes, [0x50, 0x4b, 0x05, 0x06]))
    throw reject("This zip file is empty. Upload a CSV or Excel (.xlsx) file.");
  if (startsWith(firstBytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))
    throw reject(
      "This is an old Excel 97-2003 (.xls) file or a password-protected workbook. Open it in Excel, save it as .xlsx (without a password) or CSV, and upload it again.",
    );
  if (startsWith(firstBytes, [0x25, 0x50, 0x44, 0x46, 0x2d]))
    throw reject("This is a PDF, not a spreadsheet. Upload a CSV or Excel (.xlsx) file.");
  if (
    startsWith(firstBytes, [0x89, 0x50, 0x4e, 0x47]) ||
    startsWith(firstBytes, [0xff, 0xd8, 0xff]) ||
    startsWith(firstBytes, [0x47, 0x49, 0x46, 0x38]) ||
    (startsWith(firstBytes, [0x52, 0x49, 0x46, 0x46]) && ascii(firstBytes, 8, 12) === "WEBP") ||
    startsWith(firstBytes, [0x49, 0x49, 0x2a, 0x00]) ||
    startsWith(firstBytes, [0x4d, 0x4d, 0x00, 0x2a]) ||
    (ascii(firstBytes, 4, 8) === "ftyp" && /^(heic|heix|mif1|avif)$/.test(ascii(firstBytes, 8, 12)))
  )
    throw reject("This is an image, not a spreadsheet. Upload a CSV or Excel (.xlsx) file.");
  if (
    startsWith(firstBytes, [0x1f, 0x8b]) ||
    startsWith(firstBytes, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]) ||
    startsWith(firstBytes, [0x52, 0x61, 0x72, 0x21])
  )
    throw reject("This is a compressed archive. Extract it and upload the CSV or Excel (.xlsx) file inside.");
  if (startsWith(firstBytes, [0xfe, 0xff]))
    throw reject("This text file is in UTF-16 big-endian. Save it as CSV UTF-8 and upload it again.");
  // UTF-16 little-endian text (Excel's "Unicode text") legitimately holds NUL bytes.
  if (startsWith(firstBytes, [0xff, 0xfe])) return "csv";

  if (firstBytes.indexOf(0) !== -1)
    throw reject(
      `${fileName ? `"${fileName}"` : "This file"} is not a CSV or Excel file (it contains binary data).`,
    );

  const textStart = startsWith(firstBytes, utf8Bom) ? 3 : 0;
  const head = ascii(firstBytes, textStart, textStart + 512)
    .trimStart()
    .slice(0, 100)
    .toLowerCase();
  if (head.startsWith("<!doctype html") || head.startsWith("<html"))
    throw reject(
      "This is a web page (HTML), even if it is named like a spreadsheet. Open it in Excel, save it as .xlsx or CSV, and upload it again.",
    );
  if (head.startsWith("<?xml"))
    throw reject("This is an XML file. Open it in Excel, save it as .xlsx or CSV, and upload it again.");
  return "csv";
}
