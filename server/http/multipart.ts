import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { createWriteStream, type WriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeWebReadableStream } from "node:stream/web";
import busboy from "busboy";
import { AppError } from "@/server/errors";

/**
 * Streaming `multipart/form-data` (RFC 7578) for large uploads: the file part is written straight to a
 * temporary file while the body arrives, so a 100 MB import never sits in memory, and the size cap is
 * enforced as the bytes come in (the rest of the body is not read).
 */

export interface ReceivedFile {
  /** Temporary file holding the part; the caller deletes it (`discardReceivedFile`). */
  path: string;
  /** The client's file name ("" when the browser sent none). */
  fileName: string;
  mimeType: string;
  /** Bytes. */
  size: number;
}

export type ReceivedForm =
  | {
      ok: true;
      /** Text fields, the first value of each name (as `FormData.get`). */
      fields: Map<string, string>;
      /** The first file part named `fileField`, or null when there is none. */
      file: ReceivedFile | null;
    }
  /** The file part is larger than `maxFileBytes`; nothing is kept. */
  | { ok: false; reason: "too_large" };

export interface ReceiveOptions {
  /** Name of the file field to keep; other file parts are read past and dropped. */
  fileField: string;
  /** Largest file accepted, in bytes. */
  maxFileBytes: number;
  /** Folder for the temporary file (created when missing). */
  dir: string;
  /** Largest text field, in bytes (default 1 MiB). */
  maxFieldBytes?: number;
  /** Message of the BAD_REQUEST for a body that is not readable multipart. */
  malformedMessage?: string;
}

/**
 * Reads a `multipart/form-data` request body as it streams in: text fields into memory (at most 50,
 * each at most `maxFieldBytes`), the first file part named `fileField` into a temporary file in `dir`.
 * A file over `maxFileBytes` stops the read at once: the partial file is deleted and the result is
 * `{ ok: false, reason: "too_large" }`.
 * Output: the fields and the received file; the caller deletes the file when done with it.
 * Errors: AppError BAD_REQUEST (`malformedMessage`) for a missing body, a content type that is not
 * multipart, a malformed body or an over-long field; file system errors as thrown.
 */
export async function receiveMultipart(req: Request, opts: ReceiveOptions): Promise<ReceivedForm> {
  const malformed = () =>
    new AppError("BAD_REQUEST", opts.malformedMessage ?? "Send the upload as multipart/form-data.");
  const contentType = req.headers.get("content-type") ?? "";
  if (!req.body || !/^multipart\/form-data\b/i.test(contentType)) throw malformed();
  let parser: ReturnType<typeof busboy>;
  try {
    parser = busboy({
      headers: { "content-type": contentType },
      // A file exactly at the cap is fine: busboy reports `limit` on reaching `fileSize`.
      limits: {
        fileSize: opts.maxFileBytes + 1,
        files: 10,
        fields: 50,
        parts: 60,
        fieldSize: opts.maxFieldBytes ?? 1024 * 1024,
      },
      // Browsers send file names as raw UTF-8 in the part headers.
      defParamCharset: "utf8",
    });
  } catch {
    throw malformed();
  }
  await mkdir(opts.dir, { recursive: true });
  const tmp = path.join(opts.dir, `upload-${randomUUID()}.part`);
  const source = Readable.fromWeb(req.body as NodeWebReadableStream<Uint8Array>);

  return new Promise<ReceivedForm>((resolve, reject) => {
    const fields = new Map<string, string>();
    let file: ReceivedFile | null = null;
    let fileStream: Readable | null = null;
    let out: WriteStream | null = null;
    let writing: Promise<number> | null = null;
    let problem: AppError | null = null;
    let settled = false;

    const stopReading = () => {
      source.unpipe(parser);
      source.destroy();
      // With an error: a file stream destroyed without one leaves the pipeline pending.
      fileStream?.destroy(new Error("The upload was stopped."));
    };
    const fail = async (outcome: AppError | Error | "too_large") => {
      if (settled) return;
      settled = true;
      stopReading();
      await writing?.catch(() => {});
      // The file may still be opening: delete it once the write stream has closed.
      if (out && !out.closed) await once(out, "close").catch(() => {});
      await rm(tmp, { force: true });
      if (outcome === "too_large") resolve({ ok: false, reason: "too_large" });
      else reject(outcome);
    };

    parser.on("file", (name, stream, info) => {
      if (name !== opts.fileField || file || settled) {
        stream.resume();
        return;
      }
      file = { path: tmp, fileName: info.filename ?? "", mimeType: info.mimeType, size: 0 };
      fileStream = stream;
      stream.on("limit", () => void fail("too_large"));
      const target = createWriteStream(tmp);
      out = target;
      writing = pipeline(stream, target).then(() => target.bytesWritten);
      // A disk error ends the read at once (busboy would otherwise wait on the broken file stream).
      writing.catch((e: Error) => void fail(e));
    });
    parser.on("field", (name, value, info) => {
      if (info.nameTruncated || info.valueTruncated)
        problem ??= new AppError("BAD_REQUEST", "A form field is too long.");
      else if (!fields.has(name)) fields.set(name, value);
    });
    parser.on("close", async () => {
      if (settled) return;
      try {
        const size = writing ? await writing : 0;
        if (problem) return void (await fail(problem));
        settled = true;
        resolve({ ok: true, fields, file: file && { ...file, size } });
      } catch (e) {
        await fail(e as Error);
      }
    });
    parser.on("error", () => void fail(malformed()));
    // The client went away or sent a broken body.
    source.on("error", () => void fail(malformed()));
    source.pipe(parser);
  });
}

/** Deletes the temporary file of a received form, if any; never throws for a missing file. */
export async function discardReceivedFile(form: ReceivedForm | null | undefined): Promise<void> {
  if (form?.ok && form.file) await rm(form.file.path, { force: true });
}
