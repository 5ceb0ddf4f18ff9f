import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as errorsGet } from "@/app/api/imports/[id]/errors/route";
import { GET as restGet, POST as restPost } from "@/app/api/v1/[...path]/route";
import { POST as uploadPost } from "@/app/api/v1/imports/route";
import { consentView } from "@/components/customers/detail/format";
import type { Db } from "@/db/client";
import { activities, customers, importChanges, imports } from "@/db/schema";
import { formatDateTime } from "@/server/domain/format";
import { AppError } from "@/server/errors";
import { listTimeline, recordActivities } from "@/server/services/activities";
import {
  configureImport,
  createImport,
  getImport,
  getImportErrorFile,
  previewImport,
  processImport,
  undoImport,
} from "@/server/services/imports/run";
import { pathOfKey } from "@/server/services/imports/storage";
import { callerFor, expectTRPCError } from "../helpers/caller";
import { testDb } from "../helpers/db";
import { addMember, createApiKeyFor, createBusiness, createUser, type TestUser } from "../helpers/factories";

let db: Db;
let owner: TestUser;
let dir: string;
const tmpRoot = mkdtempSync(path.join(tmpdir(), "crm-imports-"));

beforeAll(async () => {
  process.env.MINI_CRM_DATA_DIR = path.join(tmpRoot, "data");
  db = (await testDb()).db;
  owner = await createUser(db);
  dir = mkdtempSync(path.join(tmpRoot, "files-"));
});

afterAll(() => {
  rmSync(tmpRoot, { recursive: true, force: true });
});

function csvFile(name: string, lines: string[]): string {
  const file = path.join(dir, name);
  writeFileSync(file, `${lines.join("\r\n")}\r\n`);
  return file;
}

async function newBusiness(country = "IN") {
  return createBusiness(db, {
    owner,
    country,
    timeZone: country === "US" ? "America/New_York" : "Asia/Kolkata",
    currency: country === "US" ? "USD" : "INR",
  });
}

async function runFile(
  businessId: string,
  file: string,
  opts: {
    onDuplicate?: "skip" | "fill" | "overwrite";
    mapping?: Record<string, string>;
    batchSize?: number;
    strict?: boolean;
  } = {},
) {
  const created = await createImport(
    db,
    { businessId, userId: owner.id },
    {
      fileName: path.basename(file),
      filePath: file,
      onDuplicate: opts.onDuplicate,
      mapping: opts.mapping,
      strict: opts.strict,
    },
  );
  const result = await processImport(db, created.import.id, { batchSize: opts.batchSize });
  return result.import;
}

async function customersOf(businessId: string) {
  return db.select().from(customers).where(eq(customers.businessId, businessId)).orderBy(customers.name);
}

const jsonType = { "content-type": "application/json" };

const basic = [
  "Name,Email,Phone,Tags,Company",
  'Ravi Sharma,ravi@example.com,98765 43210,"vip, new",Acme',
  "Asha Rao,ASHA@example.com,+91 91234 56789,,",
  ",not-an-email,,,",
  ",,12,,",
  ",,,,",
  "Meera Iyer,meera@example.com,,regular,Globex",
];

