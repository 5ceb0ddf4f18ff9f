import { randomUUID } from "node:crypto";
import { parse as parseCsv } from "csv-parse/sync";
import { and, eq, sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { GET as exportGET, POST as exportPOST } from "@/app/api/customers/export/route";
import { exportColumnsFor } from "@/components/customers/list/columns";
import {
  DEFAULT_LIST_STATE,
  isBareViewLink,
  listSearchParams,
  panelFromUnknown,
  parseListParams,
} from "@/components/customers/list/list-state";
import type { Db } from "@/db/client";
import { activities, customers, tasks } from "@/db/schema";
import type { SessionUser } from "@/server/api/trpc";
import { BULK_TASK_MAX, customerFilterFromUnknown } from "@/server/domain/customers";
import { exportCustomers } from "@/server/services/customers";
import { callerFor, callerForApiKey, expectTRPCError } from "../helpers/caller";
import { testDb } from "../helpers/db";
import { addMember, createApiKeyFor, createBusiness, createUser, type TestUser } from "../helpers/factories";

// The export route reads the Auth.js session through `getSessionUser`; tests choose who is signed in.
const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/server/auth", () => ({ getSessionUser: async () => session.user }));

let db: Db;
beforeAll(async () => {
  db = (await testDb()).db;
});
beforeEach(() => {
  session.user = null;
});

function signIn(user: TestUser | null) {
  session.user = user && { id: user.id, email: user.email, name: user.name, isPlatformAdmin: false };
}

async function setup() {
  const owner = await createUser(db, { name: "Asha Owner" });
  const business = await createBusiness(db, { owner });
  const caller = callerFor(db, owner);
  const businessId = business.id;
  const create = (input: { name: string; source?: string; tags?: string[]; email?: string }) =>
    caller.customers.create({ businessId, ...input });
  return { owner, business, businessId, caller, create };
}

async function tasksOf(businessId: string) {
  return db.select().from(tasks).where(eq(tasks.businessId, businessId));
}

async function taskActivitiesOf(customerId: string) {
  return db
    .select()
    .from(activities)
    .where(and(eq(activities.customerId, customerId), eq(activities.type, "task_created")));
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  return Buffer.from(await new Response(stream).arrayBuffer());
}

const csvRows = (text: string): string[][] => parseCsv(text.replace(/^\uFEFF/, ""), { bom: true });

describe("customers.bulkCreateTask", () => {
  it("creates one task per selected customer, linked, with a task_created activity on each timeline", async () => {
    const s = await setup();
    const { user: member } = await addMember(db, s.business, "member", { name: "Ravi Member" });
    const a = await s.create({ name: "A" });
    const b = await s.create({ name: "B" });
    const c = await s.create({ name: "C" });
    const longAgo = new Date("2020-01-01T00:00:00Z");
    await db.update(customers).set({ lastActivityAt: longAgo }).where(eq(customers.id, a.id));
    const dueAt = new Date("2030-03-05T04:30:00.000Z");
    const reminderAt = new Date("2030-03-05T03:30:00.000Z");

    const r = await s.caller.customers.bulkCreateTask({
      businessId: s.businessId,
      customerIds: [a.id, b.id, a.id],
      title: "  Call about the Diwali offer ",
      dueAt,
      reminderAt,
      priority: "high",
      assigneeId: member.id,
    });
    expect(r.affected).toBe(2);

    const created = await tasksOf(s.businessId);
    expect(created.map((t) => t.customerId).sort()).toEqual([a.id, b.id].sort());
    for (const t of created) {
      expect(t).toMatchObject({
        title: "Call about the Diwali offer",
        dueAt,
        reminderAt,
        priority: "high",
        status: "open",
        assigneeId: member.id,
        createdById: s.owner.id,
        completedAt: null,
        reminderSentAt: null,
      });
    }
    for (const customer of [a, b]) {
      const task = created.find((t) => t.customerId === customer.id)!;
      const timeline = await s.caller.customers.timeline({
        businessId: s.businessId,
        customerId: customer.id,
      });
      const entry = timeline.data.find((t) => t.type === "task_created");
      expect(entry?.data).toEqual({
        taskId: task.id,
        title: "Call about the Diwali offer",
        dueAt: dueAt.toISOString(),
      });
      expect(entry?.actorUserId).toBe(s.owner.id);
    }
    expect(await taskActivitiesOf(c.id)).toHaveLength(0);
    const [after] = await db.select().from(customers).where(eq(customers.id, a.id));
    expect(after!.lastActivityAt.getTime()).toBeGreaterThan(Date.now() - 60_000);

    // The tasks show where tasks are read: the customer's task list.
    const listed = await s.caller.tasks.list({ businessId: s.businessId, customerId: a.id });
    expect(listed.data.map((t) => t.title)).toEqual(["Call about the Diwali offer"]);
  });

  it("assigns the caller when no assignee is given, and nobody with null; defaults to normal priority", async () => {
    const s = await setup();
    const a = await s.create({ name: "A" });
    await s.caller.customers.bulkCreateTask({ businessId: s.businessId, customerIds: [a.id], title: "Mine" });
    await s.caller.customers.bulkCreateTask({
      businessId: s.businessId,
      customerIds: [a.id],
      title: "Nobody's",
      assigneeId: null,
    });
    const rows = await tasksOf(s.businessId);
    expect(rows.find((t) => t.title === "Mine")).toMatchObject({
      assigneeId: s.owner.id,
      priority: "normal",
      dueAt: null,
      reminderAt: null,
    });
    expect(rows.find((t) => t.title === "Nobody's")!.assigneeId).toBeNull();
    expect((await taskActivitiesOf(a.id)).map((x) => x.data.dueAt)).toEqual([null, null]);
  });

  it("applies to all live customers matching a filter, never to the Trash", async () => {
    const s = await setup();
    const walk1 = await s.create({ name: "Walk 1", source: "walk-in" });
    const walk2 = await s.create({ name: "Walk 2", source: "walk-in" });
    const web = await s.create({ name: "Web", source: "website" });
    const trashed = await s.create({ name: "Walk gone", source: "walk-in" });
    await s.caller.customers.delete({ businessId: s.businessId, customerId: trashed.id });

    const r = await s.caller.customers.bulkCreateTask({
      businessId: s.businessId,
      filter: { sources: ["walk-in"] },
      title: "Visit follow-up",
    });
    expect(r.affected).toBe(2);
    expect((await tasksOf(s.businessId)).map((t) => t.customerId).sort()).toEqual(
      [walk1.id, walk2.id].sort(),
    );
    expect(await taskActivitiesOf(web.id)).toHaveLength(0);
    expect(await taskActivitiesOf(trashed.id)).toHaveLength(0);

    // A selection naming a customer in the Trash skips it (it is still this business's: no error).
    const again = await s.caller.customers.bulkCreateTask({
      businessId: s.businessId,
      customerIds: [web.id, trashed.id],
      title: "Second",
    });
    expect(again.affected).toBe(1);
    expect(
      (await tasksOf(s.businessId)).filter((t) => t.title === "Second").map((t) => t.customerId),
    ).toEqual([web.id]);
  });

  it("answers a field error for an assignee who is not a member, and creates nothing", async () => {
    const s = await setup();
    const a = await s.create({ name: "A" });
    const stranger = await createUser(db);
    const other = await setup();
    for (const assigneeId of [stranger.id, other.owner.id]) {
      await expectTRPCError(
        s.caller.customers.bulkCreateTask({
          businessId: s.businessId,
          customerIds: [a.id],
          title: "Call",
          assigneeId,
        }),
        "BAD_REQUEST",
        { appCode: "VALIDATION", fieldErrors: { assigneeId: "Choose a member of this business." } },
      );
    }
    expect(await tasksOf(s.businessId)).toHaveLength(0);
    expect(await taskActivitiesOf(a.id)).toHaveLength(0);
  });

  it("checks the title, the reminder against the due time, and the selection shape at the field", async () => {
    const s = await setup();
    const a = await s.create({ name: "A" });
    await expectTRPCError(
      s.caller.customers.bulkCreateTask({ businessId: s.businessId, customerIds: [a.id], title: "  " }),
      "BAD_REQUEST",
      { fieldErrors: { title: "Give the task a title." } },
    );
    await expectTRPCError(
      s.caller.customers.bulkCreateTask({
        businessId: s.businessId,
        customerIds: [a.id],
        title: "Call",
        dueAt: new Date("2030-01-01T10:00:00Z"),
        reminderAt: new Date("2030-01-01T11:00:00Z"),
      }),
      "BAD_REQUEST",
      { fieldErrors: { reminderAt: "Set the reminder before the due time." } },
    );
    await expectTRPCError(
      s.caller.customers.bulkCreateTask({ businessId: s.businessId, title: "Call" }),
      "BAD_REQUEST",
      { fieldErrors: { customerIds: "Give either customerIds or filter." } },
    );
    await expectTRPCError(
      s.caller.customers.bulkCreateTask({
        businessId: s.businessId,
        customerIds: Array.from({ length: BULK_TASK_MAX + 1 }, () => randomUUID()),
        title: "Call",
      }),
      "BAD_REQUEST",
      { fieldErrors: { customerIds: expect.any(String) } },
    );
    expect(await tasksOf(s.businessId)).toHaveLength(0);
  });

  it("refuses all matching beyond 10,000 customers whole, and says so", async () => {
    const s = await setup();
    await db.insert(customers).values(
      Array.from({ length: BULK_TASK_MAX + 1 }, (_, i) => ({
        businessId: s.businessId,
        name: `Bulk ${i}`,
      })),
    );
    await expectTRPCError(
      s.caller.customers.bulkCreateTask({ businessId: s.businessId, filter: {}, title: "Too many" }),
      "BAD_REQUEST",
      { appCode: "VALIDATION", message: /at most 10,000 customers at a time/ },
    );
    expect(await tasksOf(s.businessId)).toHaveLength(0);
    const [n] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(activities)
      .where(and(eq(activities.businessId, s.businessId), eq(activities.type, "task_created")));
    expect(n!.n).toBe(0);
  });

  it("by API key: the task has no creator and, unless named, no assignee", async () => {
    const s = await setup();
    const a = await s.create({ name: "A" });
    const key = await createApiKeyFor(db, s.business);
    const r = await callerForApiKey(db, key).customers.bulkCreateTask({
      businessId: s.businessId,
      customerIds: [a.id],
      title: "From the API",
    });
    expect(r.affected).toBe(1);
    const [task] = await tasksOf(s.businessId);
    expect(task).toMatchObject({ title: "From the API", assigneeId: null, createdById: null });
  });

  it("a member may create tasks in bulk (tasks.write)", async () => {
    const s = await setup();
    const { user } = await addMember(db, s.business, "member");
    const a = await s.create({ name: "A" });
    const r = await callerFor(db, user).customers.bulkCreateTask({
      businessId: s.businessId,
      customerIds: [a.id],
      title: "Member's task",
    });
    expect(r.affected).toBe(1);
    expect((await tasksOf(s.businessId))[0]).toMatchObject({ assigneeId: user.id, createdById: user.id });
  });
});

describe("bulkCreateTask across businesses", () => {
  it("another business's ids are NOT_FOUND and nothing is created in either business", async () => {
    const a = await setup();
    const b = await setup();
    const mine = await a.create({ name: "A's customer", tags: ["x"] });
    const theirs = await b.create({ name: "B's customer", tags: ["x"] });
    await expectTRPCError(
      a.caller.customers.bulkCreateTask({
        businessId: a.businessId,
        customerIds: [theirs.id],
        title: "Steal",
      }),
      "NOT_FOUND",
    );
    await expectTRPCError(
      a.caller.customers.bulkCreateTask({
        businessId: a.businessId,
        customerIds: [mine.id, theirs.id],
        title: "Steal",
      }),
      "NOT_FOUND",
    );
    // Another business's ids with another business's member as assignee: still NOT_FOUND, not a hint.
    await expectTRPCError(
      a.caller.customers.bulkCreateTask({
        businessId: a.businessId,
        customerIds: [theirs.id],
        title: "Steal",
        assigneeId: b.owner.id,
      }),
      "NOT_FOUND",
    );
    // Naming business B outright.
    await expectTRPCError(
      a.caller.customers.bulkCreateTask({
        businessId: b.businessId,
        customerIds: [theirs.id],
        title: "Steal",
      }),
      "NOT_FOUND",
    );
    expect(await tasksOf(a.businessId)).toHaveLength(0);
    expect(await tasksOf(b.businessId)).toHaveLength(0);
    expect(await taskActivitiesOf(theirs.id)).toHaveLength(0);

    // "All matching" never reaches another business.
    const r = await a.caller.customers.bulkCreateTask({
      businessId: a.businessId,
      filter: { tags: { any: ["x"] } },
      title: "Mine only",
    });
    expect(r.affected).toBe(1);
    expect((await tasksOf(a.businessId)).map((t) => t.customerId)).toEqual([mine.id]);
    expect(await tasksOf(b.businessId)).toHaveLength(0);
  });
});

describe("export of a selection", () => {
  async function exportSetup() {
    const s = await setup();
    const asha = await s.create({ name: "Asha", email: "asha@example.com", tags: ["vip"] });
    const ravi = await s.create({ name: "Ravi", email: "ravi@example.com" });
    const meera = await s.create({ name: "Meera", email: "meera@example.com" });
    return { ...s, asha, ravi, meera };
  }

  it("the service exports only the selected ids, with the columns in the order given", async () => {
    const s = await exportSetup();
    const file = await exportCustomers(
      db,
      s.businessId,
      { customerIds: [s.meera.id, s.asha.id], sort: { field: "name", direction: "asc" } },
      { format: "csv", columns: ["email", "name", "tags"] },
    );
    expect(csvRows((await readAll(file.stream)).toString("utf8"))).toEqual([
      ["Email", "Name", "Tags"],
      ["asha@example.com", "Asha", "vip"],
      ["meera@example.com", "Meera", ""],
    ]);
    const other = await setup();
    const stranger = await other.create({ name: "Stranger" });
    await expect(
      exportCustomers(db, s.businessId, { customerIds: [s.asha.id, stranger.id] }, { format: "csv" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("maps the list's visible columns to export columns: Name first, Owner as the owner's email", () => {
    expect(exportColumnsFor(["email", "owner", "custom:spend", "tags"])).toEqual([
      "name",
      "email",
      "ownerEmail",
      "custom:spend",
      "tags",
    ]);
  });

  function postExport(body: unknown, headers: Record<string, string> = {}) {
    return exportPOST(
      new Request("http://localhost/api/customers/export", {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: typeof body === "string" ? body : JSON.stringify(body),
      }),
    );
  }

  it("POST /api/customers/export streams the selection as CSV or XLSX with the visible columns", async () => {
    const s = await exportSetup();
    signIn(s.owner);
    const columns = exportColumnsFor(["email", "tags"]);
    const res = await postExport({
      businessId: s.businessId,
      format: "csv",
      ids: [s.ravi.id, s.asha.id],
      columns,
      sort: "name",
      direction: "desc",
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="customers-.+\.csv"$/);
    expect(csvRows(await res.text())).toEqual([
      ["Name", "Email", "Tags"],
      ["Ravi", "ravi@example.com", ""],
      ["Asha", "asha@example.com", "vip"],
    ]);

    const xlsx = await postExport({
      slug: s.business.slug,
      format: "xlsx",
      ids: [s.meera.id],
      columns: ["name", "email"],
    });
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await xlsx.arrayBuffer()) as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(["Name", "Email"]);
    expect((sheet.getRow(2).values as unknown[]).slice(1)).toEqual(["Meera", "meera@example.com"]);
    expect(sheet.rowCount).toBe(2);
  });

  it("GET with ids exports the selection too (short selections)", async () => {
    const s = await exportSetup();
    signIn(s.owner);
    const res = await exportGET(
      new Request(
        `http://localhost/api/customers/export?businessId=${s.businessId}&ids=${s.asha.id},${s.ravi.id}&columns=name&sort=name&direction=asc`,
      ),
    );
    expect(res.status).toBe(200);
    expect(csvRows(await res.text())).toEqual([["Name"], ["Asha"], ["Ravi"]]);
  });

  it("scopes ids to the business: another business's id answers 404 and no file", async () => {
    const s = await exportSetup();
    const other = await setup();
    const stranger = await other.create({ name: "Stranger" });
    signIn(s.owner);
    const mixed = await postExport({ businessId: s.businessId, ids: [s.asha.id, stranger.id] });
    expect(mixed.status).toBe(404);
    expect(await mixed.json()).toMatchObject({ code: "NOT_FOUND" });
    const viaGet = await exportGET(
      new Request(`http://localhost/api/customers/export?businessId=${s.businessId}&ids=${stranger.id}`),
    );
    expect(viaGet.status).toBe(404);
    // Naming the other business itself: not a member.
    const theirs = await postExport({ businessId: other.businessId, ids: [stranger.id] });
    expect(theirs.status).toBe(404);
  });

  it("refuses a signed-out caller, a cross-site request, a body that is not JSON, and bad ids", async () => {
    const s = await exportSetup();
    const body = { businessId: s.businessId, ids: [s.asha.id] };
    expect((await postExport(body)).status).toBe(401);

    signIn(s.owner);
    expect((await postExport(body, { "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect((await postExport(body, { "content-type": "text/plain" })).status).toBe(400);
    expect((await postExport("{not json")).status).toBe(400);

    const badId = await postExport({ businessId: s.businessId, ids: ["not-an-id"] });
    expect(badId.status).toBe(422);
    expect(await badId.json()).toMatchObject({ issues: { ids: "Not a customer id." } });
    const tooMany = await postExport({
      businessId: s.businessId,
      ids: Array.from({ length: 10_001 }, () => randomUUID()),
    });
    expect(tooMany.status).toBe(422);
    expect(await tooMany.json()).toMatchObject({ issues: { ids: "Too many." } });
    const badColumn = await postExport({ ...body, columns: ["name", "password"] });
    expect(badColumn.status).toBe(422);
  });
});

describe("the list's URL state", () => {
  it("round-trips search, filter, sort, view and Trash, leaving defaults out", () => {
    const viewId = randomUUID();
    const state = {
      search: "sharma",
      panel: { tags: { any: ["vip"] }, lifecycleStages: ["lead" as const], hasEmail: true },
      sort: { field: "name" as const, direction: "asc" as const },
      viewId,
      trash: true,
    };
    const params = listSearchParams(state);
    expect([...params.keys()]).toEqual(["q", "filter", "sort", "dir", "view", "trash"]);
    expect(parseListParams(params)).toEqual(state);
    expect(listSearchParams(DEFAULT_LIST_STATE).toString()).toBe("");
    expect(parseListParams(new URLSearchParams())).toEqual(DEFAULT_LIST_STATE);
    // Parameters the list does not own are kept.
    expect(listSearchParams(DEFAULT_LIST_STATE, new URLSearchParams("utm=mail&q=old")).toString()).toBe(
      "utm=mail",
    );
  });

  it("ignores malformed parameters one by one instead of failing", () => {
    const params = new URLSearchParams({
      q: "x".repeat(201),
      filter: JSON.stringify({ hasPhone: true, deleted: true, search: "sneaky", unknownKey: 1 }),
      sort: "password",
      dir: "sideways",
      view: "not-a-uuid",
      trash: "maybe",
    });
    expect(parseListParams(params)).toEqual({ ...DEFAULT_LIST_STATE, panel: { hasPhone: true } });
    expect(parseListParams(new URLSearchParams("filter=%7Bnot-json&sort=name&dir=up"))).toEqual({
      ...DEFAULT_LIST_STATE,
      sort: { field: "name", direction: "asc" },
    });
    expect(parseListParams(new URLSearchParams("filter=[1,2]&sort=createdAt")).panel).toEqual({});
    expect(panelFromUnknown(null)).toEqual({});
  });

  it("validates a URL's or a saved view's filter condition by condition against the filter schema", () => {
    const raw = {
      lifecycleStages: ["lead", "nonsense"],
      hasPhone: true,
      sources: "not-a-list",
      tags: { any: ["vip"] },
      search: " asha ",
      unknownKey: 1,
    };
    expect(customerFilterFromUnknown(raw)).toEqual({
      hasPhone: true,
      tags: { any: ["vip"] },
      search: "asha",
    });
    expect(panelFromUnknown(customerFilterFromUnknown(raw))).toEqual({
      hasPhone: true,
      tags: { any: ["vip"] },
    });
    expect(customerFilterFromUnknown("nope")).toEqual({});
  });

  it("recognises a link that names only a saved view", () => {
    const id = randomUUID();
    expect(isBareViewLink(new URLSearchParams(`view=${id}`))).toBe(true);
    expect(isBareViewLink(new URLSearchParams(`view=${id}&trash=1`))).toBe(true);
    expect(isBareViewLink(new URLSearchParams(`view=${id}&q=asha`))).toBe(false);
    expect(isBareViewLink(new URLSearchParams("view=nope"))).toBe(false);
  });

  it("a shared URL's filter selects the same customers through the list procedure", async () => {
    const s = await setup();
    await s.create({ name: "Asha Sharma", tags: ["vip"] });
    await s.create({ name: "Ravi Sharma" });
    await s.create({ name: "Meera Vip", tags: ["vip"] });
    const url = new URLSearchParams(
      listSearchParams({
        ...DEFAULT_LIST_STATE,
        search: "sharma",
        panel: { tags: { any: ["vip"] } },
        sort: { field: "name", direction: "desc" },
      }).toString(),
    );
    const state = parseListParams(url);
    const page = await s.caller.customers.list({
      businessId: s.businessId,
      filter: { ...state.panel, search: state.search },
      sort: state.sort,
    });
    expect(page.data.map((c) => c.name)).toEqual(["Asha Sharma"]);
  });
});
