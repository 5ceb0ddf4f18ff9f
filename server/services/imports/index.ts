/**
 * Customer import and export core: database-free, streaming. A job typically runs
 * `detectFileType` → (`checkXlsxArchive`) → `readCsv` | `readXlsx` → `mapHeaders` on the first row →
 * `createRowNormalizer` → write candidates in batches, failed rows to `createErrorReportWriter`.
 */
export { neutralizeCell, toCsvLine } from "./csv-safety";
export {
  CUSTOM_VALUE_LIMITS,
  type CustomFieldDefinition,
  type CustomValueParser,
  createCustomValueParser,
  parseYesNo,
} from "./custom-values";
export { type DateOrder, dateOrderFor } from "./dates";
export { createErrorReportWriter, type ErrorReportWriter } from "./error-file";
export { type HeaderSuggestion, mapHeaders, normalizeHeader, type UnmappedColumn } from "./headers";
export {
  createRowNormalizer,
  FIELD_LIMITS,
  type NormalizerOptions,
  type RowNormalizer,
} from "./normalize";
export { parsePhoneCell } from "./phone-cell";
export { type CsvDelimiter, detectDelimiter, MAX_CSV_RECORD_CHARS, readCsv } from "./read-csv";
export { cellToText, MAX_XLSX_ROWS, readXlsx } from "./read-xlsx";
export { detectFileType, type ImportFileType, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, SNIFF_BYTES } from "./sniff";
export * from "./types";
export { checkXlsxArchive, XLSX_LIMITS, type XlsxArchiveInfo } from "./xlsx-guard";
