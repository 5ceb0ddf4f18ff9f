import { randomInt } from "node:crypto";
import { InngestTestEngine, mockCtx } from "@inngest/test";
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { businessMembers, customers, emailMessages, jobRuns, tasks } from "@/db/schema";
import { sendTaskReminders, taskReminderSettings } from "@/server/jobs/functions/tasks/send-task-reminders";
import { startLocalDriver, stopLocalDriver } from "@/server/jobs/local";
import type { LocalDriver } from "@/server/jobs/local/driver";
import {
  type ClaimedReminder,
  claimDueReminders,
  queueTaskReminders,
  reminderUrl,
} from "@/server/services/tasks/reminders";
import { startCronDriver } from "../helpers/cron-driver";
import { testDb } from "../helpers/db";
import { addMember, createBusiness, createUser, type TestUser } from "../helpers/factories";
import { type FakeResend, startFakeResend } from "../helpers/fake-resend";

let db: Db;
let fake: FakeResend;
const drivers: LocalDriver[] = [];
const savedSettings = { ...taskReminderSettings };

beforeAll(async () => {
  db = (await testDb()).db;
  fake = await startFakeResend();
  delete process.env.RESEND_API_KEY;
  delete process.env.INNGEST_EVENT_KEY;
  delete process.env.INNGEST_DEV;
  // The process-wide driver delivers queued emails (send-email); no periodic sweeps.
  await startLocalDriver({ sweepIntervalMs: 0 });
});

afterAll(async () => {
  await stopLocalDriver();
  await fake.close();
  delete process.env.RESEND_API_KEY;
  delete process.env.RESEND_BASE_URL;
});

beforeEach(() => fake.reset());

afterEach(async () => {
  for (const d of drivers.splice(0)) await d.stop();
  Object.assign(taskReminderSettings, savedSettings);
  delete process.env.RESEND_API_KEY;
  delete process.env.RESEND_BASE_URL;
});

const minute = 60_000;
const ago = (ms: number) => new Date(Date.now() - ms);

async function setup(timeZone = "Asia/Kolkata") {
  const owner = await createUser(db, { name: "Tara Owner" });
  const business = await createBusiness(db, { owner, timeZone, name: "Sharma Dental" });
  const [customer] = await db
    .insert(customers)
    .values({ businessId: business.id, name: "Meera Iyer" })
    .returning();
  return { owner, business, customer: customer! };
}

type TaskValues = Partial<typeof tasks.$inferInsert> & { title: string };

async function insertTasks(businessId: string, owner: TestUser, rows: TaskValues[]) {
  const inserted = await db
    .insert(tasks)
    .values(rows.map((r) => ({ businessId, assigneeId: owner.id, createdById: owner.id, ...r })))
    .returning();
  return Object.fromEntries(inserted.map((t) => [t.title, t]));
}

async function sentAtOf(ids: string[]) {
  const rows = await db
    .select({ title: tasks.title, reminderSentAt: tasks.reminderSentAt })
    .from(tasks)
    .where(inArray(tasks.id, ids));
  return Object.fromEntries(rows.map((r) => [r.title, r.reminderSentAt]));
}

async function emailsTo(to: string) {
  return db.select().from(emailMessages).where(eq(emailMessages.to, to)).orderBy(emailMessages.createdAt);
}

async function deliveries() {
  await (await startLocalDriver()).idle();
}

