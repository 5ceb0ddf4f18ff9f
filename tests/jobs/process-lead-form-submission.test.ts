import { InngestTestEngine, mockCtx } from "@inngest/test";
import { and, eq, sql } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { type Db, execRows } from "@/db/client";
import {
  activities,
  consentEvents,
  customers,
  emailMessages,
  formSubmissionEffects,
  formSubmissions,
  jobRuns,
  tasks,
} from "@/db/schema";
import { createCustomerInput } from "@/server/domain/customers";
import { sendEmail } from "@/server/jobs/functions/email/send-email";
import {
  processLeadFormSubmission,
  type SubmissionResult,
} from "@/server/jobs/functions/lead-forms/process-submission";
import { sweepLeadFormSubmissions } from "@/server/jobs/functions/lead-forms/sweep-submissions";
import { LocalDriver } from "@/server/jobs/local/driver";
import { createCustomField } from "@/server/services/custom-fields";
import { createCustomer } from "@/server/services/customers";
import { receiveSubmission } from "@/server/services/lead-forms/intake/submit";
import { issueTimingToken } from "@/server/services/lead-forms/intake/timing-token";
import { listNotifications } from "@/server/services/notifications";
import { testDb } from "../helpers/db";
import { addMember, createBusiness, createUser } from "../helpers/factories";
import { type PublishedFormFixture, publishForm, sampleFields } from "../helpers/lead-form-fixtures";

// Services hand events to whichever driver the test runs; by default they are kept.
const route = vi.hoisted(() => ({
  sent: [] as unknown[],
  send: async (e: unknown) => {
    route.sent.push(e);
    return { ids: [] as string[] };
  },
}));
vi.mock("@/server/jobs/send", () => ({ sendEvent: (e: unknown) => route.send(e) }));

/** While set, the step after which the process "dies" (the step's work is committed, its result lost). */
const crash = vi.hoisted(() => ({ after: new Set<string>(), count: 0 }));
vi.mock("@/server/services/lead-forms/processing/customer", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/server/services/lead-forms/processing/customer")>();
  return {
    ...original,
    applySubmissionsToCustomers: async (...args: Parameters<typeof original.applySubmissionsToCustomers>) => {
      const result = await original.applySubmissionsToCustomers(...args);
      if (crash.after.delete("customer")) {
        crash.count++;
        throw new Error("process died after the customer was committed");
      }
      return result;
    },
  };
});
vi.mock("@/server/services/lead-forms/processing/effects", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/server/services/lead-forms/processing/effects")>();
  const wrap =
    <A extends unknown[], R>(name: string, fn: (...a: A) => Promise<R>) =>
    async (...args: A) => {
      const result = await fn(...args);
      if (crash.after.delete(name)) {
        crash.count++;
        throw new Error(`process died after ${name} was committed`);
      }
      return result;
    };
  return {
    ...original,
    createFollowUpTask: wrap("task", original.createFollowUpTask),
    recordNotifications: wrap("notifications", original.recordNotifications),
    recordAutoReply: wrap("auto-reply", original.recordAutoReply),
  };
});

let db: Db;
const drivers: LocalDriver[] = [];

beforeAll(async () => {
  db = (await testDb()).db;
  delete process.env.RESEND_API_KEY;
});

afterEach(async () => {
  for (const d of drivers.splice(0)) await d.stop();
  route.sent = [];
  route.send = async (e: unknown) => {
    route.sent.push(e);
    return { ids: [] };
  };
  crash.after.clear();
  crash.count = 0;
});

interface Setup {
  businessId: string;
  ownerId: string;
  ownerEmail: string;
  staffId: string;
  form: PublishedFormFixture;
}

async function setup(settings: Record<string, unknown> = {}, fields = sampleFields): Promise<Setup> {
  const owner = await createUser(db);
  const biz = await createBusiness(db, { owner, name: "Aura Salon" });
  const staff = await addMember(db, biz, "member");
  await createCustomField(db, { businessId: biz.id, userId: owner.id }, { label: "Budget", type: "number" });
  const form = await publishForm(db, biz.id, {
    fields,
    settings: {
      leadDefaults: {
        tags: ["website", "consultation"],
        lifecycleStage: "prospect",
        ownerId: owner.id,
        source: "website",
      },
      notify: { userIds: [owner.id], emails: ["frontdesk@aura.example"] },
      autoReply: {
        enabled: true,
        subject: "Thanks, {{customer.firstName}}!",
        body: "# Thank you {{customer.firstName}}\n\nWe will call you within a day. **Aura Salon**",
      },
      followUpTask: {
        enabled: true,
        title: "Call {{customer.name}}",
        dueInHours: 24,
        assigneeId: staff.user.id,
      },
      ...settings,
    },
  });
  return { businessId: biz.id, ownerId: owner.id, ownerEmail: owner.email, staffId: staff.user.id, form };
}

