import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { activities, customers, tasks } from "@/db/schema";
import { listMyTasks, startOfTomorrow } from "@/server/services/tasks";
import { callerFor, callerForApiKey, expectTRPCError } from "../helpers/caller";
import { testDb } from "../helpers/db";
import { addMember, createApiKeyFor, createBusiness, createUser, type TestUser } from "../helpers/factories";

let db: Db;
beforeAll(async () => {
  db = (await testDb()).db;
});

async function setup(timeZone = "Asia/Kolkata") {
  const owner = await createUser(db, { name: "Tara Owner" });
  const business = await createBusiness(db, { owner, timeZone });
  const [customer] = await db
    .insert(customers)
    .values({ businessId: business.id, name: "Meera Iyer" })
    .returning();
  return { owner, business, customer: customer!, asOwner: callerFor(db, owner) };
}

async function timeline(customerId: string) {
  return db
    .select({ type: activities.type, data: activities.data, actorUserId: activities.actorUserId })
    .from(activities)
    .where(eq(activities.customerId, customerId))
    .orderBy(activities.createdAt);
}

describe("tasks.create / update", () => {
  it("defaults to the creator as assignee, links a customer and records task_created", async () => {
    const { business, customer, owner, asOwner } = await setup();
    const dueAt = new Date("2030-01-15T09:30:00Z");
    const task = await asOwner.tasks.create({
      businessId: business.id,
      title: "  Call about renewal ",
      description: "",
      dueAt,
      reminderAt: new Date("2030-01-15T09:00:00Z"),
      priority: "high",
      customerId: customer.id,
    });
    expect(task).toMatchObject({
      title: "Call about renewal",
      description: null,
      dueAt,
      priority: "high",
      status: "open",
      assigneeId: owner.id,
      createdById: owner.id,
      customerId: customer.id,
      completedAt: null,
    });
    expect(await timeline(customer.id)).toEqual([
      {
        type: "task_created",
        actorUserId: owner.id,
        data: { taskId: task.id, title: "Call about renewal", dueAt: "2030-01-15T09:30:00.000Z" },
      },
    ]);
    const got = await asOwner.tasks.get({ businessId: business.id, taskId: task.id });
    expect(got).toMatchObject({ assigneeName: "Tara Owner", customerName: "Meera Iyer" });

    // No customer: no timeline entry; explicit null: unassigned; ISO strings work as they do over REST.
    const loose = await asOwner.tasks.create({
      businessId: business.id,
      title: "Order stock",
      assigneeId: null,
      dueAt: "2030-02-01T10:00:00+05:30" as unknown as Date,
    });
    expect(loose).toMatchObject({
      assigneeId: null,
      customerId: null,
      dueAt: new Date("2030-02-01T04:30:00Z"),
    });
  });

  it("the assignee must be a member of the business; the customer must be the business's", async () => {
    const { business, customer, asOwner } = await setup();
    const { user: member } = await addMember(db, business, "member");
    const stranger = await createUser(db);
    const other = await setup();
    const assigned = await asOwner.tasks.create({
      businessId: business.id,
      title: "For member",
      assigneeId: member.id,
    });
    expect(assigned.assigneeId).toBe(member.id);
    await expectTRPCError(
      asOwner.tasks.create({ businessId: business.id, title: "x", assigneeId: stranger.id }),
      "BAD_REQUEST",
      { appCode: "VALIDATION", fieldErrors: { assigneeId: "Choose a member of this business." } },
    );
    await expectTRPCError(
      asOwner.tasks.create({ businessId: business.id, title: "x", assigneeId: other.owner.id }),
      "BAD_REQUEST",
      { fieldErrors: { assigneeId: "Choose a member of this business." } },
    );
    await expectTRPCError(
      asOwner.tasks.update({ businessId: business.id, taskId: assigned.id, assigneeId: stranger.id }),
      "BAD_REQUEST",
      { fieldErrors: { assigneeId: expect.any(String) } },
    );
    await expectTRPCError(
      asOwner.tasks.create({ businessId: business.id, title: "x", customerId: other.customer.id }),
      "NOT_FOUND",
    );
    await expectTRPCError(
      asOwner.tasks.create({
        businessId: business.id,
        title: "x",
        customerId: customer.id,
        dueAt: new Date("2030-01-01T10:00:00Z"),
        reminderAt: new Date("2030-01-01T11:00:00Z"),
      }),
      "BAD_REQUEST",
      { fieldErrors: { reminderAt: "Set the reminder before the due time." } },
    );
  });

  it("update changes fields, clears with null and records task_completed when moved to done", async () => {
    const { business, customer, owner, asOwner } = await setup();
    const task = await asOwner.tasks.create({
      businessId: business.id,
      title: "Send quote",
      customerId: customer.id,
    });
    const updated = await asOwner.tasks.update({
      businessId: business.id,
      taskId: task.id,
      title: "Send revised quote",
      dueAt: new Date("2030-03-01T12:00:00Z"),
      status: "in_progress",
    });
    expect(updated).toMatchObject({ title: "Send revised quote", status: "in_progress", completedAt: null });
    const done = await asOwner.tasks.update({ businessId: business.id, taskId: task.id, status: "done" });
    expect(done.completedAt).toBeInstanceOf(Date);
    const cleared = await asOwner.tasks.update({
      businessId: business.id,
      taskId: task.id,
      dueAt: null,
      assigneeId: null,
      status: "open",
    });
    expect(cleared).toMatchObject({ dueAt: null, assigneeId: null, status: "open", completedAt: null });
    // Back from done to open is a reopening.
    expect((await timeline(customer.id)).map((a) => a.type)).toEqual([
      "task_created",
      "task_completed",
      "task_reopened",
    ]);
    expect((await timeline(customer.id))[1]).toMatchObject({
      actorUserId: owner.id,
      data: { taskId: task.id },
    });
    // Cancelled → in progress reopens too; open → in progress does not.
    await asOwner.tasks.update({ businessId: business.id, taskId: task.id, status: "in_progress" });
    await asOwner.tasks.update({ businessId: business.id, taskId: task.id, status: "cancelled" });
    await asOwner.tasks.update({ businessId: business.id, taskId: task.id, status: "in_progress" });
    expect((await timeline(customer.id)).map((a) => a.type)).toEqual([
      "task_created",
      "task_completed",
      "task_reopened",
      "task_reopened",
    ]);
  });

  it("a moved reminder is sent again; other changes keep it sent", async () => {
    const { business, asOwner } = await setup();
    const reminderAt = new Date("2030-05-01T09:00:00Z");
    const task = await asOwner.tasks.create({ businessId: business.id, title: "Remind me", reminderAt });
    const sentAt = new Date("2030-05-01T09:00:05Z");
    const markSent = () => db.update(tasks).set({ reminderSentAt: sentAt }).where(eq(tasks.id, task.id));
    const sentAtNow = async () =>
      (await db.select().from(tasks).where(eq(tasks.id, task.id)))[0]!.reminderSentAt;

    await markSent();
    await asOwner.tasks.update({ businessId: business.id, taskId: task.id, title: "Remind me again" });
    await asOwner.tasks.update({ businessId: business.id, taskId: task.id, reminderAt });
    await asOwner.tasks.update({ businessId: business.id, taskId: task.id, status: "done" });
    await asOwner.tasks.reopen({ businessId: business.id, taskId: task.id });
    expect(await sentAtNow()).toEqual(sentAt);

    await asOwner.tasks.update({
      businessId: business.id,
      taskId: task.id,
      reminderAt: new Date("2030-05-02T09:00:00Z"),
    });
    expect(await sentAtNow()).toBeNull();

    await markSent();
    await asOwner.tasks.update({ businessId: business.id, taskId: task.id, reminderAt: null });
    expect(await sentAtNow()).toBeNull();
  });
});

