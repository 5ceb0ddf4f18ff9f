import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { GET as download } from "@/app/api/attachments/[id]/route";
import { POST as upload } from "@/app/api/attachments/route";
import type { Db } from "@/db/client";
import { activities, customers, noteAttachments, notes } from "@/db/schema";
import type { SessionUser } from "@/server/api/trpc";
import { ATTACHMENT_MAX_BYTES } from "@/server/domain/notes";
import { contentDisposition } from "@/server/http/attachments";
import { sanitizeNoteHtml } from "@/server/services/notes";
import { callerFor, expectTRPCError } from "../helpers/caller";
import { testDb } from "../helpers/db";
import { addMember, createApiKeyFor, createBusiness, createUser, type TestUser } from "../helpers/factories";

// Route handlers read the Auth.js session through `getSessionUser`; tests choose who is signed in.
const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/server/auth", () => ({ getSessionUser: async () => session.user }));

let db: Db;
let uploadsRoot: string;
const previousDataDir = process.env.MINI_CRM_DATA_DIR;

beforeAll(async () => {
  uploadsRoot = await mkdtemp(path.join(tmpdir(), "mini-crm-notes-"));
  process.env.MINI_CRM_DATA_DIR = uploadsRoot;
  db = (await testDb()).db;
});
afterAll(async () => {
  if (previousDataDir === undefined) delete process.env.MINI_CRM_DATA_DIR;
  else process.env.MINI_CRM_DATA_DIR = previousDataDir;
  await rm(uploadsRoot, { recursive: true, force: true });
});
beforeEach(() => {
  session.user = null;
});

function signIn(user: TestUser | null) {
  session.user = user && { id: user.id, email: user.email, name: user.name, isPlatformAdmin: false };
}

async function setup() {
  const owner = await createUser(db, { name: "Nila Owner" });
  const business = await createBusiness(db, { owner });
  const [customer] = await db
    .insert(customers)
    .values({ businessId: business.id, name: "Ravi Sharma" })
    .returning();
  return { owner, business, customer: customer!, asOwner: callerFor(db, owner) };
}

function uploadRequest(
  fields: { businessId: string; noteId: string; file?: File },
  headers: HeadersInit = {},
) {
  const form = new FormData();
  form.set("businessId", fields.businessId);
  form.set("noteId", fields.noteId);
  if (fields.file) form.set("file", fields.file);
  return new Request("http://localhost:3000/api/attachments", { method: "POST", body: form, headers });
}

function downloadRequest(id: string, headers: HeadersInit = {}) {
  return download(new Request(`http://localhost:3000/api/attachments/${id}`, { headers }), {
    params: Promise.resolve({ id }),
  });
}

describe("sanitizeNoteHtml", () => {
  it("cleans a hostile 100 KB note of deeply nested, unclosed and broken tags to safe text", () => {
    const hostile =
      "<p>".repeat(10_000) + "<a href='javascript:x' <".repeat(2_000) + "<script>".repeat(5_000);
    const out = sanitizeNoteHtml(hostile.slice(0, 100_000));
    expect(out).not.toMatch(/<script|javascript:/i);
    expect(out.length).toBeLessThan(200_000);
  });

  it("keeps formatting and safe links, strips scripts, handlers and unknown tags", () => {
    expect(sanitizeNoteHtml("<p>Hello <strong>Ravi</strong><br/>call <em>Monday</em></p>")).toBe(
      "<p>Hello <strong>Ravi</strong><br />call <em>Monday</em></p>",
    );
    expect(sanitizeNoteHtml('<p onclick="steal()">hi</p><script>alert(1)</script>')).toBe("<p>hi</p>");
    expect(sanitizeNoteHtml('<img src=x onerror="alert(1)">after')).toBe("after");
    expect(
      sanitizeNoteHtml('<svg onload=alert(1)><script>x</script></svg><iframe src="//evil"></iframe>ok'),
    ).toBe("ok");
    expect(sanitizeNoteHtml('<a href="https://example.com/?a=1&b=2" style="x">site</a>')).toBe(
      '<a href="https://example.com/?a=1&amp;b=2" rel="noopener noreferrer nofollow" target="_blank">site</a>',
    );
    for (const href of [
      "javascript:alert(1)",
      "&#106;avascript:alert(1)",
      "java\tscript:x",
      "data:text/html,x",
    ]) {
      expect(sanitizeNoteHtml(`<a href="${href}">x</a>`), href).toBe("<a>x</a>");
    }
    expect(sanitizeNoteHtml("<ul><li>one<li>two</ul><b>open")).toBe(
      "<ul><li>one</li><li>two</li></ul><b>open</b>",
    );
    // Broken and nested markup comes out as text, never as a tag.
    const tricky = sanitizeNoteHtml("1 < 2 & <3 > 0 <!-- c --><scr<script>x</script>ipt>");
    expect(tricky.startsWith("1 &lt; 2 &amp; &lt;3 &gt; 0 ")).toBe(true);
    expect(tricky).not.toMatch(/<[a-z!]/i);
  });
});

