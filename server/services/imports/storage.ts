import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { dataDir } from "@/db/client";
import { AppError } from "@/server/errors";

/**
 * Where an import's files live on local disk: `dataDir("imports", businessId, importId)` holds the
 * uploaded file (`upload.csv` / `upload.xlsx`), the error report (`errors.csv`) and, while the import
 * runs, one error part per batch. Keys stored on the `imports` row are
 * `imports/<businessId>/<importId>/<file>`; both ids are UUIDs and the file name is one of ours, checked
 * on every call, so a key never names a path outside the imports folder.
 */

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const KEY = new RegExp(`^imports/${UUID}/${UUID}/(?:upload\\.(?:csv|xlsx)|errors\\.csv)$`);

/** The folder of one import's files (not created). */
export function importFolder(businessId: string, importId: string): string {
  return dataDir("imports", businessId.toLowerCase(), importId.toLowerCase());
}

/** The storage key of an import's uploaded file. */
export function uploadKey(businessId: string, importId: string, fileType: "csv" | "xlsx"): string {
  return `imports/${businessId.toLowerCase()}/${importId.toLowerCase()}/upload.${fileType}`;
}

/** The storage key of an import's error report. */
export function errorFileKey(businessId: string, importId: string): string {
  return `imports/${businessId.toLowerCase()}/${importId.toLowerCase()}/errors.csv`;
}

/** The absolute path of a storage key. Errors: BAD_REQUEST for a key that is not one of ours. */
export function pathOfKey(key: string): string {
  if (!KEY.test(key)) throw new AppError("BAD_REQUEST", "Invalid import file key.");
  const base = path.resolve(dataDir("imports"));
  const file = path.resolve(dataDir(), ...key.split("/"));
  if (!file.startsWith(base + path.sep)) throw new AppError("BAD_REQUEST", "Invalid import file key.");
  return file;
}

/** Creates an import's folder; returns its path. */
export async function ensureImportFolder(businessId: string, importId: string): Promise<string> {
  const dir = importFolder(businessId, importId);
  await mkdir(dir, { recursive: true });
  return dir;
}

/** Deletes an import's folder and everything in it (a refused upload). */
export async function removeImportFolder(businessId: string, importId: string): Promise<void> {
  await rm(importFolder(businessId, importId), { recursive: true, force: true });
}
