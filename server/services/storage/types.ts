import type { Readable } from "node:stream";

/**
 * The object store behind uploads and import files: local disk (the default) or an S3-compatible bucket
 * (`S3_BUCKET`). Objects are named by a relative path of `/`-separated segments such as
 * `uploads/<businessId>/<uuid>` or `imports/<businessId>/<importId>/errors.csv`; the callers validate
 * names before they reach a store. On disk a name is a path under the data folder; in a bucket it is the
 * object key (after `S3_PREFIX`).
 */
export interface ObjectStore {
  readonly kind: "local" | "s3";
  /** Stores `body` under `name`, replacing any object there. */
  put(name: string, body: Uint8Array, opts?: PutOptions): Promise<void>;
  /**
   * Stores a stream under `name` without holding it in memory (S3: multipart upload in parts of
   * `S3_PART_BYTES`); returns the bytes written. A stream that fails leaves no object behind.
   */
  putStream(name: string, body: Readable, opts?: PutOptions): Promise<number>;
  /** The object's bytes, or null when there is none. */
  get(name: string): Promise<Uint8Array | null>;
  /** The object as a stream with its size in bytes, or null when there is none. */
  getStream(name: string): Promise<StoredObject | null>;
  /** Whether an object exists under `name`. */
  exists(name: string): Promise<boolean>;
  /** Deletes the object; deleting a missing object is not an error. */
  delete(name: string): Promise<void>;
}

export interface PutOptions {
  /** MIME type recorded with the object (S3 `Content-Type`). */
  contentType?: string;
}

export interface StoredObject {
  body: Readable;
  /** Bytes. */
  size: number;
}

/** Part size of S3 multipart uploads: 8 MiB (S3 takes parts of 5 MiB to 5 GiB, at most 10,000). */
export const S3_PART_BYTES = 8 * 1024 * 1024;

export type StorageErrorCode = "credentials" | "bucket" | "unreachable" | "failed";

/**
 * A storage failure that is the operator's to fix (wrong S3 credentials, a missing bucket, an endpoint
 * that does not answer), with a message that names the setting to check. Not an AppError: route
 * handlers log it and answer 500 without the details.
 */
export class StorageError extends Error {
  readonly code: StorageErrorCode;

  constructor(code: StorageErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "StorageError";
    this.code = code;
  }
}
