import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { POST as appUpload } from "@/app/api/imports/route";
import { POST as restUpload } from "@/app/api/v1/imports/route";
import type { Db } from "@/db/client";
import { imports } from "@/db/schema";
import type { SessionUser } from "@/server/api/trpc";
import { discardReceivedFile, receiveMultipart } from "@/server/http/multipart";
import { MAX_IMPORT_BYTES } from "@/server/services/imports/sniff";
import { testDb } from "../helpers/db";
import { createApiKeyFor, createBusiness, createUser, type TestUser } from "../helpers/factories";

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/server/auth", () => ({ getSessionUser: async () => session.user }));

let db: Db;
let dataRoot: string;
let owner: TestUser;
const previousDataDir = process.env.MINI_CRM_DATA_DIR;

beforeAll(async () => {
  dataRoot = await mkdtemp(path.join(tmpdir(), "mini-crm-uploads-"));
  process.env.MINI_CRM_DATA_DIR = dataRoot;
  db = (await testDb()).db;
  owner = await createUser(db);
});
afterAll(async () => {
  if (previousDataDir === undefined) delete process.env.MINI_CRM_DATA_DIR;
  else process.env.MINI_CRM_DATA_DIR = previousDataDir;
  await rm(dataRoot, { recursive: true, force: true });
});
beforeEach(() => {
  session.user = { id: owner.id, email: owner.email, name: owner.name, isPlatformAdmin: false };
});

const BOUNDARY = "----MiniCrmTestBoundary7MA4YWxkTrZu0gW";
const encoder = new TextEncoder();

type Part =
  | { name: string; value: string }
  | { name: string; fileName: string; content: string; type?: string };

/** A multipart/form-data body (RFC 7578) from parts, as bytes. */
function multipartBytes(parts: Part[]): Uint8Array {
  let text = "";
  for (const p of parts) {
    text += `--${BOUNDARY}\r\n`;
    if ("value" in p) text += `Content-Disposition: form-data; name="${p.name}"\r\n\r\n${p.value}\r\n`;
    else
      text +=
        `Content-Disposition: form-data; name="${p.name}"; filename="${p.fileName}"\r\n` +
        `Content-Type: ${p.type ?? "text/csv"}\r\n\r\n${p.content}\r\n`;
  }
  return encoder.encode(`${text}--${BOUNDARY}--\r\n`);
}

function multipartRequest(url: string, body: Uint8Array | ReadableStream<Uint8Array>, headers = {}): Request {
  return new Request(url, {
    method: "POST",
    headers: { "content-type": `multipart/form-data; boundary=${BOUNDARY}`, ...headers },
    body,
    duplex: "half",
  } as RequestInit);
}

/**
 * A multipart body with fields, then a file part of `fileBytes` bytes of CSV rows made as they are
 * pulled, and no Content-Length. `pulled()` tells how many bytes the reader took.
 */