describe("an invalid value never costs a customer", () => {
  const messy = [
    "First Name,Last Name,Phone 1,Phone 2,Email,Country,Date of birth",
    "Andrew,Goodman,846-790-46239,(415) 555-0100,andrew@example.com,,31/31/1990",
    "Ola,Nordmann,412 34 567,,ola@example.no,Norway,",
    "Jenna,Harding,12,,not-an-email,,",
    ",,12,,not-an-email,,",
  ];

  it("imports every row with a name or a contact, keeps each invalid value and counts it as a warning", async () => {
    const biz = await newBusiness("US");
    const summary = await runFile(biz.id, csvFile("messy.csv", messy));
    expect(summary).toMatchObject({ status: "completed", created: 3, failed: 1, warnings: 4, strict: false });
    const rows = await customersOf(biz.id);
    const andrew = rows.find((r) => r.name === "Andrew Goodman")!;
    // Phone 1 is not a number; Phone 2 is, so it becomes the phone.
    expect(andrew).toMatchObject({
      phone: "+14155550100",
      dateOfBirth: null,
      invalidValues: {
        phone: { value: "846-790-46239" },
        dateOfBirth: { value: "31/31/1990" },
      },
    });
    // The row's Country reads its national number.
    expect(rows.find((r) => r.name === "Ola Nordmann")).toMatchObject({
      phone: "+4741234567",
      invalidValues: {},
    });
    expect(rows.find((r) => r.name === "Jenna Harding")).toMatchObject({
      email: null,
      phone: null,
      invalidValues: { phone: { value: "12" }, email: { value: "not-an-email" } },
    });

    // The error file: the refused row, and the rows kept with warnings.
    const text = readFileSync((await getImportErrorFile(db, biz.id, summary.id)).path, "utf8");
    const lines = text.slice(1).trim().split(/\r?\n/);
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/Phone 1: .*kept on the customer for review/);

    // "Needs review" in the list (tRPC) and REST; saving the field clears its warning.
    const caller = callerFor(db, owner);
    const review = await caller.customers.list({ businessId: biz.id, filter: { needsReview: true } });
    expect(review.data.map((r) => r.name).sort()).toEqual(["Andrew Goodman", "Jenna Harding"]);
    const key = await createApiKeyFor(db, biz);
    const res = await restGet(
      new Request("http://localhost/api/v1/customers?needsReview=true", {
        headers: { authorization: `Bearer ${key.key}` },
      }),
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: { name: string; invalidValues: object }[] };
    expect(body.data.map((c) => c.name).sort()).toEqual(["Andrew Goodman", "Jenna Harding"]);
    expect(body.data.find((c) => c.name === "Jenna Harding")!.invalidValues).toHaveProperty("email");
    const updated = await caller.customers.update({
      businessId: biz.id,
      customerId: andrew.id,
      dateOfBirth: "1990-03-31",
    });
    expect(Object.keys(updated.invalidValues)).toEqual(["phone"]);
  });

  it("strict mode refuses every row with an invalid value", async () => {
    const biz = await newBusiness("US");
    const summary = await runFile(biz.id, csvFile("messy-strict.csv", messy), { strict: true });
    expect(summary).toMatchObject({ status: "completed", created: 1, failed: 3, warnings: 0, strict: true });
    expect((await customersOf(biz.id)).map((r) => r.name)).toEqual(["Ola Nordmann"]);
  });
});