/** Submits through the intake service (as the endpoint does) and returns the submission id. */
async function submitted(s: Setup, answers: Record<string, unknown> = {}, landing?: string): Promise<string> {
  const outcome = await receiveSubmission(db, {
    formId: s.form.formId,
    fields: {
      name: "Asha Rao",
      email: "asha@example.com",
      phone: "094918 83981",
      service: "hair",
      offers: "on",
      campaign: "spring",
      _t: issueTimingToken(s.form.formId),
      _ctx: JSON.stringify({
        landingPage:
          landing ?? "https://aura.example/book?utm_source=instagram&utm_medium=social&utm_campaign=diwali",
        referrer: "https://l.instagram.com/",
      }),
      ...answers,
    },
    origin: null,
    ownOrigins: [],
    ip: null,
  });
  if (outcome.kind !== "accepted") throw new Error(`not accepted: ${outcome.kind}`);
  return outcome.id;
}

/** A bot's submission (its honeypot filled), kept as spam; returns its id. */
async function spamSubmitted(s: Setup): Promise<string> {
  const outcome = await receiveSubmission(db, {
    formId: s.form.formId,
    fields: { name: "Bot", _hp: "x", _t: issueTimingToken(s.form.formId) },
    origin: null,
    ownOrigins: [],
    ip: null,
  });
  if (outcome.kind !== "accepted" || !outcome.spam) throw new Error(`not kept as spam: ${outcome.kind}`);
  return outcome.id;
}

/** A run of one submission under @inngest/test; `result` is that submission's result. */
function engine(s: Setup, submissionId: string) {
  const t = batchEngine(s, [submissionId]);
  return {
    execute: async () => {
      const run = await t.execute();
      return {
        ...run,
        result: (run.result as { submissions: SubmissionResult[] } | undefined)?.submissions[0],
      };
    },
  };
}

/** A run of a batch of submissions under @inngest/test. */
function batchEngine(s: Setup, submissionIds: string[]) {
  return new InngestTestEngine({
    function: processLeadFormSubmission,
    events: submissionIds.map((submissionId) => ({
      name: "lead-forms/submission.received" as const,
      data: { submissionId, businessId: s.businessId },
    })) as unknown as [{ name: string; data: Record<string, string> }],
    transformCtx: (raw) => mockCtx(raw),
  });
}

async function customersOf(businessId: string) {
  return db.select().from(customers).where(eq(customers.businessId, businessId));
}

async function submissionRow(id: string) {
  const [row] = await db.select().from(formSubmissions).where(eq(formSubmissions.id, id));
  return row!;
}

async function emailsOf(businessId: string) {
  return db.select().from(emailMessages).where(eq(emailMessages.businessId, businessId));
}

async function timelineOf(customerId: string, type: "form_submitted" | "consent_changed" | "task_created") {
  return db
    .select()
    .from(activities)
    .where(and(eq(activities.customerId, customerId), eq(activities.type, type)));
}

