import { randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import type { Readable } from "node:stream";
import { s3Settings } from "@/server/env";
import { AppError } from "@/server/errors";
import { UUID_SOURCE } from "@/server/ids";
import { LocalStore } from "./local";
import { S3Store } from "./s3";
import type { ObjectStore, PutOptions, StoredObject } from "./types";

export { type ObjectStore, type PutOptions, StorageError, type StoredObject } from "./types";

/**
 * File storage for uploads (note attachments). By default objects live on local disk under
 * `dataDir("uploads")` (`.data/uploads`, or `$MINI_CRM_DATA_DIR/uploads`), one file per key. With
 * `S3_BUCKET` set they live in that S3-compatible bucket under `[S3_PREFIX]uploads/<key>` (see
 * `s3Settings` in server/env.ts for the other variables).
 *
 * Keys are `<businessId>/<uuid>`: both parts are UUIDs, checked on every call, so a key can never
 * name a path outside the uploads folder (no `..`, no separators, no absolute paths).
 */

const KEY = new RegExp(`^${UUID_SOURCE}/${UUID_SOURCE}$`);

const local = new LocalStore();
let s3: { id: string; store: S3Store } | undefined;

/**
 * The object store in use, chosen from the environment at each call: an S3 bucket when `S3_BUCKET` is
 * set (one client per distinct configuration), else local disk under the data folder.
 * Errors: throws Error naming the variable when the S3 settings are malformed.
 */
export function objectStore(): ObjectStore {
  const settings = s3Settings();
  if (!settings) return local;
  const id = JSON.stringify(settings);
  // A client of an earlier configuration is dropped, not destroyed: a download may still be reading it.
  if (s3?.id !== id) s3 = { id, store: new S3Store(settings) };
  return s3.store;
}

/** Which store `objectStore()` uses now: "s3" with `S3_BUCKET` set, else "local". */
export function storageKind(): "local" | "s3" {
  return objectStore().kind;
}

/** A new storage key for an object of `businessId`: `<businessId>/<random uuid>`. */
export function newStorageKey(businessId: string): string {
  const key = `${businessId.toLowerCase()}/${randomUUID()}`;
  assertKey(key);
  return key;
}

function assertKey(key: string): void {
  if (!KEY.test(key)) throw new AppError("BAD_REQUEST", "Invalid storage key.");
}

function nameOf(key: string): string {
  assertKey(key);
  return `uploads/${key}`;
}

/**
 * Stores `body` under `key`, replacing any object there. On disk it is written to a temporary file and
 * renamed, so a reader never sees half a file. Output: the key and size in bytes.
 * Errors: BAD_REQUEST for a malformed key; StorageError for an S3 failure; file system errors as thrown.
 */
export async function putObject(
  key: string,
  body: Uint8Array,
  opts?: PutOptions,
): Promise<{ key: string; size: number }> {
  await objectStore().put(nameOf(key), body, opts);
  return { key, size: body.byteLength };
}

/**
 * Stores a stream under `key` without buffering it (S3: multipart upload, 8 MiB parts). Output: the key
 * and the bytes written. A failed stream leaves no object. Errors: as `putObject`, and the stream's own.
 */
export async function putObjectStream(
  key: string,
  body: Readable,
  opts?: PutOptions,
): Promise<{ key: string; size: number }> {
  const size = await objectStore().putStream(nameOf(key), body, opts);
  return { key, size };
}

/** Stores the file at `filePath` (local path) under `key`, streamed as `putObjectStream`. */
export async function putObjectFile(
  key: string,
  filePath: string,
  opts?: PutOptions,
): Promise<{ key: string; size: number }> {
  return putObjectStream(key, createReadStream(filePath), opts);
}

/**
 * The bytes under `key`, or null when there is no such object. Errors: BAD_REQUEST for a malformed key;
 * StorageError for an S3 failure.
 */
export async function getObject(key: string): Promise<Uint8Array | null> {
  return objectStore().get(nameOf(key));
}

/**
 * The object under `key` as a Node stream with its size in bytes, or null when there is none. The caller
 * must consume or destroy the stream. Errors: as `getObject`.
 */
export async function getObjectStream(key: string): Promise<StoredObject | null> {
  return objectStore().getStream(nameOf(key));
}

/** Deletes the object under `key`; deleting a missing object is not an error. Errors: as `getObject`. */
export async function deleteObject(key: string): Promise<void> {
  await objectStore().delete(nameOf(key));
}