function streamedUpload(fields: Record<string, string>, fileBytes: number) {
  let head = "";
  for (const [name, value] of Object.entries(fields))
    head += `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  head += `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\nContent-Type: text/csv\r\n\r\n`;
  const header = encoder.encode("Name,Email\r\n");
  const row = encoder.encode("Ravi Sharma,ravi@example.com\r\n");
  const chunk = new Uint8Array(1024 * 1024);
  chunk.set(header);
  for (let at = header.length; at < chunk.length; at += row.length)
    chunk.set(row.subarray(0, chunk.length - at), at);
  const tail = encoder.encode(`\r\n--${BOUNDARY}--\r\n`);
  let sent = 0;
  let stage: "head" | "file" | "tail" | "done" = "head";
  let total = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (stage === "head") {
        stage = "file";
        total += head.length;
        return controller.enqueue(encoder.encode(head));
      }
      if (stage === "file") {
        const n = Math.min(chunk.length, fileBytes - sent);
        sent += n;
        total += n;
        if (sent >= fileBytes) stage = "tail";
        return controller.enqueue(chunk.slice(0, n));
      }
      if (stage === "tail") {
        stage = "done";
        return controller.enqueue(tail);
      }
      controller.close();
    },
  });
  return { stream, pulled: () => total };
}

describe("receiveMultipart", () => {
  const dir = () => path.join(dataRoot, "tmp", "receive");
  const receive = (body: Uint8Array, maxFileBytes = 1000, headers = {}) =>
    receiveMultipart(multipartRequest("http://localhost/x", body, headers), {
      fileField: "file",
      maxFileBytes,
      dir: dir(),
      malformedMessage: "Send a form.",
    });

  it("writes the file part to disk and keeps the first value of each text field", async () => {
    const form = await receive(
      multipartBytes([
        { name: "mapping", value: '{"E-mail":"email"}' },
        { name: "other", fileName: "ignored.txt", content: "not this one" },
        { name: "file", fileName: "ग्राहक सूची.csv", content: "Name\r\nRavi\r\n" },
        { name: "file", fileName: "second.csv", content: "nor this one" },
        { name: "mapping", value: "second value" },
        { name: "onDuplicate", value: "fill" },
      ]),
    );
    expect(form.ok).toBe(true);
    if (!form.ok) return;
    expect(Object.fromEntries(form.fields)).toEqual({ mapping: '{"E-mail":"email"}', onDuplicate: "fill" });
    expect(form.file).toMatchObject({ fileName: "ग्राहक सूची.csv", mimeType: "text/csv", size: 12 });
    expect(await readFile(form.file!.path, "utf8")).toBe("Name\r\nRavi\r\n");
    await discardReceivedFile(form);
    expect(existsSync(form.file!.path)).toBe(false);
  });

  it("accepts a file of exactly the cap and stops at one byte more, keeping nothing", async () => {
    const exact = await receive(
      multipartBytes([{ name: "file", fileName: "a.csv", content: "x".repeat(1000) }]),
    );
    expect(exact.ok && exact.file?.size).toBe(1000);
    await discardReceivedFile(exact);
    const over = await receive(
      multipartBytes([{ name: "file", fileName: "a.csv", content: "x".repeat(1001) }]),
    );
    expect(over).toEqual({ ok: false, reason: "too_large" });
    expect(await readdir(dir())).toEqual([]);
  });

  it("answers no file when there is none, and BAD_REQUEST for what is not multipart", async () => {
    const noFile = await receive(multipartBytes([{ name: "file", value: "just text" }]));
    expect(noFile).toMatchObject({ ok: true, file: null });
    await expect(
      receiveMultipart(new Request("http://localhost/x", { method: "POST", body: "{}" }), {
        fileField: "file",
        maxFileBytes: 10,
        dir: dir(),
        malformedMessage: "Send a form.",
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: "Send a form." });
    const cut = multipartBytes([{ name: "file", fileName: "a.csv", content: "Name\r\nRavi" }]).slice(0, -20);
    await expect(receive(cut)).rejects.toMatchObject({ code: "BAD_REQUEST", message: "Send a form." });
    expect(await readdir(dir())).toEqual([]);
  });
});

describe("import uploads are streamed", () => {
  it("the app route imports a file read from the stream and leaves no temporary file", async () => {
    const business = await createBusiness(db, { owner });
    const body = multipartBytes([
      { name: "businessId", value: business.id },
      { name: "file", fileName: "clients.csv", content: "Name,Email\r\nRavi,ravi@example.com\r\n" },
      { name: "onDuplicate", value: "overwrite" },
    ]);
    const res = await appUpload(multipartRequest("http://localhost/api/imports", body));
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: string; import: { fileName: string; onDuplicate: string } };
    expect(created.import).toMatchObject({ fileName: "clients.csv", onDuplicate: "overwrite" });
    expect(await readdir(path.join(dataRoot, "tmp", "uploads"))).toEqual([]);
  });

  it("answers 413 as soon as a file passes 100 MB, without reading the rest or keeping a byte", async () => {
    const business = await createBusiness(db, { owner });
    const total = MAX_IMPORT_BYTES + 40 * 1024 * 1024;
    const upload = streamedUpload({ businessId: business.id }, total);
    const res = await appUpload(multipartRequest("http://localhost/api/imports", upload.stream));
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({
      message: "The file is larger than 100 MB. Split it into smaller files and import them one by one.",
      code: "PAYLOAD_TOO_LARGE",
    });
    expect(upload.pulled()).toBeLessThan(total);
    expect(await readdir(path.join(dataRoot, "tmp", "uploads"))).toEqual([]);
    expect(await db.select().from(imports).where(eq(imports.businessId, business.id))).toEqual([]);
  }, 120_000);

  it("keeps the REST route's 400s: not multipart, no file", async () => {
    const business = await createBusiness(db, { owner });
    const key = await createApiKeyFor(db, business);
    const auth = { authorization: `Bearer ${key.key}` };
    const notForm = await restUpload(
      new Request("http://localhost/api/v1/imports", {
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body: "{}",
      }),
    );
    expect(notForm.status).toBe(400);
    expect(await notForm.json()).toMatchObject({
      message: "Send the file as multipart/form-data with a `file` field.",
    });
    const noFile = await restUpload(
      multipartRequest(
        "http://localhost/api/v1/imports",
        multipartBytes([{ name: "onDuplicate", value: "skip" }]),
        auth,
      ),
    );
    expect(noFile.status).toBe(400);
    expect(await noFile.json()).toMatchObject({
      message: "The `file` field is missing.",
      issues: { file: "Required" },
    });
  });
});
