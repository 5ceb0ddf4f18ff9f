import type { Readable } from "node:stream";
import yauzl, { type Entry, type ZipFile } from "yauzl";
import { AppError } from "@/server/errors";

/** Limits checked on the zip central directory before any XLSX part is inflated. */
export const XLSX_LIMITS = {
  /** A workbook has a few dozen parts; thousands only serve to exhaust the reader. */
  maxEntries: 10_000,
  /** Largest inflate ratio (uncompressed / compressed) of one part. Real sheets deflate 5-20x. */
  maxRatio: 100,
  /** Parts smaller than this (uncompressed) skip the ratio check: tiny XML deflates very well. */
  ratioMinBytes: 1024 * 1024,
  /** Sum of every part's uncompressed size. */
  maxTotalUncompressed: 1024 * 1024 * 1024,
};

/** Parts that the reader holds in memory whole: their real inflated size is verified, not just declared. */
const inMemoryParts = new Set(["xl/sharedStrings.xml", "xl/styles.xml", "xl/workbook.xml"]);

export interface XlsxArchiveInfo {
  entryCount: number;
  /** Sum of the declared uncompressed sizes, in bytes. */
  totalUncompressed: number;
}

const reject = (message: string) => new AppError("VALIDATION", message);

async function verifyInflatedSize(zip: ZipFile, entry: Entry): Promise<void> {
  // yauzl's validateEntrySizes fails the stream when the data inflates past the declared size.
  const stream: Readable = await zip.openReadStreamPromise(entry);
  for await (const _chunk of stream) {
    // drained only to count bytes
  }
}

/**
 * Inspects an XLSX upload's zip central directory (APPNOTE.TXT 4.3.12) before unzipping it, as a
 * zip-bomb guard (OWASP File Upload Cheat Sheet).
 *
 * @param path the uploaded file on disk
 * @returns entry count and declared total uncompressed size in bytes
 * @throws AppError("VALIDATION") for a corrupt or encrypted zip, a zip that is not an Excel workbook (no
 *   `[Content_Types].xml` or `xl/workbook.xml`), more than `XLSX_LIMITS.maxEntries` entries, a part of at
 *   least 1 MiB inflating more than 100x, more than 1 GiB in total, or an in-memory part (shared strings,
 *   styles) that inflates past its declared size
 */
export async function checkXlsxArchive(path: string): Promise<XlsxArchiveInfo> {
  let zip: ZipFile;
  try {
    zip = await yauzl.openPromise(path, { autoClose: false, validateEntrySizes: true });
  } catch {
    throw reject(
      "This Excel file is damaged or is not a real .xlsx file. Open it in Excel and save it again.",
    );
  }
  try {
    if (zip.entryCount > XLSX_LIMITS.maxEntries)
      throw reject(
        `This Excel file has ${zip.entryCount} parts (at most ${XLSX_LIMITS.maxEntries}); it is not a normal workbook.`,
      );
    let total = 0;
    let hasContentTypes = false;
    let hasWorkbook = false;
    const toVerify: Entry[] = [];
    for await (const entry of zip.eachEntry()) {
      const { fileName, uncompressedSize, compressedSize } = entry;
      if (entry.isEncrypted())
        throw reject("This Excel file is password-protected. Remove the password first.");
      if (fileName === "[Content_Types].xml") hasContentTypes = true;
      else if (fileName === "xl/workbook.xml") hasWorkbook = true;
      if (
        uncompressedSize >= XLSX_LIMITS.ratioMinBytes &&
        (compressedSize === 0 || uncompressedSize / compressedSize > XLSX_LIMITS.maxRatio)
      )
        throw reject(
          `This Excel file looks like a zip bomb: "${fileName}" expands more than ${XLSX_LIMITS.maxRatio} times.`,
        );
      total += uncompressedSize;
      if (total > XLSX_LIMITS.maxTotalUncompressed)
        throw reject("This Excel file expands to more than 1 GB. Split it into smaller files.");
      if (inMemoryParts.has(fileName)) toVerify.push(entry);
    }
    if (!hasContentTypes || !hasWorkbook)
      throw reject("This zip file is not an Excel workbook. Upload a CSV or Excel (.xlsx) file.");
    for (const entry of toVerify) await verifyInflatedSize(zip, entry);
    return { entryCount: zip.entryCount, totalUncompressed: total };
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw reject("This Excel file is damaged. Open it in Excel and save it again.");
  } finally {
    zip.close();
  }
}