describe("notes", () => {
  it("create sanitises the body, records note_added and touches the customer", async () => {
    const { business, customer, owner, asOwner } = await setup();
    const before = customer.lastActivityAt;
    const note = await asOwner.notes.create({
      businessId: business.id,
      customerId: customer.id,
      body: '<p>Prefers <b>WhatsApp</b></p><script>alert("x")</script><img src=x onerror=alert(1)>',
    });
    expect(note).toMatchObject({ body: "<p>Prefers <b>WhatsApp</b></p>", pinned: false, authorId: owner.id });
    const [activity] = await db
      .select()
      .from(activities)
      .where(and(eq(activities.customerId, customer.id), eq(activities.type, "note_added")));
    expect(activity).toMatchObject({
      businessId: business.id,
      actorUserId: owner.id,
      data: { noteId: note.id, excerpt: "Prefers WhatsApp" },
    });
    const [c] = await db.select().from(customers).where(eq(customers.id, customer.id));
    expect(c!.lastActivityAt.getTime()).toBeGreaterThanOrEqual(before.getTime());
  });

  it("refuses a body with nothing visible after sanitising, and trashed or foreign customers", async () => {
    const { business, customer, asOwner } = await setup();
    await expectTRPCError(
      asOwner.notes.create({
        businessId: business.id,
        customerId: customer.id,
        body: "<script>x</script><p> </p>",
      }),
      "BAD_REQUEST",
      { fieldErrors: { body: "Write something." } },
    );
    const other = await setup();
    await expectTRPCError(
      asOwner.notes.create({ businessId: business.id, customerId: other.customer.id, body: "hi" }),
      "NOT_FOUND",
    );
    await asOwner.notes.create({ businessId: business.id, customerId: customer.id, body: "before trash" });
    await db.update(customers).set({ deletedAt: new Date() }).where(eq(customers.id, customer.id));
    await expectTRPCError(
      asOwner.notes.create({ businessId: business.id, customerId: customer.id, body: "hi" }),
      "NOT_FOUND",
    );
    // A trashed customer's notes can still be read (the Trash view restores within 30 days).
    const kept = await asOwner.notes.list({ businessId: business.id, customerId: customer.id });
    expect(kept.data.map((n) => n.body)).toEqual(["before trash"]);
  });

  it("lists pinned notes first, then newest first, in keyset pages", async () => {
    const { business, customer, asOwner } = await setup();
    const made = [];
    for (let i = 1; i <= 5; i++) {
      made.push(
        await asOwner.notes.create({ businessId: business.id, customerId: customer.id, body: `note ${i}` }),
      );
    }
    await asOwner.notes.setPinned({ businessId: business.id, noteId: made[1]!.id, pinned: true });
    await asOwner.notes.setPinned({ businessId: business.id, noteId: made[3]!.id, pinned: true });
    const seen: string[] = [];
    let cursor: string | null | undefined;
    do {
      const page = await asOwner.notes.list({
        businessId: business.id,
        customerId: customer.id,
        limit: 2,
        cursor,
      });
      expect(page.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.data.map((n) => n.body));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(["note 4", "note 2", "note 5", "note 3", "note 1"]);

    await asOwner.notes.setPinned({ businessId: business.id, noteId: made[3]!.id, pinned: false });
    const all = await asOwner.notes.list({ businessId: business.id, customerId: customer.id });
    expect(all.data.map((n) => n.body)).toEqual(["note 2", "note 5", "note 4", "note 3", "note 1"]);
    expect(all.data[0]).toMatchObject({ authorName: "Nila Owner", attachments: [] });
    await expectTRPCError(
      asOwner.notes.list({ businessId: business.id, customerId: customer.id, cursor: "garbage" }),
      "BAD_REQUEST",
    );
  });

  it("edits and deletes; other businesses get NOT_FOUND", async () => {
    const { business, customer, asOwner } = await setup();
    const other = await setup();
    const note = await asOwner.notes.create({
      businessId: business.id,
      customerId: customer.id,
      body: "first",
    });
    const edited = await asOwner.notes.update({
      businessId: business.id,
      noteId: note.id,
      body: '<p>second <a href="javascript:x" onclick="y">link</a></p>',
    });
    expect(edited.body).toBe("<p>second <a>link</a></p>");
    expect(edited.updatedAt.getTime()).toBeGreaterThanOrEqual(note.updatedAt.getTime());
    for (const call of [
      () => other.asOwner.notes.update({ businessId: other.business.id, noteId: note.id, body: "x" }),
      () => other.asOwner.notes.setPinned({ businessId: other.business.id, noteId: note.id, pinned: true }),
      () => other.asOwner.notes.delete({ businessId: other.business.id, noteId: note.id }),
      () => other.asOwner.notes.get({ businessId: other.business.id, noteId: note.id }),
    ]) {
      await expectTRPCError(call(), "NOT_FOUND");
    }
    await asOwner.notes.delete({ businessId: business.id, noteId: note.id });
    await expectTRPCError(asOwner.notes.get({ businessId: business.id, noteId: note.id }), "NOT_FOUND");
  });
});

describe("attachments through /api/attachments", () => {
  it("uploads a multipart file, lists it on the note and downloads it for members only", async () => {
    const { business, customer, owner, asOwner } = await setup();
    const note = await asOwner.notes.create({
      businessId: business.id,
      customerId: customer.id,
      body: "see file",
    });
    const bytes = new TextEncoder().encode("%PDF-1.7 quote for Ravi");

    signIn(owner);
    const res = await upload(
      uploadRequest({
        businessId: business.id,
        noteId: note.id,
        file: new File([bytes], "C:\\Users\\x\\Quote ₹ (final).pdf", { type: "application/pdf" }),
      }),
    );
    expect(res.status).toBe(201);
    const attachment = (await res.json()) as { id: string; url: string; fileName: string; size: number };
    expect(attachment).toMatchObject({
      noteId: note.id,
      fileName: "Quote ₹ (final).pdf",
      contentType: "application/pdf",
      size: bytes.byteLength,
      url: `/api/attachments/${attachment.id}`,
    });
    const [row] = await db.select().from(noteAttachments).where(eq(noteAttachments.id, attachment.id));
    expect(row!.storageKey).toMatch(new RegExp(`^${business.id}/[0-9a-f-]{36}$`));
    expect(existsSync(path.join(uploadsRoot, "uploads", ...row!.storageKey.split("/")))).toBe(true);

    const listed = await asOwner.notes.list({ businessId: business.id, customerId: customer.id });
    expect(listed.data[0]!.attachments).toEqual([expect.objectContaining({ id: attachment.id })]);
    expect(listed.data[0]!.attachments[0]).not.toHaveProperty("storageKey");

    // A member of the business downloads it.
    const { user: member } = await addMember(db, business, "member");
    signIn(member);
    const got = await downloadRequest(attachment.id);
    expect(got.status).toBe(200);
    expect(new Uint8Array(await got.arrayBuffer())).toEqual(bytes);
    expect(got.headers.get("content-type")).toBe("application/pdf");
    expect(got.headers.get("content-disposition")).toBe(contentDisposition("Quote ₹ (final).pdf"));
    expect(got.headers.get("content-disposition")).toMatch(
      /^attachment; filename="Quote _ \(final\)\.pdf"; filename\*=UTF-8''Quote%20%E2%82%B9%20%28final%29\.pdf$/,
    );
    expect(got.headers.get("x-content-type-options")).toBe("nosniff");

    // Another business's member, a stranger, a signed-out caller, a bad id.
    const other = await setup();
    signIn(other.owner);
    expect((await downloadRequest(attachment.id)).status).toBe(404);
    signIn(await createUser(db));
    expect((await downloadRequest(attachment.id)).status).toBe(404);
    expect((await downloadRequest("../../etc/passwd")).status).toBe(404);
    signIn(null);
    expect((await downloadRequest(attachment.id)).status).toBe(401);

    // An API key of the business, and one of another business.
    const key = await createApiKeyFor(db, business);
    const otherKey = await createApiKeyFor(db, other.business);
    expect((await downloadRequest(attachment.id, { authorization: `Bearer ${key.key}` })).status).toBe(200);
    expect((await downloadRequest(attachment.id, { authorization: `Bearer ${otherKey.key}` })).status).toBe(
      404,
    );
  });

  it("answers 413 over 10 MB and accepts exactly 10 MB", async () => {
    const { business, customer, owner, asOwner } = await setup();
    const note = await asOwner.notes.create({
      businessId: business.id,
      customerId: customer.id,
      body: "big",
    });
    signIn(owner);
    const over = await upload(
      uploadRequest({
        businessId: business.id,
        noteId: note.id,
        file: new File([new Uint8Array(ATTACHMENT_MAX_BYTES + 1)], "big.bin"),
      }),
    );
    expect(over.status).toBe(413);
    expect(await over.json()).toMatchObject({ issues: { file: "Files can be at most 10 MB." } });

    // A declared body far over the cap is refused before it is read.
    const declared = await upload(
      new Request("http://localhost:3000/api/attachments", {
        method: "POST",
        headers: {
          "content-type": "multipart/form-data; boundary=x",
          "content-length": String(50 * 1024 * 1024),
        },
        body: "--x--",
      }),
    );
    expect(declared.status).toBe(413);

    const exact = await upload(
      uploadRequest({
        businessId: business.id,
        noteId: note.id,
        file: new File([new Uint8Array(ATTACHMENT_MAX_BYTES)], "exact.bin"),
      }),
    );
    expect(exact.status).toBe(201);
    expect(await exact.json()).toMatchObject({
      size: ATTACHMENT_MAX_BYTES,
      contentType: "application/octet-stream",
    });
    expect(await db.select().from(noteAttachments).where(eq(noteAttachments.noteId, note.id))).toHaveLength(
      1,
    );
  });

  it("checks membership, the note's business, the body type and the fields", async () => {
    const { business, customer, owner, asOwner } = await setup();
    const note = await asOwner.notes.create({ businessId: business.id, customerId: customer.id, body: "x" });
    const other = await setup();
    const otherNote = await other.asOwner.notes.create({
      businessId: other.business.id,
      customerId: other.customer.id,
      body: "theirs",
    });
    const file = () => new File(["hello"], "a.txt", { type: "text/plain" });

    expect(
      (await upload(uploadRequest({ businessId: business.id, noteId: note.id, file: file() }))).status,
    ).toBe(401);
    signIn(other.owner);
    expect(
      (await upload(uploadRequest({ businessId: business.id, noteId: note.id, file: file() }))).status,
    ).toBe(404);
    signIn(owner);
    // Own business named, another business's note.
    expect(
      (await upload(uploadRequest({ businessId: business.id, noteId: otherNote.id, file: file() }))).status,
    ).toBe(404);
    expect(
      (await upload(uploadRequest({ businessId: business.id, noteId: randomUUID(), file: file() }))).status,
    ).toBe(404);
    const missing = await upload(uploadRequest({ businessId: business.id, noteId: note.id }));
    expect(missing.status).toBe(422);
    expect(await missing.json()).toMatchObject({ issues: { file: "Choose a file." } });
    const empty = await upload(
      uploadRequest({ businessId: business.id, noteId: note.id, file: new File([], "empty.txt") }),
    );
    expect(empty.status).toBe(422);
    const notMultipart = await upload(
      new Request("http://localhost:3000/api/attachments", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ businessId: business.id, noteId: note.id }),
      }),
    );
    expect(notMultipart.status).toBe(415);

    // An API key uploads for its own business only.
    signIn(null);
    const key = await createApiKeyFor(db, business);
    const viaKey = await upload(
      uploadRequest(
        { businessId: business.id, noteId: note.id, file: file() },
        { authorization: `Bearer ${key.key}` },
      ),
    );
    expect(viaKey.status).toBe(201);
    const wrongBiz = await upload(
      uploadRequest(
        { businessId: other.business.id, noteId: otherNote.id, file: file() },
        { authorization: `Bearer ${key.key}` },
      ),
    );
    expect(wrongBiz.status).toBe(404);
  });

  it("deleting an attachment or its note removes the stored files", async () => {
    const { business, customer, owner, asOwner } = await setup();
    const note = await asOwner.notes.create({
      businessId: business.id,
      customerId: customer.id,
      body: "files",
    });
    signIn(owner);
    const ids: string[] = [];
    for (const name of ["a.txt", "b.txt"]) {
      const res = await upload(
        uploadRequest({
          businessId: business.id,
          noteId: note.id,
          file: new File([name], name, { type: "text/plain" }),
        }),
      );
      ids.push(((await res.json()) as { id: string }).id);
    }
    const rows = await db.select().from(noteAttachments).where(eq(noteAttachments.noteId, note.id));
    const fileOf = (id: string) =>
      path.join(uploadsRoot, "uploads", ...rows.find((r) => r.id === id)!.storageKey.split("/"));

    const other = await setup();
    await expectTRPCError(
      other.asOwner.notes.deleteAttachment({ businessId: other.business.id, attachmentId: ids[0]! }),
      "NOT_FOUND",
    );
    await asOwner.notes.deleteAttachment({ businessId: business.id, attachmentId: ids[0]! });
    expect(existsSync(fileOf(ids[0]!))).toBe(false);
    expect(existsSync(fileOf(ids[1]!))).toBe(true);
    expect((await downloadRequest(ids[0]!)).status).toBe(404);

    await asOwner.notes.delete({ businessId: business.id, noteId: note.id });
    expect(existsSync(fileOf(ids[1]!))).toBe(false);
    expect(await db.select().from(notes).where(eq(notes.id, note.id))).toEqual([]);
  });
});
