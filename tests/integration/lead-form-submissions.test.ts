import { eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { GET as exportGET } from "@/app/api/lead-forms/[id]/export/route";
import { GET } from "@/app/api/v1/[...path]/route";
import type { Db } from "@/db/client";
import { customers, formSubmissions, leadForms } from "@/db/schema";
import { exportSubmissions } from "@/server/services/lead-forms/export";
import { callerFor, expectTRPCError } from "../helpers/caller";
import { testDb } from "../helpers/db";
import { addMember, createApiKeyFor, createBusiness, createUser } from "../helpers/factories";
import { addDailyStats, insertSubmission } from "../helpers/lead-forms";

const sent = vi.hoisted(() => ({ events: [] as unknown[], fail: false }));
vi.mock("@/server/jobs/send", () => ({
  sendEvent: async (event: unknown) => {
    if (sent.fail) throw new Error("queue down");
    sent.events.push(event);
    return { ids: ["evt"] };
  },
}));
// The export route reads the session through `getSessionUser`; the test chooses who is signed in.
const session = vi.hoisted(() => ({ user: null as null | { id: string; email: string } }));
vi.mock("@/server/auth", () => ({
  getSessionUser: async () => (session.user ? { ...session.user, name: null, isPlatformAdmin: false } : null),
}));

let db: Db;
beforeAll(async () => {
  db = (await testDb()).db;
});
beforeEach(() => {
  sent.events = [];
  sent.fail = false;
});

async function setup() {
  const owner = await createUser(db);
  const business = await createBusiness(db, { owner });
  const businessId = business.id;
  const asOwner = callerFor(db, owner);
  const created = await asOwner.leadForms.create({
    businessId,
    name: "Consultation",
    definition: {
      fields: [
        { key: "name", type: "short_text", label: "Your name", required: true, mapTo: "name" },
        { key: "email", type: "email", label: "Email", mapTo: "email" },
        { key: "notes", type: "long_text", label: "Anything else?" },
        {
          key: "services",
          type: "multi_select",
          label: "Services",
          options: [
            { value: "cut", label: "Cut" },
            { value: "spa", label: "Spa" },
          ],
        },
      ],
      settings: { title: "Book" },
    },
  });
  const published = await asOwner.leadForms.publish({ businessId, formId: created.id });
  const form = { id: created.id, businessId, versionId: published.publishedVersion!.id };
  return { owner, business, businessId, asOwner, form };
}

const at = (iso: string) => new Date(iso);

describe("lead form submissions: list", () => {
  it("pages newest first, with the inbox and Spam tabs, status, dates and search", async () => {
    const { businessId, asOwner, form } = await setup();
    const [customer] = await db.insert(customers).values({ businessId, name: "Asha Rao" }).returning();
    await insertSubmission(db, form, {
      answers: { name: "Asha Rao", email: "asha@example.com", services: ["cut", "spa"] },
      context: {
        utm: { utm_source: "instagram", utm_campaign: "diwali" },
        referrer: "https://l.instagram.com/",
      },
      status: "processed",
      customerId: customer!.id,
      createdAt: at("2026-11-01T10:00:00Z"),
    });
    await insertSubmission(db, form, {
      answers: { name: "Ravi Kumar" },
      context: { utm: {}, referrer: "https://www.google.com/search?q=salon" },
      createdAt: at("2026-11-02T10:00:00Z"),
    });
    await insertSubmission(db, form, {
      answers: { name: "Meera Shah", notes: "100% keen" },
      context: { utm: {}, source: "flyer" },
      status: "failed",
      error: "Timed out",
      createdAt: at("2026-11-03T10:00:00Z"),
    });
    await insertSubmission(db, form, {
      answers: { name: "Buy pills" },
      status: "spam",
      spamReason: "honeypot",
      createdAt: at("2026-11-04T10:00:00Z"),
    });

    const page1 = await asOwner.leadForms.submissions({ businessId, formId: form.id, limit: 2 });
    expect(page1.data.map((s) => s.contact.name)).toEqual(["Meera Shah", "Ravi Kumar"]);
    expect(page1.nextCursor).toEqual(expect.any(String));
    const page2 = await asOwner.leadForms.submissions({
      businessId,
      formId: form.id,
      limit: 2,
      cursor: page1.nextCursor,
    });
    expect(page2.data.map((s) => s.contact.name)).toEqual(["Asha Rao"]);
    expect(page2.nextCursor).toBeNull();
    const asha = page2.data[0]!;
    expect(asha).toMatchObject({
      status: "processed",
      version: 1,
      source: "instagram",
      contact: { name: "Asha Rao", email: "asha@example.com", phone: null },
      customer: { id: customer!.id, name: "Asha Rao" },
      answers: { services: ["cut", "spa"] },
    });
    expect(page1.data.map((s) => s.source)).toEqual(["flyer", "www.google.com"]);

    const spam = await asOwner.leadForms.submissions({ businessId, formId: form.id, tab: "spam" });
    expect(spam.data.map((s) => [s.contact.name, s.spamReason])).toEqual([["Buy pills", "honeypot"]]);
    const failed = await asOwner.leadForms.submissions({ businessId, formId: form.id, status: "failed" });
    expect(failed.data.map((s) => s.error)).toEqual(["Timed out"]);
    const dated = await asOwner.leadForms.submissions({
      businessId,
      formId: form.id,
      from: "2026-11-02T00:00:00Z",
      to: "2026-11-03T00:00:00Z",
    });
    expect(dated.data.map((s) => s.contact.name)).toEqual(["Ravi Kumar"]);
    // Search reads the answers; % and _ are characters, not wildcards.
    const searched = await asOwner.leadForms.submissions({ businessId, formId: form.id, search: "100%" });
    expect(searched.data.map((s) => s.contact.name)).toEqual(["Meera Shah"]);
    expect(
      (await asOwner.leadForms.submissions({ businessId, formId: form.id, search: "1_0" })).data,
    ).toEqual([]);
    await expectTRPCError(
      asOwner.leadForms.submissions({ businessId, formId: form.id, cursor: "bm9wZQ" }),
      "BAD_REQUEST",
      { fieldErrors: { cursor: "Invalid cursor." } },
    );

    const detail = await asOwner.leadForms.submission({ businessId, submissionId: asha.id });
    expect(detail.fields.map((f) => f.label)).toEqual(["Your name", "Email", "Anything else?", "Services"]);
    expect(detail.context).toMatchObject({
      utm: { utm_campaign: "diwali" },
      referrer: "https://l.instagram.com/",
    });
  });

  it("serves GET /api/v1/forms/{id}/submissions?cursor= as { data, nextCursor }", async () => {
    const { business, form } = await setup();
    for (let i = 0; i < 3; i++)
      await insertSubmission(db, form, {
        answers: { name: `Visitor ${i}` },
        createdAt: at(`2026-11-0${i + 1}T08:00:00Z`),
      });
    const key = await createApiKeyFor(db, business);
    const get = (q: string) =>
      GET(
        new Request(`http://localhost:3000/api/v1/forms/${form.id}/submissions${q}`, {
          headers: { authorization: `Bearer ${key.key}` },
        }),
      );
    const first = await get("?limit=2");
    expect(first.status).toBe(200);
    const body = (await first.json()) as { data: { answers: { name: string } }[]; nextCursor: string };
    expect(body.data.map((s) => s.answers.name)).toEqual(["Visitor 2", "Visitor 1"]);
    const second = (await (await get(`?limit=2&cursor=${body.nextCursor}`)).json()) as typeof body;
    expect(second.data.map((s) => s.answers.name)).toEqual(["Visitor 0"]);
    expect(second.nextCursor).toBeNull();
  });
});

describe("lead form submissions: not spam and retry", () => {
  it("moves spam to the inbox, counts it and sends it to processing", async () => {
    const { business, businessId, asOwner, form } = await setup();
    const spam = await insertSubmission(db, form, { answers: { name: "Real person" }, status: "spam" });
    const countOf = async () =>
      (await db.select().from(leadForms).where(eq(leadForms.id, form.id)))[0]!.submissionCount;
    expect(await countOf()).toBe(0);

    const { user } = await addMember(db, business, "member");
    await expectTRPCError(
      callerFor(db, user).leadForms.markNotSpam({ businessId, submissionId: spam.id }),
      "FORBIDDEN",
    );
    const moved = await asOwner.leadForms.markNotSpam({ businessId, submissionId: spam.id });
    expect(moved).toMatchObject({ status: "received", spamReason: null });
    expect(await countOf()).toBe(1);
    expect(sent.events).toEqual([
      { name: "lead-forms/submission.received", data: { submissionId: spam.id, businessId } },
    ]);
    await expectTRPCError(asOwner.leadForms.markNotSpam({ businessId, submissionId: spam.id }), "CONFLICT");
    expect(sent.events).toHaveLength(1);
  });

  it("checks a spam submission's raw answers before it leaves Spam, and stores them checked", async () => {
    const { businessId, asOwner, form } = await setup();
    // Kept as sent: a list with a null in it, an email in capitals, a field the form does not have.
    const raw = await insertSubmission(db, form, {
      answers: { name: "  Farhan Ali ", email: "FARHAN@EXAMPLE.COM", services: ["cut", null], notes: null },
      status: "spam",
    });
    const listed = await asOwner.leadForms.submissions({ businessId, formId: form.id, tab: "spam" });
    expect(listed.data[0]!.answers).toEqual({
      name: "  Farhan Ali ",
      email: "FARHAN@EXAMPLE.COM",
      services: ["cut"],
    });
    const bad = await insertSubmission(db, form, {
      answers: { name: "x", email: "not-an-email" },
      status: "spam",
    });
    await expectTRPCError(
      asOwner.leadForms.markNotSpam({ businessId, submissionId: bad.id }),
      "BAD_REQUEST",
      {
        appCode: "VALIDATION",
        fieldErrors: { "answers.email": "Enter a valid email address." },
      },
    );
    const [still] = await db.select().from(formSubmissions).where(eq(formSubmissions.id, bad.id));
    expect(still!.status).toBe("spam");
    expect(sent.events).toEqual([]);

    const moved = await asOwner.leadForms.markNotSpam({ businessId, submissionId: raw.id });
    expect(moved.answers).toEqual({ name: "Farhan Ali", email: "farhan@example.com", services: ["cut"] });
    expect(sent.events).toHaveLength(1);
  });

  it("retries a failed submission; when the queue is down it stays failed", async () => {
    const { businessId, asOwner, form } = await setup();
    const failed = await insertSubmission(db, form, {
      answers: { name: "Retry me" },
      status: "failed",
      error: "x",
    });
    sent.fail = true;
    await expectTRPCError(
      asOwner.leadForms.retrySubmission({ businessId, submissionId: failed.id }),
      "SERVICE_UNAVAILABLE",
    );
    const [row] = await db.select().from(formSubmissions).where(eq(formSubmissions.id, failed.id));
    expect(row).toMatchObject({ status: "failed", error: "Could not be queued for processing." });
    sent.fail = false;
    const retried = await asOwner.leadForms.retrySubmission({ businessId, submissionId: failed.id });
    expect(retried).toMatchObject({ status: "received", error: null });
    expect(sent.events).toHaveLength(1);
    const ok = await insertSubmission(db, form, { answers: { name: "Fine" }, status: "processed" });
    await expectTRPCError(asOwner.leadForms.retrySubmission({ businessId, submissionId: ok.id }), "CONFLICT");
  });
});

async function text(stream: ReadableStream<Uint8Array>) {
  return new Response(stream).text();
}

describe("lead form submissions: export", () => {
  it("writes CSV and XLSX with every answer and the context, formulas neutralised", async () => {
    const { businessId, form } = await setup();
    await insertSubmission(db, form, {
      answers: { name: '=HYPERLINK("http://evil.example","x")', email: "a@example.com", services: ["cut"] },
      context: {
        utm: { utm_source: "+ads", utm_campaign: "spring" },
        landingPage: "https://salon.example/?a=1",
      },
      createdAt: at("2026-11-05T09:30:00Z"),
    });
    await insertSubmission(db, form, {
      answers: { name: "Spammy" },
      status: "spam",
      createdAt: at("2026-11-06T00:00:00Z"),
    });

    const csv = await exportSubmissions(db, businessId, form.id, { tab: "all" }, "csv");
    expect(csv.contentType).toMatch(/text\/csv/);
    expect(csv.fileName).toMatch(/consultation-submissions-\d{4}-\d\d-\d\d\.csv$/);
    const lines = (await text(csv.stream))
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(
      "Submitted At (UTC),Status,Your name,Email,Anything else?,Services,Source,utm_source,utm_medium,utm_campaign,utm_term,utm_content,Referrer,Landing Page,Spam Reason,Customer ID",
    );
    expect(lines[1]).toContain("2026-11-05T09:30:00.000Z,received,");
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(lines[1]).toContain(",a@example.com,,cut,'+ads,'+ads,,spring,,,,https://salon.example/?a=1,,");

    const spamOnly = await exportSubmissions(db, businessId, form.id, { tab: "spam" }, "csv");
    expect(await text(spamOnly.stream)).toContain("Spammy");

    const xlsx = await exportSubmissions(db, businessId, form.id, { tab: "all" }, "xlsx");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await new Response(xlsx.stream).arrayBuffer()) as never);
    const sheet = workbook.getWorksheet("Submissions")!;
    expect(sheet.getRow(1).getCell(3).value).toBe("Your name");
    expect(sheet.getRow(2).getCell(3).value).toBe(`'=HYPERLINK("http://evil.example","x")`);
    expect(sheet.rowCount).toBe(2);
  });

  it("downloads through the route for a member, 404 for another business", async () => {
    const { business, form } = await setup();
    await insertSubmission(db, form, { answers: { name: "Asha" } });
    const { user } = await addMember(db, business, "member");
    const other = await createUser(db);
    await createBusiness(db, { owner: other });
    const call = (who: { id: string; email: string } | null) => {
      session.user = who;
      return exportGET(new Request(`http://localhost:3000/api/lead-forms/${form.id}/export?format=csv`), {
        params: Promise.resolve({ id: form.id }),
      });
    };
    const res = await call(user);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/attachment; filename=".+\.csv"/);
    expect(await res.text()).toContain("Asha");
    expect((await call(other)).status).toBe(404);
    expect((await call(null)).status).toBe(401);
    session.user = null;
  });
});