describe("process-lead-form-submission under @inngest/test", () => {
  it("creates the customer with source, UTM, defaults, consent, timeline, task, notification and auto-reply", async () => {
    const s = await setup();
    const id = await submitted(s);
    const { result, error } = await engine(s, id).execute();
    expect(error).toBeUndefined();
    expect(result).toMatchObject({ kind: "created", taskId: expect.any(String) });

    const [customer] = await customersOf(s.businessId);
    expect(customer).toMatchObject({
      name: "Asha Rao",
      email: "asha@example.com",
      phone: "+919491883981",
      source: "instagram",
      tags: ["website", "consultation"],
      lifecycleStage: "prospect",
      ownerId: s.ownerId,
      emailConsent: true,
      emailConsentSource: "lead_form",
    });
    const [entry] = await timelineOf(customer!.id, "form_submitted");
    expect(entry!.data).toMatchObject({
      formId: s.form.formId,
      formName: "Book a free consultation",
      submissionId: id,
      outcome: "created",
      source: "instagram",
      utm: { utm_source: "instagram", utm_medium: "social", utm_campaign: "diwali" },
      referrer: "https://l.instagram.com/",
      answers: [
        { key: "name", label: "Your name", value: "Asha Rao" },
        { key: "email", label: "Email", value: "asha@example.com" },
        { key: "phone", label: "Phone", value: "+919491883981" },
        { key: "service", label: "Service", value: "Hair" },
        { key: "offers", label: "Send me offers by email", value: "Yes" },
        { key: "campaign", label: "Campaign", value: "spring" },
      ],
    });
    const ledger = await db.select().from(consentEvents).where(eq(consentEvents.customerId, customer!.id));
    expect(ledger).toMatchObject([{ channel: "email", granted: true, source: "lead_form" }]);

    const [task] = await db.select().from(tasks).where(eq(tasks.customerId, customer!.id));
    expect(task).toMatchObject({ title: "Call Asha Rao", assigneeId: s.staffId, status: "open" });
    const submittedAt = (await submissionRow(id)).createdAt.getTime();
    expect(task!.dueAt!.getTime()).toBe(submittedAt + 24 * 3_600_000);

    const emails = await emailsOf(s.businessId);
    const byTemplate = (t: string) => emails.filter((e) => e.template === t);
    expect(
      byTemplate("lead-form-notification")
        .map((e) => e.to)
        .sort(),
    ).toEqual([s.ownerEmail.toLowerCase(), "frontdesk@aura.example"].sort());
    const notice = byTemplate("lead-form-notification")[0]!;
    expect(notice.subject).toBe("New lead from Book a free consultation: Asha Rao");
    expect(notice.text).toContain("Service: Hair");
    expect(notice.links.some((l) => l.includes(`/customers/${customer!.id}`))).toBe(true);
    const [reply] = byTemplate("lead-form-auto-reply");
    expect(reply).toMatchObject({
      to: "asha@example.com",
      // Replies reach the business: its first notified address (no Reply-To in its settings).
      replyTo: "frontdesk@aura.example",
      subject: "Thanks, Asha!",
      transport: "dev_outbox",
    });
    expect(reply!.from).toMatch(/^"Aura Salon" </);
    expect(reply!.html).toContain("Thank you Asha");
    expect(result).toMatchObject({ emails: expect.arrayContaining(emails.map((e) => e.id)) });
    // The notified member also hears of it in the app (the bell); the member not notified does not.
    const bell = await listNotifications(db, { businessId: s.businessId, userId: s.ownerId });
    expect(bell.unread).toBe(1);
    expect(bell.data[0]).toMatchObject({
      kind: "lead_form_submission",
      title: "New lead: Asha Rao",
      url: expect.stringMatching(new RegExp(`^/b/[^/]+/customers/${customer!.id}$`)),
      readAt: null,
    });
    expect((await listNotifications(db, { businessId: s.businessId, userId: s.staffId })).data).toEqual([]);

    expect(await submissionRow(id)).toMatchObject({
      status: "processed",
      customerId: customer!.id,
      error: null,
      processedAt: expect.any(Date),
    });
  });

  it("updates the customer matched by email under the update policy, without a second customer", async () => {
    const s = await setup();
    const existing = await createCustomer(
      db,
      { businessId: s.businessId, userId: null },
      createCustomerInput.parse({
        name: "A. Rao",
        email: "ASHA@example.com",
        tags: ["vip"],
        lifecycleStage: "customer",
        source: "walk-in",
      }),
    );
    const id = await submitted(s);
    const { result } = await engine(s, id).execute();
    expect(result).toMatchObject({ kind: "updated", customerId: existing.id });
    const rows = await customersOf(s.businessId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      name: "Asha Rao",
      phone: "+919491883981",
      tags: ["vip", "website", "consultation"],
      lifecycleStage: "customer",
      source: "walk-in",
    });
    const [entry] = await timelineOf(existing.id, "form_submitted");
    expect(entry!.data).toMatchObject({ outcome: "updated" });
  });

  it("keeps the customer matched by phone as it is under the keep policy, and adds the submission to its timeline", async () => {
    const s = await setup({ duplicatePolicy: "keep" });
    const existing = await createCustomer(
      db,
      { businessId: s.businessId, userId: null },
      createCustomerInput.parse({ name: "Asha", phone: "+91 94918 83981", tags: [] }),
    );
    const id = await submitted(s, { email: "new-address@example.com" });
    const { result } = await engine(s, id).execute();
    expect(result).toMatchObject({ kind: "kept", customerId: existing.id });
    const rows = await customersOf(s.businessId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ name: "Asha", email: null, tags: [] });
    expect(await timelineOf(existing.id, "form_submitted")).toHaveLength(1);
  });

  it("matches by email before phone, by phone or WhatsApp number, and the oldest of equal matches", async () => {
    const s = await setup({ duplicatePolicy: "keep" });
    const make = async (input: Record<string, unknown>, createdAt: string) => {
      const c = await createCustomer(
        db,
        { businessId: s.businessId, userId: null },
        createCustomerInput.parse(input),
      );
      await db
        .update(customers)
        .set({ createdAt: new Date(createdAt) })
        .where(eq(customers.id, c.id));
      return c.id;
    };
    const byPhone = await make({ name: "Phone only", phone: "+91 94918 83981" }, "2020-01-01T00:00:00Z");
    const byEmailNew = await make(
      { name: "Email, newer", email: "ASHA@example.com" },
      "2024-01-01T00:00:00Z",
    );
    const byEmailOld = await make(
      { name: "Email, older", email: "asha@example.com" },
      "2022-01-01T00:00:00Z",
    );
    const deleted = await make({ name: "Deleted", email: "asha@example.com" }, "2019-01-01T00:00:00Z");
    await db.update(customers).set({ deletedAt: new Date() }).where(eq(customers.id, deleted));

    // Email (any case) wins over an older phone match; the oldest live one of two email matches.
    const first = await engine(s, await submitted(s)).execute();
    expect(first.result).toMatchObject({ kind: "kept", customerId: byEmailOld });
    expect(byEmailNew).not.toBe(byEmailOld);

    // No email match: the phone, found on a customer's WhatsApp number as well as on its phone.
    const viaPhone = await engine(s, await submitted(s, { email: "someone-else@example.com" })).execute();
    expect(viaPhone.result).toMatchObject({ kind: "kept", customerId: byPhone });
    const onWhatsApp = await make({ name: "WhatsApp", whatsapp: "+91 98450 12345" }, "2018-01-01T00:00:00Z");
    const viaWhatsApp = await engine(
      s,
      await submitted(s, { email: "third@example.com", phone: "98450 12345" }),
    ).execute();
    expect(viaWhatsApp.result).toMatchObject({ kind: "kept", customerId: onWhatsApp });

    // Nothing matches: a new customer.
    const fresh = await engine(
      s,
      await submitted(s, { email: "new@example.com", phone: "90000 00001" }),
    ).execute();
    expect(fresh.result).toMatchObject({ kind: "created" });
  });

  it("runs again without a second customer, task, timeline entry or email", async () => {
    const s = await setup();
    const id = await submitted(s);
    await engine(s, id).execute();
    const second = await engine(s, id).execute();
    expect(second.error).toBeUndefined();
    expect(second.result).toMatchObject({ kind: "done" });
    const [customer] = await customersOf(s.businessId);
    expect(await customersOf(s.businessId)).toHaveLength(1);
    expect(await db.select().from(tasks).where(eq(tasks.customerId, customer!.id))).toHaveLength(1);
    expect(await timelineOf(customer!.id, "form_submitted")).toHaveLength(1);
    expect(await emailsOf(s.businessId)).toHaveLength(3);
  });

  it("ends with the customer, processed in one step, when the form asks for no task, notification or auto-reply", async () => {
    const s = await setup({
      notify: { userIds: [], emails: [] },
      autoReply: { enabled: false },
      followUpTask: { enabled: false },
    });
    const id = await submitted(s);
    const { result, ctx } = await engine(s, id).execute();
    expect(result).toMatchObject({ kind: "created", taskId: null, emails: [] });
    expect(ctx.step.run).toHaveBeenCalledTimes(1);
    const row = await submissionRow(id);
    const [customer] = await customersOf(s.businessId);
    expect(row).toMatchObject({ status: "processed", customerId: customer!.id, error: null });
    expect(row.processedAt).toBeInstanceOf(Date);
    expect(await timelineOf(customer!.id, "form_submitted")).toHaveLength(1);
    // Its last activity is its creation, in the same transaction as the timeline entry.
    expect(customer!.lastActivityAt.getTime()).toBe(customer!.createdAt.getTime());
    expect(await db.select().from(tasks).where(eq(tasks.customerId, customer!.id))).toHaveLength(0);
    expect(await emailsOf(s.businessId)).toHaveLength(0);
    // Run again: nothing more, still processed.
    const again = await engine(s, id).execute();
    expect(again.result).toMatchObject({ kind: "done", taskId: null, emails: [] });
    expect(await submissionRow(id)).toMatchObject({ status: "processed" });
    expect(await customersOf(s.businessId)).toHaveLength(1);
  });

  it("skips spam, and marks a submission whose answers no longer fit its form failed", async () => {
    const s = await setup();
    const spam = await spamSubmitted(s);
    const skipped = await engine(s, spam).execute();
    expect(skipped.result).toMatchObject({ kind: "skipped", reason: "spam", customerId: null });

    const id = await submitted(s);
    await db
      .update(formSubmissions)
      .set({ answers: { name: "", service: "tattoo" } })
      .where(eq(formSubmissions.id, id));
    const failed = await engine(s, id).execute();
    expect(failed.result).toMatchObject({ kind: "failed" });
    expect(await submissionRow(id)).toMatchObject({
      status: "failed",
      error: expect.stringContaining("name: This field is required."),
    });
    expect(await customersOf(s.businessId)).toHaveLength(0);
  });

  it("processes a batch in one run: each submission once, a later one matching the customer an earlier one made", async () => {
    const s = await setup();
    const first = await submitted(s);
    const again = await submitted(s, { name: "Asha R.", phone: "" });
    const other = await submitted(s, { name: "Ravi", email: "ravi@example.com", phone: "98450 12345" });
    const spam = await spamSubmitted(s);
    const spamId = spam;
    const { result, error } = await batchEngine(s, [first, again, other, spamId, first]).execute();
    expect(error).toBeUndefined();
    const out = (result as { submissions: SubmissionResult[] }).submissions;
    expect(out.map((r) => [r.submissionId, r.kind])).toEqual([
      [first, "created"],
      [again, "updated"],
      [other, "created"],
      [spamId, "skipped"],
    ]);
    expect(out[1]!.customerId).toBe(out[0]!.customerId);
    const rows = await customersOf(s.businessId);
    expect(rows.map((c) => c.name).sort()).toEqual(["Asha R.", "Ravi"]);
    // Each accepted submission got its task and its three emails (two notices and the auto-reply).
    expect(await db.select().from(tasks).where(eq(tasks.businessId, s.businessId))).toHaveLength(3);
    expect(await emailsOf(s.businessId)).toHaveLength(9);
    for (const id of [first, again, other])
      expect(await submissionRow(id)).toMatchObject({ status: "processed" });
    expect(await submissionRow(spamId)).toMatchObject({ status: "spam" });
  });

  it("puts answers mapped to custom fields on the customer, and skips values the field refuses", async () => {
    const s = await setup({}, [
      ...sampleFields,
      { key: "budget", type: "number", label: "Budget", mapTo: "custom.budget" },
      { key: "city", type: "short_text", label: "City", mapTo: "city" },
    ]);
    const id = await submitted(s, { budget: "2500", city: "Pune" });
    await engine(s, id).execute();
    const [customer] = await customersOf(s.businessId);
    expect(customer).toMatchObject({ city: "Pune", customFields: { budget: 2500 } });
  });
});

