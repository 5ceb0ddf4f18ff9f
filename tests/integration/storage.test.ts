import { createHash, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { GET as downloadAttachment } from "@/app/api/attachments/[id]/route";
import { POST as uploadAttachment } from "@/app/api/attachments/route";
import { GET as downloadErrors } from "@/app/api/imports/[id]/errors/route";
import { POST as uploadImport } from "@/app/api/imports/route";
import type { Db } from "@/db/client";
import { customers, imports, noteAttachments } from "@/db/schema";
import type { SessionUser } from "@/server/api/trpc";
import { AppError } from "@/server/errors";
import { processImport } from "@/server/services/imports/run";
import { importFolder } from "@/server/services/imports/storage";
import {
  deleteObject,
  getObject,
  getObjectStream,
  newStorageKey,
  putObject,
  putObjectStream,
  StorageError,
  storageKind,
} from "@/server/services/storage";
import { callerFor } from "../helpers/caller";
import { testDb } from "../helpers/db";
import { createBusiness, createUser, type TestUser } from "../helpers/factories";
import { clearS3Env, type FakeS3, startFakeS3 } from "../helpers/fake-s3";

// Route handlers read the Auth.js session through `getSessionUser`; tests choose who is signed in.
const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/server/auth", () => ({ getSessionUser: async () => session.user }));

let db: Db;
let fake: FakeS3;
let dataRoot: string;
const previousDataDir = process.env.MINI_CRM_DATA_DIR;

beforeAll(async () => {
  dataRoot = await mkdtemp(path.join(tmpdir(), "mini-crm-storage-"));
  process.env.MINI_CRM_DATA_DIR = dataRoot;
  fake = await startFakeS3();
  db = (await testDb()).db;
});
afterAll(async () => {
  clearS3Env();
  if (previousDataDir === undefined) delete process.env.MINI_CRM_DATA_DIR;
  else process.env.MINI_CRM_DATA_DIR = previousDataDir;
  await fake.close();
  await rm(dataRoot, { recursive: true, force: true });
});
beforeEach(() => {
  Object.assign(process.env, fake.env());
  session.user = null;
});
afterEach(() => {
  clearS3Env();
  fake.requests.length = 0;
});

function signIn(user: TestUser | null) {
  session.user = user && { id: user.id, email: user.email, name: user.name, isPlatformAdmin: false };
}

const sha256 = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");
const operations = () => fake.requests.map((r) => r.operation);

async function streamToBuffer(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of body) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** `size` bytes of a repeating pattern, as a stream of 1 MiB chunks. */
function patternStream(size: number, failAfter?: number): Readable {
  const chunk = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < chunk.length; i++) chunk[i] = (i * 31) % 251;
  let sent = 0;
  return new Readable({
    read() {
      if (failAfter !== undefined && sent >= failAfter) return this.destroy(new Error("disk read failed"));
      if (sent >= size) return this.push(null);
      const n = Math.min(chunk.length, size - sent);
      sent += n;
      this.push(chunk.subarray(0, n));
    },
  });
}

function patternBytes(size: number): Buffer {
  const out = Buffer.alloc(size);
  for (let i = 0; i < size; i++) out[i] = ((i % (1024 * 1024)) * 31) % 251;
  return out;
}

