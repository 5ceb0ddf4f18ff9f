import { randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { dataDir } from "@/db/client";
import { AppError } from "@/server/errors";
import { UUID_SOURCE } from "@/server/ids";
import { logger } from "@/server/logger";
import { objectStore, type StoredObject } from "@/server/services/storage";

/**
 * Where an import's files live. On local disk (the default) `dataDir("imports", businessId, importId)`
 * holds the uploaded file (`upload.csv` / `upload.xlsx`), the error report (`errors.csv`) and, while the
 * import runs, one error part per batch. Keys stored on the `imports` row are
 * `imports/<businessId>/<importId>/<file>`; both ids are UUIDs and the file name is one of ours, checked
 * on every call, so a key never names a path outside the imports folder.
 *
 * With S3 storage (`S3_BUCKET`) the upload and the error report are kept in the bucket under the same
 * key (after `S3_PREFIX`). Reading a file needs random access, so the import folder on local disk then
 * serves as a cache: `localImportFile` downloads the upload there before processing and reuses it on a
 * resumed run; `storeImportFile` uploads a finished file; error reports are served from the bucket.
 */

const KEY = new RegExp(`^imports/${UUID_SOURCE}/${UUID_SOURCE}/(?:upload\\.(?:csv|xlsx)|errors\\.csv)$`);
const FILE_NAMES = ["upload.csv", "upload.xlsx", "errors.csv"] as const;

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

function assertKey(key: string): void {
  if (!KEY.test(key)) throw new AppError("BAD_REQUEST", "Invalid import file key.");
}

/**
 * The absolute local path of a storage key: the file itself on local disk, the cache of the bucket
 * object with S3 storage (it may not exist yet: see `localImportFile`). Errors: BAD_REQUEST for a key
 * that is not one of ours.
 */
export function pathOfKey(key: string): string {
  assertKey(key);
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

/**
 * Deletes an import's folder and everything in it (a refused upload), and with S3 storage its objects
 * in the bucket. The bucket part is best effort (a failure is logged), so the reason the upload was
 * refused is what the caller reports. Errors: file system errors as thrown.
 */
export async function removeImportFolder(businessId: string, importId: string): Promise<void> {
  await rm(importFolder(businessId, importId), { recursive: true, force: true });
  const store = objectStore();
  if (store.kind === "local") return;
  const folder = `imports/${businessId.toLowerCase()}/${importId.toLowerCase()}`;
  try {
    await Promise.all(FILE_NAMES.map((f) => store.delete(`${folder}/${f}`)));
  } catch (e) {
    logger.warn({ err: e, importId }, "could not delete a refused import's files from the bucket");
  }
}

/**
 * Makes the finished local file of `key` (at `pathOfKey(key)`) durable: with S3 storage it is uploaded
 * to the bucket, streamed (multipart above 8 MiB); on local disk it already is, and nothing happens.
 * Call it after the file is complete; uploading again replaces the object.
 * Errors: BAD_REQUEST for a foreign key; StorageError when the bucket refuses; ENOENT without the file.
 */
export async function storeImportFile(key: string): Promise<void> {
  const file = pathOfKey(key);
  const store = objectStore();
  if (store.kind === "local") return;
  await store.putStream(key, createReadStream(file), {
    contentType: key.endsWith(".xlsx")
      ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
      : "text/csv; charset=utf-8",
  });
}

/**
 * A local path where the file of `key` can be read with random access. On local disk that is the file.
 * With S3 storage it is the local cache: when the file is not there yet (another machine, a cleared
 * cache) it is downloaded from the bucket first, to a temporary name and renamed, so a cached file is
 * always whole and a resumed run reuses it.
 * Errors: BAD_REQUEST for a foreign key; NOT_FOUND when the bucket has no such object; StorageError
 * when the bucket refuses.
 */
export async function localImportFile(key: string): Promise<string> {
  const file = pathOfKey(key);
  const store = objectStore();
  if (store.kind === "local") return file;
  if (await isFile(file)) return file;
  const found = await store.getStream(key);
  if (!found) throw new AppError("NOT_FOUND", "The import file is missing from storage.");
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${randomUUID()}.download`;
  try {
    await pipeline(found.body, createWriteStream(tmp));
    await rename(tmp, file);
  } catch (e) {
    found.body.destroy();
    await rm(tmp, { force: true });
    throw e;
  }
  return file;
}

/**
 * Whether the file of `key` is stored: in the bucket with S3 storage, else on local disk.
 * Errors: BAD_REQUEST for a foreign key; StorageError when the bucket refuses.
 */
export async function importFileExists(key: string): Promise<boolean> {
  const file = pathOfKey(key);
  const store = objectStore();
  return store.kind === "local" ? isFile(file) : store.exists(key);
}

/**
 * The stored file of `key` as a stream with its size in bytes, for a download: from the bucket with S3
 * storage, else from local disk; null when there is none. The caller consumes or destroys the stream.
 * Errors: BAD_REQUEST for a foreign key; StorageError when the bucket refuses.
 */
export async function openImportFile(key: string): Promise<StoredObject | null> {
  pathOfKey(key);
  return objectStore().getStream(key);
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw e;
  }
}