describe("tasks.complete / reopen", () => {
  it("complete records task_completed once; reopen clears completion and records task_reopened", async () => {
    const { business, customer, owner, asOwner } = await setup();
    const task = await asOwner.tasks.create({
      businessId: business.id,
      title: "Follow up",
      customerId: customer.id,
    });
    const done = await asOwner.tasks.complete({ businessId: business.id, taskId: task.id });
    expect(done).toMatchObject({ status: "done", completedAt: expect.any(Date) });
    const again = await asOwner.tasks.complete({ businessId: business.id, taskId: task.id });
    expect(again.completedAt).toEqual(done.completedAt);
    expect((await timeline(customer.id)).map((a) => a.type)).toEqual(["task_created", "task_completed"]);

    const reopened = await asOwner.tasks.reopen({ businessId: business.id, taskId: task.id });
    expect(reopened).toMatchObject({ status: "open", completedAt: null });
    // Reopening an open task changes nothing and records nothing.
    expect((await asOwner.tasks.reopen({ businessId: business.id, taskId: task.id })).status).toBe("open");
    await asOwner.tasks.complete({ businessId: business.id, taskId: task.id });
    expect((await timeline(customer.id)).map((a) => a.type)).toEqual([
      "task_created",
      "task_completed",
      "task_reopened",
      "task_completed",
    ]);
    expect((await timeline(customer.id))[2]).toEqual({
      type: "task_reopened",
      actorUserId: owner.id,
      data: { taskId: task.id, title: "Follow up", dueAt: null },
    });

    // A cancelled task reopens too; a task without a customer records nothing.
    await asOwner.tasks.update({ businessId: business.id, taskId: task.id, status: "cancelled" });
    await asOwner.tasks.reopen({ businessId: business.id, taskId: task.id });
    expect((await timeline(customer.id)).map((a) => a.type).at(-1)).toBe("task_reopened");
    const loose = await asOwner.tasks.create({ businessId: business.id, title: "Loose", status: "done" });
    expect((await asOwner.tasks.reopen({ businessId: business.id, taskId: loose.id })).status).toBe("open");
    expect((await timeline(customer.id)).map((a) => a.type)).toEqual([
      "task_created",
      "task_completed",
      "task_reopened",
      "task_completed",
      "task_reopened",
    ]);
    expect(await db.select().from(activities).where(eq(activities.businessId, business.id))).toHaveLength(5);
  });

  it("the timeline shows task_reopened through customers.timeline, filterable by type", async () => {
    const { business, customer, asOwner } = await setup();
    const task = await asOwner.tasks.create({
      businessId: business.id,
      title: "Callback",
      customerId: customer.id,
      status: "done",
    });
    await asOwner.tasks.reopen({ businessId: business.id, taskId: task.id });
    const page = await asOwner.customers.timeline({
      businessId: business.id,
      customerId: customer.id,
      types: ["task_reopened"],
    });
    expect(page.data).toEqual([
      expect.objectContaining({
        type: "task_reopened",
        data: expect.objectContaining({ title: "Callback" }),
      }),
    ]);
  });

  it("another business gets NOT_FOUND for every task procedure", async () => {
    const { business, asOwner } = await setup();
    const other = await setup();
    const task = await asOwner.tasks.create({ businessId: business.id, title: "Mine" });
    const b = other.business.id;
    const third = await setup();
    for (const call of [
      () => other.asOwner.tasks.get({ businessId: b, taskId: task.id }),
      () => other.asOwner.tasks.update({ businessId: b, taskId: task.id, title: "x" }),
      () => other.asOwner.tasks.complete({ businessId: b, taskId: task.id }),
      () => other.asOwner.tasks.reopen({ businessId: b, taskId: task.id }),
      () => other.asOwner.tasks.delete({ businessId: b, taskId: task.id }),
      () => other.asOwner.tasks.list({ businessId: b, customerId: third.customer.id }),
    ]) {
      await expectTRPCError(call(), "NOT_FOUND");
    }
    await asOwner.tasks.delete({ businessId: business.id, taskId: task.id });
    await expectTRPCError(asOwner.tasks.get({ businessId: business.id, taskId: task.id }), "NOT_FOUND");
  });
});