describe("processImport", () => {
  it("imports a CSV: counts, normalised values, error file with reasons", async () => {
    const biz = await newBusiness();
    const summary = await runFile(biz.id, csvFile("basic.csv", basic));
    expect(summary).toMatchObject({ status: "completed", created: 3, updated: 0, skipped: 0, failed: 2 });
    expect(summary.processedRows).toBe(6);
    expect(summary.totalRows).toBe(6);

    const rows = await customersOf(biz.id);
    expect(rows.map((r) => r.name)).toEqual(["Asha Rao", "Meera Iyer", "Ravi Sharma"]);
    const ravi = rows.find((r) => r.name === "Ravi Sharma")!;
    expect(ravi).toMatchObject({
      email: "ravi@example.com",
      phone: "+919876543210",
      tags: ["vip", "new"],
      company: "Acme",
      importId: summary.id,
    });
    expect(ravi.phoneDigits).toContain("9876543210");
    expect(rows.find((r) => r.name === "Asha Rao")!.email).toBe("asha@example.com");

    // Created customers are recorded by their import_id alone: no undo row, no timeline row each.
    const changes = await db.select().from(importChanges).where(eq(importChanges.importId, summary.id));
    expect(changes).toHaveLength(0);
    expect(await db.select().from(activities).where(eq(activities.customerId, ravi.id))).toHaveLength(0);
    // The timeline still shows the import, at the customer's creation, with the file and who imported it.
    const timeline = await listTimeline(db, { businessId: biz.id, customerId: ravi.id });
    expect(timeline.data).toHaveLength(1);
    expect(timeline.data[0]).toMatchObject({
      id: summary.id,
      type: "imported",
      data: { importId: summary.id, fileName: expect.any(String) },
      createdAt: ravi.createdAt,
    });
    expect(
      (await listTimeline(db, { businessId: biz.id, customerId: ravi.id, types: ["note_added"] })).data,
    ).toHaveLength(0);

    const errorFile = await getImportErrorFile(db, biz.id, summary.id);
    const text = readFileSync(errorFile.path, "utf8");
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trim().split(/\r?\n/);
    expect(lines[0]).toBe("Name,Email,Phone,Tags,Company,Error");
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^,not-an-email,,,,Email: Not a valid email address\.$/);
    expect(lines[2]).toMatch(/^,,12,,,Phone: /);
  });

  it("pages an imported customer's timeline with the derived import entry in its place", async () => {
    const biz = await newBusiness();
    const summary = await runFile(biz.id, csvFile("timeline.csv", basic));
    const ravi = (await customersOf(biz.id)).find((r) => r.name === "Ravi Sharma")!;
    const later = (minutes: number) => new Date(ravi.createdAt.getTime() + minutes * 60_000);
    const earlier = new Date(ravi.createdAt.getTime() - 60_000);
    await recordActivities(
      db,
      [
        { businessId: biz.id, customerId: ravi.id, type: "note_added", createdAt: later(1) },
        { businessId: biz.id, customerId: ravi.id, type: "tags_added", createdAt: later(2) },
        { businessId: biz.id, customerId: ravi.id, type: "field_changed", createdAt: earlier },
      ],
      { touch: false },
    );
    const seen: { type: string; id: string }[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof listTimeline>> = await listTimeline(db, {
        businessId: biz.id,
        customerId: ravi.id,
        limit: 1,
        cursor,
      });
      seen.push(...page.data.map((i) => ({ type: i.type, id: i.id })));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.map((e) => e.type)).toEqual(["tags_added", "note_added", "imported", "field_changed"]);
    expect(seen[2]!.id).toBe(summary.id);
    const onlyImports = await listTimeline(db, {
      businessId: biz.id,
      customerId: ravi.id,
      types: ["imported"],
    });
    expect(onlyImports.data.map((i) => i.type)).toEqual(["imported"]);
    // Another business never sees it.
    const other = await newBusiness();
    await expect(listTimeline(db, { businessId: other.id, customerId: ravi.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("a merge keeps a merged imported customer's import entry on the survivor's timeline", async () => {
    const biz = await newBusiness();
    const summary = await runFile(biz.id, csvFile("merge.csv", basic));
    const asha = (await customersOf(biz.id)).find((r) => r.name === "Asha Rao")!;
    const caller = callerFor(db, owner);
    const survivor = await caller.customers.create({ businessId: biz.id, name: "Asha R." });
    await caller.customers.merge({ businessId: biz.id, survivorId: survivor.id, mergedIds: [asha.id] });
    const timeline = await listTimeline(db, { businessId: biz.id, customerId: survivor.id });
    const imported = timeline.data.filter((i) => i.type === "imported");
    expect(imported).toHaveLength(1);
    expect(imported[0]!.data).toMatchObject({ importId: summary.id, fileName: "merge.csv" });
    expect(imported[0]!.createdAt).toEqual(asha.createdAt);
  });

  it("re-importing the same file creates no duplicate", async () => {
    const biz = await newBusiness();
    const file = csvFile("again.csv", basic);
    await runFile(biz.id, file);
    const second = await runFile(biz.id, file);
    expect(second).toMatchObject({ status: "completed", created: 0, updated: 0, skipped: 3, failed: 2 });
    expect(await customersOf(biz.id)).toHaveLength(3);
  });

  it("skips in-file duplicates by phone or email, within a batch and across batches", async () => {
    const biz = await newBusiness();
    const file = csvFile("dupes.csv", [
      "Name,Email,Phone",
      "One,one@example.com,9000000001",
      "One again,ONE@example.com,",
      "Two,two@example.com,9000000002",
      "Two by phone,,+91 90000 00002",
      "Three,three@example.com,9000000003",
    ]);
    const summary = await runFile(biz.id, file, { onDuplicate: "overwrite", batchSize: 2 });
    expect(summary).toMatchObject({ created: 3, updated: 0, skipped: 2, failed: 0 });
    expect((await customersOf(biz.id)).map((c) => c.name)).toEqual(["One", "Three", "Two"]);
  });

  it("skips rows repeating the batch before and updates a customer once while batches overlap", async () => {
    const biz = await newBusiness();
    await db.insert(customers).values({
      businessId: biz.id,
      name: "Ravi S",
      email: "ravi@old.example",
      phone: "+919876543210",
      phoneDigits: "919876543210 9876543210",
    });
    // Batches of two: on Postgres batch n+1 looks up its duplicates before batch n has committed.
    const file = csvFile("overlap.csv", [
      "Name,Email,Phone",
      "Asha,asha@example.com,9000000001",
      "Ravi Sharma,,9876543210",
      "Asha by email,ASHA@example.com,",
      "Ravi by email,ravi@old.example,",
      "Asha by phone,,+91 90000 00001",
      "Kiran,kiran@example.com,9000000002",
    ]);
    const summary = await runFile(biz.id, file, { onDuplicate: "overwrite", batchSize: 2 });
    expect(summary).toMatchObject({ created: 2, updated: 1, skipped: 3, failed: 0, processedRows: 6 });
    expect((await customersOf(biz.id)).map((c) => [c.name, c.email, c.phone])).toEqual([
      ["Asha", "asha@example.com", "+919000000001"],
      ["Kiran", "kiran@example.com", "+919000000002"],
      ["Ravi Sharma", "ravi@old.example", "+919876543210"],
    ]);
    const changes = await db.select().from(importChanges).where(eq(importChanges.importId, summary.id));
    expect(changes.map((c) => c.line)).toEqual([3]);
  });

  it("fill sets only empty fields, overwrite replaces; undo deletes created and restores updated", async () => {
    const biz = await newBusiness();
    await db.insert(customers).values([
      {
        businessId: biz.id,
        name: "Ravi S",
        phone: "+919876543210",
        phoneDigits: "919876543210 9876543210",
        tags: ["old"],
      },
      { businessId: biz.id, name: "Asha", email: "asha@example.com", company: "Old Co" },
    ]);
    const file = csvFile("update.csv", [
      "Name,Email,Phone,Tags,Company",
      "Ravi Sharma,ravi@example.com,9876543210,vip,Acme",
      "Asha Rao,asha@example.com,,,New Co",
      "Kiran,kiran@example.com,,,",
    ]);

    const fill = await runFile(biz.id, file, { onDuplicate: "fill" });
    // Asha has a name and a company already: nothing to fill.
    expect(fill).toMatchObject({ created: 1, updated: 1, skipped: 1 });
    let rows = await customersOf(biz.id);
    expect(rows.find((r) => r.phone === "+919876543210")).toMatchObject({
      name: "Ravi S",
      email: "ravi@example.com",
      company: "Acme",
      tags: ["old"],
    });
    expect(rows.find((r) => r.email === "asha@example.com")).toMatchObject({
      name: "Asha",
      company: "Old Co",
    });

    const undoFill = await undoImport(db, { businessId: biz.id, userId: owner.id }, fill.id);
    expect(undoFill).toMatchObject({ deleted: 1, restored: 1 });
    rows = await customersOf(biz.id);
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r.phone === "+919876543210")).toMatchObject({
      name: "Ravi S",
      email: null,
      company: null,
      tags: ["old"],
    });

    const overwrite = await runFile(biz.id, file, { onDuplicate: "overwrite" });
    expect(overwrite).toMatchObject({ created: 1, updated: 2 });
    rows = await customersOf(biz.id);
    expect(rows.find((r) => r.phone === "+919876543210")).toMatchObject({
      name: "Ravi Sharma",
      company: "Acme",
      tags: ["vip"],
    });
    expect(rows.find((r) => r.email === "asha@example.com")).toMatchObject({
      name: "Asha Rao",
      company: "New Co",
    });
    const ravi = rows.find((r) => r.phone === "+919876543210")!;
    const change = await db
      .select()
      .from(importChanges)
      .where(and(eq(importChanges.importId, overwrite.id), eq(importChanges.customerId, ravi.id)));
    expect(change[0]!.previous).toMatchObject({ name: "Ravi S", email: null, company: null, tags: ["old"] });

    const undone = await undoImport(db, { businessId: biz.id, userId: owner.id }, overwrite.id);
    expect(undone.import.status).toBe("undone");
    expect(undone).toMatchObject({ deleted: 1, restored: 2 });
    rows = await customersOf(biz.id);
    expect(rows.map((r) => [r.name, r.email, r.company, r.tags])).toEqual([
      ["Asha", "asha@example.com", "Old Co", []],
      ["Ravi S", null, null, ["old"]],
    ]);
    await expect(
      undoImport(db, { businessId: biz.id, userId: owner.id }, overwrite.id),
    ).rejects.toMatchObject({
      code: "CONFLICT",
    });
  });

  it("imports a generated XLSX with names from First + Last", async () => {
    const biz = await newBusiness("US");
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Customers");
    ws.addRow(["First Name", "Last Name", "Phone 1", "Email", "Subscription Date"]);
    ws.addRow(["Ada", "Lovelace", "(212) 555-0182 x12", "ada@example.com", new Date(Date.UTC(2021, 4, 3))]);
    ws.addRow(["Alan", "Turing", "+1 646 555 0134", "alan@example.com", "2020-01-02"]);
    const file = path.join(dir, "people.xlsx");
    await wb.xlsx.writeFile(file);
    const summary = await runFile(biz.id, file);
    expect(summary).toMatchObject({ status: "completed", created: 2, failed: 0 });
    const rows = await customersOf(biz.id);
    expect(rows.map((r) => r.name)).toEqual(["Ada Lovelace", "Alan Turing"]);
    expect(rows[0]).toMatchObject({ phone: "+12125550182", phoneExtension: "12" });
  });

  it("previews the first rows as they will be saved, invalid cells marked", async () => {
    const biz = await newBusiness();
    const created = await createImport(
      db,
      { businessId: biz.id, userId: owner.id },
      { fileName: "p.csv", filePath: csvFile("preview.csv", basic) },
    );
    const preview = await previewImport(db, biz.id, created.import.id);
    expect(preview.headers).toEqual(["Name", "Email", "Phone", "Tags", "Company"]);
    expect(preview.mapping).toMatchObject({ Name: "name", Email: "email", Phone: "phone" });
    expect(preview.rows.map((r) => r.status)).toEqual(["ok", "ok", "error", "error", "skip", "ok"]);
    expect(preview.rows[0]!.customer).toMatchObject({ phone: "+919876543210", tags: ["vip", "new"] });
    expect(preview.rows[2]!.errors[0]).toMatchObject({ field: "email", column: 1 });
    expect((await getImport(db, biz.id, created.import.id)).status).toBe("queued");
    expect(await customersOf(biz.id)).toHaveLength(0);
  });

  it("takes a corrected mapping before the import starts", async () => {
    const biz = await newBusiness();
    const created = await createImport(
      db,
      { businessId: biz.id, userId: owner.id },
      { fileName: "c.csv", filePath: csvFile("configure.csv", basic) },
    );
    await configureImport(db, biz.id, created.import.id, {
      mapping: { Name: "name", Email: "email", Phone: "phone", Tags: "ignore", Company: "ignore" },
      onDuplicate: "overwrite",
    });
    const stored = await getImport(db, biz.id, created.import.id);
    expect(stored.onDuplicate).toBe("overwrite");
    const result = await processImport(db, created.import.id);
    expect(result.import.created).toBe(3);
    const ravi = (await customersOf(biz.id)).find((c) => c.name === "Ravi Sharma");
    expect(ravi).toMatchObject({ company: null, tags: [] });
    await expect(
      configureImport(db, biz.id, created.import.id, { mapping: { Nope: "name" } }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
  });
  it("imported consent reads as granted on the customer page, a consent date alone as not recorded", async () => {
    const biz = await newBusiness();
    await runFile(
      biz.id,
      csvFile("consent.csv", [
        "Name,Phone,Email consent,Consent time",
        "Ravi Sharma,98765 43210,yes,2025-12-10 10:00",
      ]),
    );
    const [ravi] = await customersOf(biz.id);
    const customer = await callerFor(db, owner).customers.get({ businessId: biz.id, customerId: ravi!.id });
    expect(customer.consent.email).toMatchObject({ granted: true, source: "import" });
    expect(consentView("Email", customer.consent.email, (at) => formatDateTime(at, biz.timeZone)).state).toBe(
      "granted",
    );
    expect(customer.consent.sms).toMatchObject({ granted: null, source: "import" });
    expect(consentView("SMS", customer.consent.sms, (at) => formatDateTime(at, biz.timeZone)).text).toBe(
      "SMS consent not recorded",
    );
  });
});

describe("bad files", () => {
  async function expectRefused(
    businessId: string,
    input: { fileName: string; bytes: Uint8Array },
    message: RegExp,
  ) {
    const err = await createImport(db, { businessId, userId: owner.id }, input).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe("VALIDATION");
    expect((err as AppError).message).toMatch(message);
  }

  it("refuses wrong types, corrupt XLSX, empty files and files with no recognisable column", async () => {
    const biz = await newBusiness();
    const text = (s: string) => new TextEncoder().encode(s);
    await expectRefused(biz.id, { fileName: "x.csv", bytes: text("%PDF-1.7\n...") }, /PDF/);
    await expectRefused(biz.id, { fileName: "x.csv", bytes: new Uint8Array() }, /empty/);
    await expectRefused(biz.id, { fileName: "x.csv", bytes: text("\r\n\r\n") }, /empty/);
    await expectRefused(
      biz.id,
      { fileName: "x.xlsx", bytes: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8]) },
      /damaged|not a real/,
    );
    await expectRefused(
      biz.id,
      { fileName: "x.csv", bytes: text("Colour,Size\nred,10\nblue,12\n") },
      /No column could be matched/,
    );
    const err = await createImport(
      db,
      { businessId: biz.id, userId: owner.id },
      { fileName: "x.csv", bytes: text("Name,Email\nA,a@example.com\n"), mapping: { Missing: "phone" } },
    ).catch((e: unknown) => e);
    expect((err as AppError).message).toMatch(/not in the file/);
    expect(await db.select().from(imports).where(eq(imports.businessId, biz.id))).toHaveLength(0);
    expect(await customersOf(biz.id)).toHaveLength(0);
  });
});

describe("tRPC and REST", () => {
  it("uploads with FormData, reads the status, downloads errors and undoes", async () => {
    const biz = await newBusiness();
    const key = await createApiKeyFor(db, biz);
    const auth = { authorization: `Bearer ${key.key}` };
    const form = new FormData();
    form.set("file", new Blob([`${basic.join("\n")}\n`], { type: "text/csv" }), "customers.csv");
    form.set("mapping", JSON.stringify({ Company: "ignore" }));
    form.set("onDuplicate", "fill");
    const res = await uploadPost(
      new Request("http://localhost/api/v1/imports", { method: "POST", headers: auth, body: form }),
    );
    expect(res.status).toBe(202);
    const body = (await res.json()) as { id: string; status: string };
    expect(body.status).toBe("completed");
    expect((await customersOf(biz.id)).every((c) => c.company === null)).toBe(true);

    const url = `http://localhost/api/v1/imports/${body.id}`;
    const status = await restGet(new Request(url, { headers: auth }));
    expect(status.status).toBe(200);
    const json = (await status.json()) as Record<string, unknown>;
    expect(json).toMatchObject({
      id: body.id,
      status: "completed",
      totalRows: 6,
      processedRows: 6,
      created: 3,
      updated: 0,
      skipped: 0,
      failed: 2,
    });
    expect(json.errorFileUrl).toBe(`http://localhost:3000/api/imports/${body.id}/errors`);

    const download = await errorsGet(
      new Request(`http://localhost/api/imports/${body.id}/errors`, { headers: auth }),
      {
        params: Promise.resolve({ id: body.id }),
      },
    );
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toContain("customers-errors.csv");
    expect(await download.text()).toContain("Email: Not a valid email address.");

    // Another business's key: not found, for the status, the error file and undo.
    const other = await newBusiness();
    const otherKey = await createApiKeyFor(db, other);
    const otherAuth = { authorization: `Bearer ${otherKey.key}` };
    expect((await restGet(new Request(url, { headers: otherAuth }))).status).toBe(404);
    const otherDownload = await errorsGet(
      new Request(`http://localhost/api/imports/${body.id}/errors`, { headers: otherAuth }),
      { params: Promise.resolve({ id: body.id }) },
    );
    expect(otherDownload.status).toBe(404);
    expect(
      (
        await restPost(
          new Request(`${url}/undo`, { method: "POST", headers: { ...otherAuth, ...jsonType }, body: "{}" }),
        )
      ).status,
    ).toBe(404);

    const undo = await restPost(
      new Request(`${url}/undo`, { method: "POST", headers: { ...auth, ...jsonType }, body: "{}" }),
    );
    expect(undo.status).toBe(200);
    expect(await undo.json()).toMatchObject({ status: "undone", deleted: 3 });
    expect(await customersOf(biz.id)).toHaveLength(0);
  });

  it("answers 401, 400 and 422 with JSON errors", async () => {
    const biz = await newBusiness();
    const key = await createApiKeyFor(db, biz);
    const post = (form: FormData, headers: Record<string, string> = { authorization: `Bearer ${key.key}` }) =>
      uploadPost(new Request("http://localhost/api/v1/imports", { method: "POST", headers, body: form }));
    const withFile = (content: string) => {
      const form = new FormData();
      form.set("file", new Blob([content]), "f.csv");
      return form;
    };
    expect((await post(withFile("Name\nA\n"), {})).status).toBe(401);
    expect((await post(new FormData())).status).toBe(400);
    const badMapping = withFile("Name\nA\n");
    badMapping.set("mapping", "{nope");
    expect((await post(badMapping)).status).toBe(400);
    const badPolicy = withFile("Name\nA\n");
    badPolicy.set("onDuplicate", "merge");
    expect((await post(badPolicy)).status).toBe(400);
    const noColumn = await post(withFile("Colour,Size\nred,1\n"));
    expect(noColumn.status).toBe(422);
    expect(await noColumn.json()).toMatchObject({
      code: "VALIDATION",
      message: expect.stringMatching(/No column/),
    });
  });

  it("procedures: get/list/undo need customers.import; another business's import is NOT_FOUND", async () => {
    const biz = await newBusiness();
    const summary = await runFile(biz.id, csvFile("trpc.csv", basic));
    const caller = callerFor(db, owner);
    expect(await caller.imports.get({ businessId: biz.id, importId: summary.id })).toMatchObject({
      created: 3,
      errorFileUrl: expect.stringContaining(summary.id),
    });
    const list = await caller.imports.list({ businessId: biz.id });
    expect(list.data.map((i) => i.id)).toContain(summary.id);
    const preview = await caller.imports.preview({ businessId: biz.id, importId: summary.id });
    expect(preview.rows).toHaveLength(6);

    const { user: member } = await addMember(db, biz, "member");
    await expectTRPCError(
      callerFor(db, member).imports.get({ businessId: biz.id, importId: summary.id }),
      "FORBIDDEN",
    );

    const otherOwner = await createUser(db);
    const other = await createBusiness(db, { owner: otherOwner });
    const outsider = callerFor(db, otherOwner);
    await expectTRPCError(outsider.imports.get({ businessId: other.id, importId: summary.id }), "NOT_FOUND");
    await expectTRPCError(outsider.imports.undo({ businessId: other.id, importId: summary.id }), "NOT_FOUND");
    await expectTRPCError(outsider.imports.get({ businessId: biz.id, importId: summary.id }), "NOT_FOUND");
    const count = await db.execute(sql`select 1`);
    expect(count).toBeDefined();
  });

  it("imports.delete removes an upload nobody started and its file, scoped to the business", async () => {
    const biz = await newBusiness();
    const caller = callerFor(db, owner);
    const upload = async (name: string) =>
      (
        await createImport(
          db,
          { businessId: biz.id, userId: owner.id },
          { fileName: name, filePath: csvFile(name, basic) },
        )
      ).import;
    const abandoned = await upload("abandoned.csv");
    expect(abandoned).toMatchObject({ status: "queued", startedAt: null, requestedAt: null });
    const [stored] = await db.select().from(imports).where(eq(imports.id, abandoned.id));
    const file = pathOfKey(stored!.storageKey);
    expect(existsSync(file)).toBe(true);

    // A member may not; another business's owner does not see it.
    const { user: member } = await addMember(db, biz, "member");
    await expectTRPCError(
      callerFor(db, member).imports.delete({ businessId: biz.id, importId: abandoned.id }),
      "FORBIDDEN",
    );
    const otherOwner = await createUser(db);
    const other = await createBusiness(db, { owner: otherOwner });
    const outsider = callerFor(db, otherOwner);
    await expectTRPCError(
      outsider.imports.delete({ businessId: other.id, importId: abandoned.id }),
      "NOT_FOUND",
    );
    await expectTRPCError(
      outsider.imports.delete({ businessId: biz.id, importId: abandoned.id }),
      "NOT_FOUND",
    );
    expect(existsSync(file)).toBe(true);

    expect(await caller.imports.delete({ businessId: biz.id, importId: abandoned.id })).toEqual({
      id: abandoned.id,
    });
    expect(await db.select().from(imports).where(eq(imports.id, abandoned.id))).toEqual([]);
    expect(existsSync(file)).toBe(false);
    await expectTRPCError(caller.imports.delete({ businessId: biz.id, importId: abandoned.id }), "NOT_FOUND");

    // An import handed to the background job, or one that ran, is kept.
    const requested = await upload("requested.csv");
    await db.update(imports).set({ requestedAt: new Date() }).where(eq(imports.id, requested.id));
    await expectTRPCError(caller.imports.delete({ businessId: biz.id, importId: requested.id }), "CONFLICT");
    const ran = await runFile(biz.id, csvFile("ran.csv", basic));
    await expectTRPCError(caller.imports.delete({ businessId: biz.id, importId: ran.id }), "CONFLICT");
    expect((await caller.imports.get({ businessId: biz.id, importId: ran.id })).status).toBe("completed");
  });
});
