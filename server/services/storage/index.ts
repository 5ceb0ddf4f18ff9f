import { randomUUID } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { dataDir } from "@/db/client";
import { AppError } from "@/server/errors";

/**
 * File storage for uploads (note attachments). Objects live on local disk under `dataDir("uploads")`
 * (`.data/uploads`, or `$MINI_CRM_DATA_DIR/uploads`), one file per key. S3-compatible storage is not
 * wired: `@aws-sdk/client-s3` is not a dependency; when it is, add a driver behind these three functions
 * selected by `S3_BUCKET`/`S3_ENDPOINT`.
 *
 * Keys are `<businessId>/<uuid>`: both parts are UUIDs, checked on every call, so a key can never
 * name a path outside the uploads folder (no `..`, no separators, no absolute paths).
 */

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const KEY = new RegExp(`^${UUID}/${UUID}$`);

/** A new storage key for an object of `businessId`: `<businessId>/<random uuid>`. */
export function newStorageKey(businessId: string): string {
  const key = `${businessId.toLowerCase()}/${randomUUID()}`;
  assertKey(key);
  return key;
}

function assertKey(key: string): void {
  if (!KEY.test(key)) throw new AppError("BAD_REQUEST", "Invalid storage key.");
}

function root(): string {
  return path.resolve(dataDir("uploads"));
}

function fileFor(key: string): string {
  assertKey(key);
  const base = root();
  const file = path.resolve(base, ...key.split("/"));
  // Belt and braces: the key pattern already rules this out.
  if (!file.startsWith(base + path.sep)) throw new AppError("BAD_REQUEST", "Invalid storage key.");
  return file;
}

/**
 * Stores `body` under `key`, replacing any object there. Written to a temporary file and renamed, so a
 * reader never sees half a file. Errors: BAD_REQUEST for a malformed key; file system errors as thrown.
 */
export async function putObject(key: string, body: Uint8Array): Promise<{ key: string; size: number }> {
  const file = fileFor(key);
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${randomUUID()}.tmp`;
  await writeFile(tmp, body);
  try {
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  return { key, size: body.byteLength };
}

/** The bytes under `key`, or null when there is no such object. Errors: BAD_REQUEST for a malformed key. */
export async function getObject(key: string): Promise<Uint8Array | null> {
  try {
    return new Uint8Array(await readFile(fileFor(key)));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw e;
  }
}

/** Deletes the object under `key`; deleting a missing object is not an error. */
export async function deleteObject(key: string): Promise<void> {
  await rm(fileFor(key), { force: true });
}