describe("claimDueReminders", () => {
  // A fixed "now" far in the past keeps these claims to the tasks made here.
  const now = new Date("2000-03-01T12:00:00Z");

  it("claims due reminders of open and in-progress tasks, oldest first, and never twice", async () => {
    const { owner, business, customer } = await setup();
    const t = await insertTasks(business.id, owner, [
      {
        title: "due",
        reminderAt: new Date("2000-03-01T10:00:00Z"),
        dueAt: new Date("2000-03-01T13:00:00Z"),
        customerId: customer.id,
        priority: "high",
      },
      { title: "older", reminderAt: new Date("2000-02-01T10:00:00Z"), status: "in_progress" },
      { title: "exactly now", reminderAt: now },
      { title: "future", reminderAt: new Date("2000-03-01T12:01:00Z") },
      { title: "done", reminderAt: new Date("2000-02-01T10:00:00Z"), status: "done" },
      { title: "cancelled", reminderAt: new Date("2000-02-01T10:00:00Z"), status: "cancelled" },
      {
        title: "already sent",
        reminderAt: new Date("2000-02-01T10:00:00Z"),
        reminderSentAt: new Date("2000-02-01T10:00:30Z"),
      },
      { title: "no reminder", dueAt: new Date("2000-02-01T10:00:00Z") },
    ]);

    const claimed = await claimDueReminders(db, { now, businessId: business.id });

    expect(claimed.map((c) => c.title)).toEqual(["older", "due", "exactly now"]);
    expect(claimed[1]).toEqual({
      taskId: t.due!.id,
      businessId: business.id,
      businessName: "Sharma Dental",
      businessSlug: business.slug,
      timeZone: "Asia/Kolkata",
      title: "due",
      dueAt: "2000-03-01T13:00:00.000Z",
      reminderAt: "2000-03-01T10:00:00.000Z",
      priority: "high",
      customerId: customer.id,
      customerName: "Meera Iyer",
      claimedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      recipient: { userId: owner.id, email: owner.email, name: "Tara Owner", channels: ["email", "push"] },
      skipReason: null,
    } satisfies ClaimedReminder);
    const sent = await sentAtOf(Object.values(t).map((x) => x.id));
    expect(sent.due).toBeInstanceOf(Date);
    expect(sent.older).toBeInstanceOf(Date);
    expect(sent["exactly now"]).toBeInstanceOf(Date);
    expect(sent.future).toBeNull();
    expect(sent.done).toBeNull();
    expect(sent.cancelled).toBeNull();
    expect(sent["no reminder"]).toBeNull();
    expect(sent["already sent"]).toEqual(new Date("2000-02-01T10:00:30Z"));

    // A second run finds nothing; a minute later the "future" one is due.
    expect(await claimDueReminders(db, { now, businessId: business.id })).toEqual([]);
    const later = await claimDueReminders(db, {
      now: new Date(now.getTime() + minute),
      businessId: business.id,
    });
    expect(later.map((c) => c.title)).toEqual(["future"]);
  });

  it("claims across businesses and leaves other businesses' future reminders alone", async () => {
    const a = await setup();
    const b = await setup("UTC");
    const ta = await insertTasks(a.business.id, a.owner, [
      { title: "a due", reminderAt: new Date("1999-06-01T08:00:00Z") },
    ]);
    const tb = await insertTasks(b.business.id, b.owner, [
      { title: "b due", reminderAt: new Date("1999-06-01T09:00:00Z") },
      { title: "b future", reminderAt: new Date("2999-01-01T00:00:00Z") },
    ]);

    const claimed = await claimDueReminders(db, { now: new Date("1999-07-01T00:00:00Z") });

    const mine = claimed.filter((c) => c.businessId === a.business.id || c.businessId === b.business.id);
    expect(mine.map((c) => [c.title, c.timeZone])).toEqual([
      ["a due", "Asia/Kolkata"],
      ["b due", "UTC"],
    ]);
    expect(claimed.some((c) => c.taskId === tb["b future"]!.id)).toBe(false);
    const sent = await sentAtOf([ta["a due"]!.id, tb["b due"]!.id, tb["b future"]!.id]);
    expect(sent["b future"]).toBeNull();
  });

  it("takes at most `limit` per claim, the oldest first", async () => {
    const { owner, business } = await setup();
    await insertTasks(business.id, owner, [
      { title: "third", reminderAt: new Date("2000-01-03T00:00:00Z") },
      { title: "first", reminderAt: new Date("2000-01-01T00:00:00Z") },
      { title: "second", reminderAt: new Date("2000-01-02T00:00:00Z") },
    ]);
    const opts = { now, businessId: business.id, limit: 2 };
    expect((await claimDueReminders(db, opts)).map((c) => c.title)).toEqual(["first", "second"]);
    expect((await claimDueReminders(db, opts)).map((c) => c.title)).toEqual(["third"]);
    expect(await claimDueReminders(db, opts)).toEqual([]);
  });

  it("two claims at the same time never take the same task", async () => {
    const { owner, business } = await setup();
    const rows = Array.from({ length: 20 }, (_, i) => ({
      title: `t${i}`,
      reminderAt: new Date(Date.UTC(2000, 0, 1, 0, i)),
    }));
    await insertTasks(business.id, owner, rows);
    const opts = { now, businessId: business.id, limit: 15 };
    const [x, y] = await Promise.all([claimDueReminders(db, opts), claimDueReminders(db, opts)]);
    const ids = [...x!, ...y!].map((c) => c.taskId);
    expect(ids).toHaveLength(20);
    expect(new Set(ids).size).toBe(20);
  });

  it("sends to the creator when unassigned; keeps a reminder with nobody to tell claimed, with the reason", async () => {
    const { owner, business } = await setup();
    const { user: member } = await addMember(db, business, "member");
    const { user: leaver } = await addMember(db, business, "member");
    await db
      .delete(businessMembers)
      .where(and(eq(businessMembers.businessId, business.id), eq(businessMembers.userId, leaver.id)));
    const reminderAt = new Date("2000-01-01T00:00:00Z");
    const t = await insertTasks(business.id, owner, [
      { title: "for member", reminderAt, assigneeId: member.id },
      { title: "unassigned", reminderAt, assigneeId: null },
      { title: "nobody", reminderAt, assigneeId: null, createdById: null },
      { title: "left the business", reminderAt, assigneeId: leaver.id },
    ]);

    const claimed = await claimDueReminders(db, { now, businessId: business.id });
    const byTitle = Object.fromEntries(claimed.map((c) => [c.title, c]));

    expect(byTitle["for member"]).toMatchObject({ recipient: { userId: member.id, email: member.email } });
    expect(byTitle.unassigned).toMatchObject({ recipient: { userId: owner.id }, skipReason: null });
    expect(byTitle.nobody).toMatchObject({ recipient: null, skipReason: "no_recipient" });
    expect(byTitle["left the business"]).toMatchObject({ recipient: null, skipReason: "not_a_member" });
    const sent = await sentAtOf(Object.values(t).map((x) => x.id));
    expect(Object.values(sent).every((v) => v instanceof Date)).toBe(true);

    const result = await queueTaskReminders(db, claimed);
    expect(result.queued.map((q) => q.taskId).sort()).toEqual([t["for member"]!.id, t.unassigned!.id].sort());
    expect(result.skipped).toEqual(
      expect.arrayContaining([
        { taskId: t.nobody!.id, reason: "no_recipient" },
        { taskId: t["left the business"]!.id, reason: "not_a_member" },
      ]),
    );
    expect(await emailsTo(leaver.email)).toHaveLength(0);
    await deliveries();
  });
});

