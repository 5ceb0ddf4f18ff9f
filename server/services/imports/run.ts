/**
 * The database side of customer imports: an upload becomes an `imports` row (`createImport`), is
 * previewed (`previewImport`), runs in batches (`processImport`, inline for small files or in the
 * `imports/process.requested` job) and can be undone (`undoImport`); an upload nobody started can be
 * deleted (`deleteImport`). This module is the public entry; each step lives in its own module beside
 * it (lifecycle, mapping, context, values, lookup, batch-writer, process, start, preview, undo, delete).
 */

export { deleteImport } from "./delete";
export {
  type CreatedImport,
  type CreateImportInput,
  createImport,
  type DuplicatePolicy,
  getImport,
  getImportErrorFile,
  IMPORT_BATCH_SIZE,
  type ImportActor,
  type ImportRecord,
  type ImportSummary,
  INLINE_IMPORT_MAX_ROWS,
  listImports,
  PREVIEW_ROWS,
} from "./lifecycle";
export { findExistingCustomers } from "./lookup";
export { type ImportPreview, type PreviewRow, previewImport } from "./preview";
export { markImportFailed, processImport } from "./process";
export { configureImport, startImport } from "./start";
export { undoImport } from "./undo";