describe("lead form analytics", () => {
  it("adds up views, starts, submissions, spam, conversion, by day and by source", async () => {
    const { businessId, asOwner, form } = await setup();
    await addDailyStats(db, form, "2026-11-01", { views: 40, starts: 10 });
    await addDailyStats(db, form, "2026-11-02", { views: 60, starts: 20 });
    await addDailyStats(db, form, "2026-10-01", { views: 1000 });
    const sub = (day: string, context: Record<string, unknown>, status?: "spam" | "processed") =>
      insertSubmission(db, form, {
        answers: { name: "x" },
        context,
        status,
        createdAt: at(`${day}T12:00:00Z`),
      });
    await sub("2026-11-01", { utm: { utm_source: "instagram" } });
    await sub("2026-11-01", { utm: { utm_source: "instagram" } }, "processed");
    await sub("2026-11-02", { utm: {}, source: "flyer" });
    await sub("2026-11-02", { utm: {}, referrer: "https://www.google.com/" });
    await sub("2026-11-02", { utm: {} });
    await sub("2026-11-02", { utm: { utm_source: "bot" } }, "spam");
    await sub("2026-11-03", { utm: {} }, "spam");

    const a = await asOwner.leadForms.analytics({
      businessId,
      formId: form.id,
      from: "2026-11-01",
      to: "2026-11-03",
    });
    expect(a.totals).toEqual({ views: 100, starts: 30, submissions: 5, spam: 2, conversionRate: 0.05 });
    expect(a.byDay).toEqual([
      { day: "2026-11-01", views: 40, starts: 10, submissions: 2, spam: 0 },
      { day: "2026-11-02", views: 60, starts: 20, submissions: 3, spam: 1 },
      { day: "2026-11-03", views: 0, starts: 0, submissions: 0, spam: 1 },
    ]);
    expect(a.bySource).toEqual([
      { source: "instagram", submissions: 2 },
      { source: "Direct", submissions: 1 },
      { source: "flyer", submissions: 1 },
      { source: "www.google.com", submissions: 1 },
    ]);
    // The default range is the 30 days ending today; a reversed or too long one is refused.
    const recent = await asOwner.leadForms.analytics({ businessId, formId: form.id });
    expect(recent.byDay).toHaveLength(30);
    await expectTRPCError(
      asOwner.leadForms.analytics({ businessId, formId: form.id, from: "2026-11-03", to: "2026-11-01" }),
      "BAD_REQUEST",
    );
    await expectTRPCError(
      asOwner.leadForms.analytics({ businessId, formId: form.id, from: "2024-01-01", to: "2026-11-01" }),
      "BAD_REQUEST",
    );
    // The list shows all-time views and the conversion of accepted submissions.
    const listed = (await asOwner.leadForms.list({ businessId })).data[0]!;
    expect(listed).toMatchObject({ views: 1100, submissionCount: 5 });
    expect(listed.conversionRate).toBeCloseTo(5 / 1100);
  });
});
