import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { S3Client } from "@aws-sdk/client-s3";
import type { S3Settings } from "@/server/env";
import { type ObjectStore, type PutOptions, S3_PART_BYTES, StorageError, type StoredObject } from "./types";

/** Parts of one multipart upload sent at a time: memory held is at most this × `S3_PART_BYTES`. */
const PART_QUEUE = 2;

interface SdkError {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

const statusOf = (e: unknown) => (e as SdkError).$metadata?.httpStatusCode;
const isNotFound = (e: unknown) => {
  const { name } = e as SdkError;
  return name === "NoSuchKey" || name === "NotFound" || (statusOf(e) === 404 && name !== "NoSuchBucket");
};

/**
 * Objects in an S3-compatible bucket through the AWS SDK: `name` becomes the key `S3_PREFIX + name`.
 * Checksums are sent only where an operation requires one, so MinIO, R2, Spaces and B2 accept the
 * requests as AWS does. SDK failures become `StorageError`s that name the setting to check. The SDK is
 * loaded with the first operation, so a process that never touches the bucket does not hold it.
 */
export class S3Store implements ObjectStore {
  readonly kind = "s3" as const;
  private connection?: Promise<{ client: S3Client; sdk: typeof import("@aws-sdk/client-s3") }>;

  constructor(readonly settings: S3Settings) {}

  /** The SDK and this store's client, both made on first use. */
  private connect() {
    this.connection ??= import("@aws-sdk/client-s3").then((sdk) => ({
      sdk,
      client: new sdk.S3Client({
        region: this.settings.region,
        endpoint: this.settings.endpoint,
        forcePathStyle: this.settings.forcePathStyle,
        credentials: this.settings.credentials,
        requestChecksumCalculation: "WHEN_REQUIRED",
        responseChecksumValidation: "WHEN_REQUIRED",
      }),
    }));
    return this.connection;
  }

  /** The bucket key of `name`. */
  keyOf(name: string): string {
    return `${this.settings.prefix}${name}`;
  }

  async put(name: string, body: Uint8Array, opts: PutOptions = {}): Promise<void> {
    try {
      const { client, sdk } = await this.connect();
      await client.send(
        new sdk.PutObjectCommand({
          Bucket: this.settings.bucket,
          Key: this.keyOf(name),
          Body: body,
          ContentLength: body.byteLength,
          ContentType: opts.contentType,
        }),
      );
    } catch (e) {
      throw this.explain(e, "store", name);
    }
  }

  async putStream(name: string, body: Readable, opts: PutOptions = {}): Promise<number> {
    const [{ client }, { Upload }] = await Promise.all([this.connect(), import("@aws-sdk/lib-storage")]);
    let size = 0;
    const counted = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        size += chunk.byteLength;
        cb(null, chunk);
      },
    });
    // A failing source destroys `counted`, which fails the upload (lib-storage then aborts the multipart
    // upload); the upload's own failure is reported below.
    pipeline(body, counted).catch(() => {});
    const upload = new Upload({
      client,
      params: {
        Bucket: this.settings.bucket,
        Key: this.keyOf(name),
        Body: counted,
        ContentType: opts.contentType,
      },
      partSize: S3_PART_BYTES,
      queueSize: PART_QUEUE,
      leavePartsOnError: false,
    });
    try {
      await upload.done();
    } catch (e) {
      counted.destroy();
      body.destroy();
      throw this.explain(e, "store", name);
    }
    return size;
  }

  async get(name: string): Promise<Uint8Array | null> {
    const found = await this.getStream(name);
    if (!found) return null;
    const chunks: Buffer[] = [];
    for await (const chunk of found.body) chunks.push(chunk as Buffer);
    return new Uint8Array(Buffer.concat(chunks));
  }

  async getStream(name: string): Promise<StoredObject | null> {
    try {
      const { client, sdk } = await this.connect();
      const res = await client.send(
        new sdk.GetObjectCommand({ Bucket: this.settings.bucket, Key: this.keyOf(name) }),
      );
      const body = res.Body;
      if (!(body instanceof Readable)) throw new StorageError("failed", "S3 answered without a body.");
      return { body, size: res.ContentLength ?? 0 };
    } catch (e) {
      if (isNotFound(e)) return null;
      throw this.explain(e, "read", name);
    }
  }

  async exists(name: string): Promise<boolean> {
    try {
      const { client, sdk } = await this.connect();
      await client.send(new sdk.HeadObjectCommand({ Bucket: this.settings.bucket, Key: this.keyOf(name) }));
      return true;
    } catch (e) {
      if (isNotFound(e)) return false;
      throw this.explain(e, "check", name);
    }
  }

  async delete(name: string): Promise<void> {
    try {
      const { client, sdk } = await this.connect();
      await client.send(new sdk.DeleteObjectCommand({ Bucket: this.settings.bucket, Key: this.keyOf(name) }));
    } catch (e) {
      if (isNotFound(e)) return;
      throw this.explain(e, "delete", name);
    }
  }

  /** An SDK failure as a StorageError that says what to check. */
  private explain(e: unknown, verb: string, name: string): StorageError {
    if (e instanceof StorageError) return e;
    const err = e as SdkError;
    const code = err.name && err.name !== "Error" ? err.name : (err.code ?? "Error");
    const status = statusOf(e);
    const what = `Could not ${verb} "${this.keyOf(name)}" in S3 bucket "${this.settings.bucket}"`;
    if (
      code === "SignatureDoesNotMatch" ||
      code === "InvalidAccessKeyId" ||
      code === "AccessDenied" ||
      code === "Forbidden" ||
      status === 403
    )
      return new StorageError(
        "credentials",
        `${what}: the service refused the credentials (${code}). Check S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, and that the key may use this bucket.`,
        { cause: e },
      );
    if (code === "NoSuchBucket")
      return new StorageError(
        "bucket",
        `${what}: the bucket does not exist (NoSuchBucket). Check S3_BUCKET.`,
        {
          cause: e,
        },
      );
    if (
      status === undefined &&
      ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ECONNRESET", "ETIMEDOUT", "TimeoutError"].includes(code)
    )
      return new StorageError(
        "unreachable",
        `${what}: ${this.settings.endpoint ?? "the S3 endpoint"} cannot be reached (${code}). Check S3_ENDPOINT.`,
        { cause: e },
      );
    return new StorageError("failed", `${what}: ${code}${err.message ? `: ${err.message}` : ""}`, {
      cause: e,
    });
  }
}