describe("queueTaskReminders", () => {
  it("queues one task-reminder email per task, with the due time in the business's time zone", async () => {
    const { owner, business, customer } = await setup("Asia/Kolkata");
    const t = await insertTasks(business.id, owner, [
      {
        title: "Call about renewal",
        reminderAt: new Date("2000-01-15T03:30:00Z"),
        dueAt: new Date("2000-01-15T04:30:00Z"), // 10:00 in Kolkata
        priority: "urgent",
        customerId: customer.id,
      },
      { title: "Order stock", reminderAt: new Date("2000-01-15T03:30:00Z") },
    ]);
    const claimed = await claimDueReminders(db, {
      now: new Date("2000-02-01T00:00:00Z"),
      businessId: business.id,
    });

    const result = await queueTaskReminders(db, claimed);
    await deliveries();

    expect(result.queued).toHaveLength(2);
    const [withCustomer, withoutCustomer] = await emailsTo(owner.email).then((rows) =>
      [...rows].sort((x, y) => x.subject.localeCompare(y.subject)),
    );
    expect(withCustomer).toMatchObject({
      template: "task-reminder",
      businessId: business.id,
      subject: "Reminder: Call about renewal",
      status: "sent",
      transport: "dev_outbox",
      links: [
        `http://localhost:3000/b/${business.slug}/customers/${customer.id}#task-${t["Call about renewal"]!.id}`,
      ],
    });
    expect(withCustomer!.text).toContain("Hi Tara Owner,");
    expect(withCustomer!.text).toContain("15 Jan 2000, 10:00 (Asia/Kolkata)");
    expect(withCustomer!.text).toContain("Priority: Urgent");
    expect(withCustomer!.text).toContain("Customer: Meera Iyer");
    expect(withCustomer!.text).toContain("Sharma Dental");
    expect(withoutCustomer).toMatchObject({
      subject: "Reminder: Order stock",
      status: "sent",
      links: [`http://localhost:3000/b/${business.slug}/tasks#task-${t["Order stock"]!.id}`],
    });
    expect(withoutCustomer!.text).toContain("No due date");
    expect(withoutCustomer!.text).not.toContain("Customer:");
  });

  it("a retried step queues nothing twice; a failed email is queued again", async () => {
    const { owner, business } = await setup();
    await insertTasks(business.id, owner, [
      { title: "one", reminderAt: new Date("2000-01-01T00:00:00Z") },
      { title: "two", reminderAt: new Date("2000-01-01T00:01:00Z") },
    ]);
    const claimed = await claimDueReminders(db, {
      now: new Date("2000-02-01T00:00:00Z"),
      businessId: business.id,
    });

    const first = await queueTaskReminders(db, claimed);
    const again = await queueTaskReminders(db, claimed);
    expect(first.queued).toHaveLength(2);
    expect(again).toEqual({ queued: [], alreadyQueued: claimed.map((c) => c.taskId), skipped: [] });
    await deliveries();
    expect(await emailsTo(owner.email)).toHaveLength(2);

    // The first email failed for good: a retry queues that one again, and only that one.
    await db
      .update(emailMessages)
      .set({ status: "failed", error: "Resend said no" })
      .where(eq(emailMessages.id, first.queued[0]!.emailMessageId));
    const retry = await queueTaskReminders(db, claimed);
    expect(retry.queued.map((q) => q.taskId)).toEqual([claimed[0]!.taskId]);
    expect(retry.alreadyQueued).toEqual([claimed[1]!.taskId]);
    await deliveries();
    expect(await emailsTo(owner.email)).toHaveLength(3);
  });

  it("a reminder moved after it was sent goes out again", async () => {
    const { owner, business } = await setup();
    const t = await insertTasks(business.id, owner, [
      { title: "moved", reminderAt: new Date("2000-01-01T00:00:00Z") },
    ]);
    const opts = { now: new Date("2000-02-01T00:00:00Z"), businessId: business.id };
    await queueTaskReminders(db, await claimDueReminders(db, opts));
    const { updateTask } = await import("@/server/services/tasks");
    await updateTask(
      db,
      { businessId: business.id, userId: owner.id },
      { taskId: t.moved!.id, reminderAt: new Date("2000-01-20T00:00:00Z") },
    );
    const second = await claimDueReminders(db, opts);
    expect(second.map((c) => c.taskId)).toEqual([t.moved!.id]);
    expect((await queueTaskReminders(db, second)).queued).toHaveLength(1);
    await deliveries();
    expect(await emailsTo(owner.email)).toHaveLength(2);
  });
});