describe("tasks.list", () => {
  it("filters by status, assignee, customer and due range, ordered by due time with keyset pages", async () => {
    const { business, customer, owner, asOwner } = await setup();
    const { user: member } = await addMember(db, business, "member");
    const t = (title: string, extra: Record<string, unknown> = {}) =>
      asOwner.tasks.create({ businessId: business.id, title, ...extra });
    await t("no due");
    await t("d3", { dueAt: new Date("2030-01-03T00:00:00Z"), assigneeId: member.id });
    await t("d1", { dueAt: new Date("2030-01-01T00:00:00Z"), customerId: customer.id });
    await t("d2a", { dueAt: new Date("2030-01-02T00:00:00Z") });
    await t("d2b", { dueAt: new Date("2030-01-02T00:00:00Z"), status: "done" });
    await t("no due 2", { assigneeId: null });

    const titles: string[] = [];
    let cursor: string | null | undefined;
    let pages = 0;
    do {
      const page = await asOwner.tasks.list({ businessId: business.id, limit: 2, cursor });
      titles.push(...page.data.map((x) => x.title));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(titles).toHaveLength(6);
    expect(titles[0]).toBe("d1");
    expect(new Set(titles.slice(1, 3))).toEqual(new Set(["d2a", "d2b"]));
    expect(titles[3]).toBe("d3");
    expect(new Set(titles.slice(4))).toEqual(new Set(["no due", "no due 2"]));

    const list = (f: Record<string, unknown>) =>
      asOwner.tasks.list({ businessId: business.id, ...f }).then((r) => r.data.map((x) => x.title).sort());
    expect(await list({ status: ["done"] })).toEqual(["d2b"]);
    expect(await list({ status: ["open", "in_progress"], assigneeId: owner.id })).toEqual([
      "d1",
      "d2a",
      "no due",
    ]);
    expect(await list({ assigneeId: member.id })).toEqual(["d3"]);
    expect(await list({ assigneeId: null })).toEqual(["no due 2"]);
    expect(await list({ customerId: customer.id })).toEqual(["d1"]);
    expect(
      await list({ dueFrom: new Date("2030-01-02T00:00:00Z"), dueTo: new Date("2030-01-03T00:00:00Z") }),
    ).toEqual(["d2a", "d2b"]);
  });
});

describe("My tasks", () => {
  // 2026-03-10T18:45Z is 00:15 on 11 March in Asia/Kolkata (UTC+05:30) but still 10 March in UTC.
  const now = new Date("2026-03-10T18:45:00Z");
  const due = {
    overdue: "2026-03-10T18:00:00Z", // 23:30 IST 10 Mar; 18:00 UTC 10 Mar: overdue in both
    soon: "2026-03-10T20:00:00Z", // 01:30 IST 11 Mar; 20:00 UTC 10 Mar: today in both
    utcLate: "2026-03-10T23:59:59Z", // 05:29 IST 11 Mar; 23:59 UTC 10 Mar: today in both
    afternoon: "2026-03-11T10:00:00Z", // 15:30 IST 11 Mar (today); 11 Mar UTC (upcoming)
    istLast: "2026-03-11T18:29:59Z", // 23:59:59 IST 11 Mar (today); upcoming in UTC
    istNext: "2026-03-11T18:30:00Z", // 00:00 IST 12 Mar: upcoming in both
  };

  async function seed(businessId: string, me: TestUser, other: TestUser) {
    const rows = [
      ...Object.entries(due).map(([title, at]) => ({ title, dueAt: new Date(at), assigneeId: me.id })),
      { title: "undated", dueAt: null, assigneeId: me.id },
      { title: "done", dueAt: new Date(due.soon), assigneeId: me.id, status: "done" as const },
      { title: "cancelled", dueAt: new Date(due.soon), assigneeId: me.id, status: "cancelled" as const },
      { title: "working", dueAt: new Date(due.afternoon), assigneeId: me.id, status: "in_progress" as const },
      { title: "someone else's", dueAt: new Date(due.soon), assigneeId: other.id },
    ];
    await db.insert(tasks).values(rows.map((r) => ({ businessId, ...r })));
  }

  it("buckets around midnight in Asia/Kolkata differently from UTC", async () => {
    const me = await createUser(db);
    const other = await createUser(db);
    const ist = await createBusiness(db, { owner: me, timeZone: "Asia/Kolkata" });
    const utc = await createBusiness(db, { owner: me, timeZone: "UTC" });
    await addMember(db, ist, "member");
    await seed(ist.id, me, other);
    await seed(utc.id, me, other);
    const titles = (xs: { title: string }[]) => xs.map((x) => x.title);

    const inIst = await listMyTasks(db, { businessId: ist.id, userId: me.id, timeZone: "Asia/Kolkata", now });
    expect(titles(inIst.overdue)).toEqual(["overdue"]);
    expect(titles(inIst.today)).toEqual([
      "soon",
      "utcLate",
      ...sortedTies(inIst.today, ["afternoon", "working"]),
      "istLast",
    ]);
    expect(titles(inIst.upcoming)).toEqual(["istNext", "undated"]);
    expect(inIst.counts).toEqual({ overdue: 1, today: 5, upcoming: 2 });
    expect(inIst.todayEndsAt).toEqual(new Date("2026-03-11T18:30:00Z"));

    const inUtc = await listMyTasks(db, { businessId: utc.id, userId: me.id, timeZone: "UTC", now });
    expect(titles(inUtc.overdue)).toEqual(["overdue"]);
    expect(titles(inUtc.today)).toEqual(["soon", "utcLate"]);
    expect(titles(inUtc.upcoming)).toEqual([
      ...sortedTies(inUtc.upcoming, ["afternoon", "working"]),
      "istLast",
      "istNext",
      "undated",
    ]);
    expect(inUtc.counts).toEqual({ overdue: 1, today: 2, upcoming: 5 });
    expect(inUtc.todayEndsAt).toEqual(new Date("2026-03-11T00:00:00Z"));

    // One second before midnight IST, 11 March (IST) is still "upcoming" there.
    const before = await listMyTasks(db, {
      businessId: ist.id,
      userId: me.id,
      timeZone: "Asia/Kolkata",
      now: new Date("2026-03-10T18:29:59Z"),
    });
    expect(titles(before.overdue)).toEqual(["overdue"]);
    expect(titles(before.today)).toEqual([]);
    expect(titles(before.upcoming).slice(0, 2)).toEqual(["soon", "utcLate"]);
    expect(before.counts).toEqual({ overdue: 1, today: 0, upcoming: 7 });
  });

  it("the end of today follows daylight saving time", () => {
    // New York: 23:30 EST on 7 March 2026; the next day starts at 05:00Z. On 8 March (EDT) the next day
    // starts at 04:00Z.
    expect(startOfTomorrow(new Date("2026-03-08T04:30:00Z"), "America/New_York")).toEqual(
      new Date("2026-03-08T05:00:00Z"),
    );
    expect(startOfTomorrow(new Date("2026-03-08T12:00:00Z"), "America/New_York")).toEqual(
      new Date("2026-03-09T04:00:00Z"),
    );
  });

  it("tasks.mine answers for the signed-in user in the business's time zone; API keys are refused", async () => {
    const { business, owner, asOwner } = await setup("Asia/Kolkata");
    const day = 24 * 60 * 60 * 1000;
    await asOwner.tasks.create({ businessId: business.id, title: "late", dueAt: new Date(Date.now() - day) });
    await asOwner.tasks.create({
      businessId: business.id,
      title: "later",
      dueAt: new Date(Date.now() + 3 * day),
    });
    await asOwner.tasks.create({ businessId: business.id, title: "whenever" });
    const { user: member } = await addMember(db, business, "member");
    await asOwner.tasks.create({ businessId: business.id, title: "theirs", assigneeId: member.id });
    const mine = await asOwner.tasks.mine({ businessId: business.id });
    expect(mine.timeZone).toBe("Asia/Kolkata");
    expect(mine.overdue.map((t) => t.title)).toEqual(["late"]);
    expect(mine.today).toEqual([]);
    expect(mine.upcoming.map((t) => t.title)).toEqual(["later", "whenever"]);
    expect(mine.upcoming.every((t) => t.assigneeId === owner.id)).toBe(true);
    const theirs = await callerFor(db, member).tasks.mine({ businessId: business.id });
    expect(theirs.upcoming.map((t) => t.title)).toEqual(["theirs"]);
    const key = await createApiKeyFor(db, business);
    await expectTRPCError(callerForApiKey(db, key).tasks.mine({}), "FORBIDDEN");
  });
});

/** The titles of `names` in the order they appear in `bucket` (same due time: ordered by random id). */
function sortedTies(bucket: { title: string }[], names: string[]): string[] {
  return bucket.map((t) => t.title).filter((t) => names.includes(t));
}