/** A raw HTTP request to the fake (no SDK), for what the SDK would never send. */
function rawRequest(
  method: string,
  pathAndQuery: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${fake.endpoint}${pathAndQuery}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("the fake S3 verifies Signature Version 4", () => {
  it("accepts requests the SDK signs with the right secret and refuses anything else", async () => {
    const client = (secretAccessKey: string, accessKeyId = fake.accessKeyId) =>
      new S3Client({
        region: fake.region,
        endpoint: fake.endpoint,
        forcePathStyle: true,
        credentials: { accessKeyId, secretAccessKey },
      });
    const good = client(fake.secretAccessKey);
    await good.send(new PutObjectCommand({ Bucket: fake.bucket, Key: "probe/a b+ü.txt", Body: "hello" }));
    const got = await good.send(new GetObjectCommand({ Bucket: fake.bucket, Key: "probe/a b+ü.txt" }));
    expect(await got.Body!.transformToString()).toBe("hello");
    expect(got.ETag).toBe(`"${createHash("md5").update("hello").digest("hex")}"`);

    const wrongSecret = await client(`${fake.secretAccessKey}x`)
      .send(new PutObjectCommand({ Bucket: fake.bucket, Key: "probe/b.txt", Body: "nope" }))
      .catch((e: unknown) => e as { name: string; $metadata: { httpStatusCode: number } });
    expect(wrongSecret).toMatchObject({ name: "SignatureDoesNotMatch", $metadata: { httpStatusCode: 403 } });
    const unknownKey = await client(fake.secretAccessKey, "AKIAUNKNOWN")
      .send(new GetObjectCommand({ Bucket: fake.bucket, Key: "probe/a b+ü.txt" }))
      .catch((e: unknown) => e as { name: string });
    expect(unknownKey).toMatchObject({ name: "InvalidAccessKeyId" });
    expect(fake.objects.has("probe/b.txt")).toBe(false);

    // No signature at all, and a forged one, answer the documented XML errors.
    const anonymous = await rawRequest("GET", `/${fake.bucket}/probe/a%20b%2B%C3%BC.txt`, {});
    expect(anonymous.status).toBe(403);
    expect(anonymous.body).toContain("<Code>AccessDenied</Code>");
    const day = new Date().toISOString().replace(/[-:]/g, "").slice(0, 8);
    const amzDate = `${new Date().toISOString().replace(/[-:]/g, "").slice(0, 15)}Z`;
    const forged = await rawRequest("GET", `/${fake.bucket}/probe/a%20b%2B%C3%BC.txt`, {
      "x-amz-date": amzDate,
      "x-amz-content-sha256": "UNSIGNED-PAYLOAD",
      authorization: `AWS4-HMAC-SHA256 Credential=${fake.accessKeyId}/${day}/${fake.region}/s3/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=${"0".repeat(64)}`,
    });
    expect(forged.status).toBe(403);
    expect(forged.body).toContain("<Code>SignatureDoesNotMatch</Code>");
    expect(forged.body).toContain("<CanonicalRequest>GET\n/mini-crm-test/probe/a%20b%2B%C3%BC.txt\n");
    fake.objects.delete("probe/a b+ü.txt");
  });
});

describe("object storage on S3 (S3_BUCKET set)", () => {
  it("puts, gets, streams and deletes objects in the bucket, never on disk", async () => {
    expect(storageKind()).toBe("s3");
    const businessId = randomUUID();
    const key = newStorageKey(businessId);
    const bytes = new TextEncoder().encode("quote for Ravi");
    expect(await putObject(key, bytes, { contentType: "text/plain" })).toEqual({ key, size: bytes.length });
    const stored = fake.objects.get(`uploads/${key}`);
    expect(stored?.contentType).toBe("text/plain");
    expect(new Uint8Array(stored!.body)).toEqual(bytes);
    expect(existsSync(path.join(dataRoot, "uploads", ...key.split("/")))).toBe(false);

    expect(await getObject(key)).toEqual(bytes);
    const streamed = await getObjectStream(key);
    expect(streamed!.size).toBe(bytes.length);
    expect(new Uint8Array(await streamToBuffer(streamed!.body))).toEqual(bytes);

    await deleteObject(key);
    expect(fake.objects.has(`uploads/${key}`)).toBe(false);
    expect(await getObject(key)).toBeNull();
    expect(await getObjectStream(key)).toBeNull();
    await deleteObject(key); // deleting again is not an error
    expect(operations()).toEqual([
      "PutObject",
      "GetObject",
      "GetObject",
      "DeleteObject",
      "GetObject",
      "GetObject",
      "DeleteObject",
    ]);
    expect(fake.requests.filter((r) => r.operation === "GetObject").map((r) => r.status)).toEqual([
      200, 200, 404, 404,
    ]);
  });

  it("keeps key validation: a malformed key is BAD_REQUEST and never reaches the bucket", async () => {
    for (const key of ["../secrets.json", `${randomUUID()}/../../x`, "/etc/passwd", `${randomUUID()}/x`]) {
      await expect(putObject(key, new Uint8Array([1]))).rejects.toMatchObject({ code: "BAD_REQUEST" });
      await expect(getObject(key)).rejects.toBeInstanceOf(AppError);
    }
    expect(fake.requests).toEqual([]);
  });

  it("puts under S3_PREFIX when set", async () => {
    process.env.S3_PREFIX = "tenants/crm";
    const key = newStorageKey(randomUUID());
    await putObject(key, new Uint8Array([1, 2, 3]));
    expect(fake.objects.has(`tenants/crm/uploads/${key}`)).toBe(true);
    expect(await getObject(key)).toEqual(new Uint8Array([1, 2, 3]));
    await deleteObject(key);
    expect(fake.objects.has(`tenants/crm/uploads/${key}`)).toBe(false);
  });

  it("streams a large object up in 8 MiB parts (multipart upload) and back down", async () => {
    const size = 19 * 1024 * 1024 + 123;
    const key = newStorageKey(randomUUID());
    expect(await putObjectStream(key, patternStream(size), { contentType: "text/csv" })).toEqual({
      key,
      size,
    });
    expect(operations().filter((o) => o !== "UploadPart")).toEqual([
      "CreateMultipartUpload",
      "CompleteMultipartUpload",
    ]);
    expect(operations().filter((o) => o === "UploadPart")).toHaveLength(3);
    const stored = fake.objects.get(`uploads/${key}`)!;
    expect(stored.etag).toMatch(/^"[0-9a-f]{32}-3"$/);
    expect(stored.contentType).toBe("text/csv");
    expect(sha256(stored.body)).toBe(sha256(patternBytes(size)));

    const down = await getObjectStream(key);
    expect(down!.size).toBe(size);
    expect(sha256(await streamToBuffer(down!.body))).toBe(sha256(patternBytes(size)));
    await deleteObject(key);
  });

  it("aborts the multipart upload when the source stream fails, leaving nothing behind", async () => {
    const key = newStorageKey(randomUUID());
    await expect(putObjectStream(key, patternStream(30 * 1024 * 1024, 17 * 1024 * 1024))).rejects.toThrow();
    expect(fake.objects.has(`uploads/${key}`)).toBe(false);
    expect(fake.uploads.size).toBe(0);
    expect(operations()).toContain("AbortMultipartUpload");
  });

  it("a wrong secret is a StorageError that names the settings to check", async () => {
    process.env.S3_SECRET_ACCESS_KEY = "not-the-secret";
    const key = newStorageKey(randomUUID());
    const error = await putObject(key, new Uint8Array([1])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect(error).toMatchObject({ code: "credentials" });
    expect((error as Error).message).toMatch(/SignatureDoesNotMatch/);
    expect((error as Error).message).toMatch(/S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY/);
    await expect(getObject(key)).rejects.toMatchObject({ code: "credentials" });
    expect(fake.objects.has(`uploads/${key}`)).toBe(false);

    process.env.S3_SECRET_ACCESS_KEY = fake.secretAccessKey;
    process.env.S3_BUCKET = "no-such-bucket";
    await expect(putObject(key, new Uint8Array([1]))).rejects.toThrow(/NoSuchBucket\). Check S3_BUCKET/);
  });

  it("refuses malformed settings by name", async () => {
    process.env.S3_ENDPOINT = "not a url";
    expect(() => storageKind()).toThrow(/S3_ENDPOINT/);
    process.env.S3_ENDPOINT = fake.endpoint;
    delete process.env.S3_SECRET_ACCESS_KEY;
    expect(() => storageKind()).toThrow(/S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY/);
  });

  it("stays on local disk without S3_BUCKET", async () => {
    clearS3Env();
    expect(storageKind()).toBe("local");
    const key = newStorageKey(randomUUID());
    await putObject(key, new Uint8Array([7, 8]));
    expect(existsSync(path.join(dataRoot, "uploads", ...key.split("/")))).toBe(true);
    expect(new Uint8Array(await streamToBuffer((await getObjectStream(key))!.body))).toEqual(
      new Uint8Array([7, 8]),
    );
    await deleteObject(key);
    expect(existsSync(path.join(dataRoot, "uploads", ...key.split("/")))).toBe(false);

    // Streams are written to a temporary file and renamed; a failed stream leaves no file.
    const big = newStorageKey(randomUUID());
    const size = 3 * 1024 * 1024 + 5;
    expect(await putObjectStream(big, patternStream(size))).toEqual({ key: big, size });
    expect(sha256((await getObject(big))!)).toBe(sha256(patternBytes(size)));
    const broken = newStorageKey(randomUUID());
    await expect(putObjectStream(broken, patternStream(size, 2 * 1024 * 1024))).rejects.toThrow(
      /disk read failed/,
    );
    const folder = path.join(dataRoot, "uploads", broken.split("/")[0]!);
    expect(existsSync(folder) ? await readdir(folder) : []).toEqual([]);
    await deleteObject(big);
    expect(fake.requests).toEqual([]);
  });
});

describe("note attachments on S3", () => {
  async function setup() {
    const owner = await createUser(db, { name: "Nila Owner" });
    const business = await createBusiness(db, { owner });
    const asOwner = callerFor(db, owner);
    const [customer] = await db
      .insert(customers)
      .values({ businessId: business.id, name: "Ravi Sharma" })
      .returning();
    const note = await asOwner.notes.create({
      businessId: business.id,
      customerId: customer!.id,
      body: "quote",
    });
    return { owner, business, asOwner, note };
  }

  function uploadRequest(businessId: string, noteId: string, file: File) {
    const form = new FormData();
    form.set("businessId", businessId);
    form.set("noteId", noteId);
    form.set("file", file);
    return new Request("http://localhost:3000/api/attachments", { method: "POST", body: form });
  }

  const download = (id: string) =>
    downloadAttachment(new Request(`http://localhost:3000/api/attachments/${id}`), {
      params: Promise.resolve({ id }),
    });

  it("uploads through the route into the bucket, streams the download back, deletes with the note", async () => {
    const { owner, business, asOwner, note } = await setup();
    signIn(owner);
    const bytes = new TextEncoder().encode("%PDF-1.7 quote for Ravi");
    const res = await uploadAttachment(
      uploadRequest(business.id, note.id, new File([bytes], "Quote ₹.pdf", { type: "application/pdf" })),
    );
    expect(res.status).toBe(201);
    const attachment = (await res.json()) as { id: string; size: number };
    const [row] = await db.select().from(noteAttachments).where(eq(noteAttachments.id, attachment.id));
    const objectKey = `uploads/${row!.storageKey}`;
    expect(fake.objects.get(objectKey)?.contentType).toBe("application/pdf");
    expect(new Uint8Array(fake.objects.get(objectKey)!.body)).toEqual(bytes);
    expect(existsSync(path.join(dataRoot, "uploads", ...row!.storageKey.split("/")))).toBe(false);

    const got = await download(attachment.id);
    expect(got.status).toBe(200);
    expect(got.headers.get("content-length")).toBe(String(bytes.length));
    expect(got.headers.get("content-type")).toBe("application/pdf");
    expect(got.headers.get("content-disposition")).toMatch(/^attachment; /);
    expect(new Uint8Array(await got.arrayBuffer())).toEqual(bytes);

    // Another business's member is told nothing, and the bucket is not even asked.
    const stranger = await createUser(db);
    await createBusiness(db, { owner: stranger });
    signIn(stranger);
    fake.requests.length = 0;
    expect((await download(attachment.id)).status).toBe(404);
    expect(fake.requests).toEqual([]);

    await asOwner.notes.delete({ businessId: business.id, noteId: note.id });
    expect(fake.objects.has(objectKey)).toBe(false);
    signIn(owner);
    expect((await download(attachment.id)).status).toBe(404);
  });

  it("a file missing from the bucket is a 404; a wrong secret is a 500 that stores no attachment", async () => {
    const { owner, business, note } = await setup();
    signIn(owner);
    const res = await uploadAttachment(uploadRequest(business.id, note.id, new File(["a"], "a.txt")));
    const { id } = (await res.json()) as { id: string };
    const [row] = await db.select().from(noteAttachments).where(eq(noteAttachments.id, id));
    fake.objects.delete(`uploads/${row!.storageKey}`);
    expect((await download(id)).status).toBe(404);

    process.env.S3_SECRET_ACCESS_KEY = "wrong";
    const refused = await uploadAttachment(uploadRequest(business.id, note.id, new File(["b"], "b.txt")));
    expect(refused.status).toBe(500);
    expect(await refused.json()).toMatchObject({ code: "INTERNAL" });
    const rows = await db.select().from(noteAttachments).where(eq(noteAttachments.noteId, note.id));
    expect(rows.map((r) => r.id)).toEqual([id]);
  });
});

describe("customer imports on S3", () => {
  const lines = [
    "Name,Email,Phone",
    "Ravi Sharma,ravi@example.com,98765 43210",
    "Bad Email,not-an-email,9876500000",
    "Asha Rao,asha@example.com,+91 91234 56789",
    "Meera Iyer,meera@example.com,",
    "Bad Phone,bad@example.com,12",
  ];
  const csv = `${lines.join("\r\n")}\r\n`;

  async function upload(owner: TestUser, businessId: string, content = csv) {
    signIn(owner);
    const form = new FormData();
    form.set("businessId", businessId);
    form.set("file", new Blob([content], { type: "text/csv" }), "clients.csv");
    return uploadImport(new Request("http://localhost:3000/api/imports", { method: "POST", body: form }));
  }

  it("keeps the upload in the bucket, imports from a local cache, serves the error file from the bucket", async () => {
    const owner = await createUser(db);
    const business = await createBusiness(db, { owner });
    const res = await upload(owner, business.id);
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const uploadKey = `imports/${business.id}/${id}/upload.csv`;
    expect(fake.objects.get(uploadKey)?.body.toString()).toBe(csv);
    expect(fake.objects.get(uploadKey)?.contentType).toMatch(/^text\/csv/);
    expect(
      fake.requests.filter((r) => r.operation === "PutObject" || r.operation === "UploadPart"),
    ).toHaveLength(1);
    // The temporary file of the streamed upload is gone.
    expect(await readdir(path.join(dataRoot, "tmp", "uploads"))).toEqual([]);

    // Another machine runs it: nothing on its disk yet, so the file comes from the bucket, once.
    await rm(importFolder(business.id, id), { recursive: true, force: true });
    fake.requests.length = 0;
    const first = await processImport(db, id, { batchSize: 2, maxBatches: 1 });
    expect(first.done).toBe(false);
    const second = await processImport(db, id, { batchSize: 2 });
    expect(second.import).toMatchObject({ status: "completed", created: 5, failed: 0, warnings: 2 });
    expect(operations().filter((o) => o === "GetObject")).toHaveLength(1);

    const errorsKey = `imports/${business.id}/${id}/errors.csv`;
    expect(second.import.errorFileKey).toBe(errorsKey);
    expect(fake.objects.get(errorsKey)?.body.toString()).toContain("Email: Not a valid email address.");

    // The download streams from the bucket, even with the local copy gone.
    await rm(importFolder(business.id, id), { recursive: true, force: true });
    const got = await downloadErrors(new Request(`http://localhost:3000/api/imports/${id}/errors`), {
      params: Promise.resolve({ id }),
    });
    expect(got.status).toBe(200);
    const body = Buffer.from(await got.arrayBuffer());
    expect(got.headers.get("content-length")).toBe(String(body.byteLength));
    expect(body.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf])); // UTF-8 BOM, for Excel
    const text = body.toString("utf8");
    expect(text).toContain("Bad Email");
    expect(text).toContain("Email: Not a valid email address.");
    expect(got.headers.get("content-disposition")).toContain("clients-errors.csv");
  });

  it("a refused file leaves nothing in the bucket; a wrong secret fails the upload with no import", async () => {
    const owner = await createUser(db);
    const business = await createBusiness(db, { owner });
    const refused = await upload(owner, business.id, "Colour,Size\nred,1\n");
    expect(refused.status).toBe(422);
    expect([...fake.objects.keys()].filter((k) => k.includes(business.id))).toEqual([]);

    process.env.S3_SECRET_ACCESS_KEY = "wrong";
    const failed = await upload(owner, business.id);
    expect(failed.status).toBe(500);
    expect(await db.select().from(imports).where(eq(imports.businessId, business.id))).toEqual([]);
    expect(existsSync(path.join(dataRoot, "imports", business.id))).toBe(true);
    expect(await readdir(path.join(dataRoot, "imports", business.id))).toEqual([]);
  });
});