describe("send-task-reminders function", () => {
  const engine = () =>
    new InngestTestEngine({
      function: sendTaskReminders,
      events: [{ name: "inngest/scheduled.timer", data: { cron: "* * * * *" } }],
      transformCtx: (raw) => mockCtx(raw),
    });

  it("emails due reminders through Resend, in batches, and a second run sends nothing twice", async () => {
    process.env.RESEND_API_KEY = fake.apiKey;
    process.env.RESEND_BASE_URL = fake.url;
    Object.assign(taskReminderSettings, { batchSize: 2, maxBatches: 10 });
    const { owner, business, customer } = await setup();
    const { user: member } = await addMember(db, business, "member", { name: "Ravi Member" });
    const t = await insertTasks(business.id, owner, [
      { title: "Call Meera", reminderAt: ago(3 * minute), customerId: customer.id },
      { title: "Send invoice", reminderAt: ago(2 * minute), assigneeId: member.id },
      { title: "Book visit", reminderAt: ago(minute), assigneeId: null },
      { title: "Later", reminderAt: new Date(Date.now() + 60 * minute) },
      { title: "Closed", reminderAt: ago(minute), status: "done" },
    ]);

    const { result, error } = await engine().execute();
    await deliveries();

    expect(error).toBeUndefined();
    expect(result).toMatchObject({ claimed: expect.any(Number), queued: expect.any(Number) });
    const toOwner = fake.sent.filter((s) => s.body.to === owner.email);
    const toMember = fake.sent.filter((s) => s.body.to === member.email);
    expect(toOwner.map((s) => s.body.subject).sort()).toEqual([
      "Reminder: Book visit",
      "Reminder: Call Meera",
    ]);
    expect(toMember.map((s) => s.body.subject)).toEqual(["Reminder: Send invoice"]);
    expect(String(toMember[0]!.body.text)).toContain("Hi Ravi Member,");
    const sent = await sentAtOf(Object.values(t).map((x) => x.id));
    expect(sent["Call Meera"]).toBeInstanceOf(Date);
    expect(sent.Later).toBeNull();
    expect(sent.Closed).toBeNull();
    const rows = [...(await emailsTo(owner.email)), ...(await emailsTo(member.email))];
    expect(rows.map((r) => [r.status, r.transport])).toEqual(Array(3).fill(["sent", "resend"]));

    const before = fake.sent.length;
    const second = await engine().execute();
    await deliveries();
    expect(second.error).toBeUndefined();
    const mineAgain = fake.sent
      .slice(before)
      .filter((s) => [owner.email, member.email].includes(String(s.body.to)));
    expect(mineAgain).toHaveLength(0);
    expect(await emailsTo(owner.email)).toHaveLength(2);
  });

  it("stops after its bound and leaves the rest for the next run", async () => {
    Object.assign(taskReminderSettings, { batchSize: 1, maxBatches: 2 });
    const { owner, business } = await setup();
    // Reminders older than any other test's, so the two batches of this run take these first.
    const t = await insertTasks(business.id, owner, [
      { title: "r1", reminderAt: new Date("1990-01-01T00:00:00Z") },
      { title: "r2", reminderAt: new Date("1990-01-01T00:01:00Z") },
      { title: "r3", reminderAt: new Date("1990-01-01T00:02:00Z") },
    ]);

    const { result } = await engine().execute();
    expect(result).toMatchObject({ claimed: 2, queued: 2 });
    expect(await sentAtOf(Object.values(t).map((x) => x.id))).toEqual({
      r1: expect.any(Date),
      r2: expect.any(Date),
      r3: null,
    });

    await engine().execute();
    await deliveries();
    expect((await sentAtOf([t.r3!.id])).r3).toBeInstanceOf(Date);
    expect((await emailsTo(owner.email)).map((e) => e.subject).sort()).toEqual([
      "Reminder: r1",
      "Reminder: r2",
      "Reminder: r3",
    ]);
  });

  it("runs every minute under the local driver and the email lands in the dev outbox", async () => {
    const { owner, business, customer } = await setup();
    const t = await insertTasks(business.id, owner, [
      { title: "Follow up", reminderAt: ago(minute), customerId: customer.id },
    ]);
    // A clock at a random future minute: the schedule slot (the run id) is new on every test run.
    let now = new Date(Date.UTC(2100, 0, 1) + randomInt(0, 5_000_000) * minute + 30_000);
    const driver = await startCronDriver(db, sendTaskReminders, () => now, drivers);
    // Before the minute turns, nothing has run.
    expect((await sentAtOf([t["Follow up"]!.id]))["Follow up"]).toBeNull();

    now = new Date(now.getTime() + minute);
    await driver.tick();
    await driver.idle();
    await deliveries();

    const slot = now.getTime() - 30_000;
    const runs = await db.select().from(jobRuns).where(eq(jobRuns.functionId, "send-task-reminders"));
    const run = runs.find((r) => (r.event as { ts?: number }).ts === slot);
    expect(run).toMatchObject({ status: "completed", eventName: "inngest/scheduled.timer" });
    expect((run!.output as { claimed: number }).claimed).toBeGreaterThanOrEqual(1);
    const [email] = await emailsTo(owner.email);
    expect(email).toMatchObject({
      subject: "Reminder: Follow up",
      transport: "dev_outbox",
      status: "sent",
      links: [
        reminderUrl({ businessSlug: business.slug, customerId: customer.id, taskId: t["Follow up"]!.id }),
      ],
    });
  });
});