describe("process-lead-form-submission on the local driver", () => {
  function driver() {
    const d = new LocalDriver({
      db,
      functions: [processLeadFormSubmission, sendEmail],
      sweepIntervalMs: 0,
      retryDelayMs: () => 0,
      concurrency: 4,
    });
    drivers.push(d);
    route.send = (e) => d.send(e as Parameters<LocalDriver["send"]>[0]);
    return d;
  }

  async function settled(d: LocalDriver, id: string, businessId: string) {
    for (let i = 0; i < 400; i++) {
      await d.idle();
      const row = await submissionRow(id);
      const [count] = await execRows<{ queued: number }>(
        db,
        sql`select count(*)::int as queued from email_messages where business_id = ${businessId} and status = 'queued'`,
      );
      if (row.status !== "received" && count!.queued === 0) return row;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error("the submission was not processed");
  }

  it("a crash after each step's commit is retried without a second customer, task or email", async () => {
    const d = driver();
    const s = await setup();
    crash.after = new Set(["customer", "task", "notifications", "auto-reply"]);
    const id = await submitted(s);
    const row = await settled(d, id, s.businessId);
    expect(crash.count).toBe(4);
    expect(row.status).toBe("processed");
    const rows = await customersOf(s.businessId);
    expect(rows).toHaveLength(1);
    expect(await db.select().from(tasks).where(eq(tasks.customerId, rows[0]!.id))).toHaveLength(1);
    expect(await timelineOf(rows[0]!.id, "form_submitted")).toHaveLength(1);
    const emails = await emailsOf(s.businessId);
    expect(emails).toHaveLength(3);
    expect(emails.every((e) => e.status === "sent" && e.transport === "dev_outbox")).toBe(true);
    const effects = await db
      .select({ effect: formSubmissionEffects.effect })
      .from(formSubmissionEffects)
      .where(eq(formSubmissionEffects.submissionId, id));
    expect(effects.map((e) => e.effect).sort()).toEqual(
      [
        "auto_reply",
        "in_app",
        `notify:${s.ownerEmail.toLowerCase()}`,
        "notify:frontdesk@aura.example",
        "task",
      ].sort(),
    );
  });

  it("batches submissions that arrive together into one run, and processes every one", async () => {
    const d = driver();
    const s = await setup({
      notify: { userIds: [], emails: [] },
      autoReply: { enabled: false },
      followUpTask: { enabled: false },
    });
    const ids: string[] = [];
    for (let i = 0; i < 7; i++)
      ids.push(await submitted(s, { name: `Visitor ${i}`, email: `v${i}@example.com`, phone: "" }));
    for (const id of ids) await settled(d, id, s.businessId);
    const runs = await db
      .select()
      .from(jobRuns)
      .where(
        and(eq(jobRuns.functionId, "process-lead-form-submission"), eq(jobRuns.businessId, s.businessId)),
      );
    expect(runs).toHaveLength(1);
    expect(runs[0]!.events).toHaveLength(7);
    expect(runs[0]!.status).toBe("completed");
    expect(await customersOf(s.businessId)).toHaveLength(7);
  });

  it("the same event delivered twice makes one customer and one set of emails", async () => {
    const d = driver();
    const s = await setup();
    const id = await submitted(s);
    await d.send({
      name: "lead-forms/submission.received",
      data: { submissionId: id, businessId: s.businessId },
    });
    await settled(d, id, s.businessId);
    await d.idle();
    expect(await customersOf(s.businessId)).toHaveLength(1);
    expect(await emailsOf(s.businessId)).toHaveLength(3);
  });
});

describe("sweep-lead-form-submissions", () => {
  it("hands submissions still received after 10 minutes to the processing again, and no others", async () => {
    const s = await setup();
    const lost = await submitted(s);
    const fresh = await submitted(s);
    const done = await submitted(s);
    const ref = new Date(Date.now() + 3_600_000);
    await db
      .update(formSubmissions)
      .set({ createdAt: new Date(ref.getTime() - 20 * 60_000) })
      .where(eq(formSubmissions.id, lost));
    await db
      .update(formSubmissions)
      .set({ createdAt: new Date(ref.getTime() - 20 * 60_000), status: "processed" })
      .where(eq(formSubmissions.id, done));
    await db
      .update(formSubmissions)
      .set({ createdAt: new Date(ref.getTime() - 60_000) })
      .where(eq(formSubmissions.id, fresh));
    const { result, ctx } = await new InngestTestEngine({
      function: sweepLeadFormSubmissions,
      steps: [{ id: "resend", handler: () => ({ ids: [] }) }],
      events: [{ name: "inngest/scheduled.timer", data: { cron: "*/15 * * * *" }, ts: ref.getTime() }],
      transformCtx: (raw) => mockCtx(raw),
    }).execute();
    expect((result as { resent: number }).resent).toBeGreaterThanOrEqual(1);
    const sent = (ctx.step.sendEvent as unknown as { mock: { calls: unknown[][] } }).mock.calls[0]![1] as {
      id: string;
      data: { submissionId: string };
    }[];
    const ids = sent.map((e) => e.data.submissionId);
    expect(ids).toContain(lost);
    expect(ids).not.toContain(fresh);
    expect(ids).not.toContain(done);
    expect(sent.find((e) => e.data.submissionId === lost)!.id).toBe(
      `lead-form-sweep-${lost}-${ref.getTime()}`,
    );
  });
});
