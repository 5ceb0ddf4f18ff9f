import { randomUUID } from "node:crypto";
import { InngestTestEngine, mockCtx } from "@inngest/test";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { emailMessages, jobRuns } from "@/db/schema";
import { isUuid } from "@/server/ids";
import { sendEmail } from "@/server/jobs/functions/email/send-email";
import { getJobRun, jobRunId, reportProgress } from "@/server/jobs/job-runs";
import { LocalDriver, type LocalDriverOptions } from "@/server/jobs/local/driver";
import { testDb } from "../helpers/db";
import { type FakeResend, startFakeResend } from "../helpers/fake-resend";

let db: Db;
let fake: FakeResend;
const drivers: LocalDriver[] = [];

beforeAll(async () => {
  db = (await testDb()).db;
  fake = await startFakeResend();
  process.env.RESEND_API_KEY = fake.apiKey;
  process.env.RESEND_BASE_URL = fake.url;
});

afterAll(async () => {
  delete process.env.RESEND_API_KEY;
  delete process.env.RESEND_BASE_URL;
  await fake.close();
});

beforeEach(() => fake.reset());

afterEach(async () => {
  for (const driver of drivers.splice(0)) await driver.stop();
});

async function insertMessage(overrides: Partial<typeof emailMessages.$inferInsert> = {}) {
  const [row] = await db
    .insert(emailMessages)
    .values({
      template: "verify-email",
      to: `asha-${randomUUID().slice(0, 8)}@example.com`,
      from: "Mini CRM <hello@minicrm.test>",
      subject: "Confirm your email address for Mini CRM",
      html: '<p>Hi Asha, <a href="http://localhost:3000/verify-email/t1">Confirm</a></p>',
      text: "Hi Asha, Confirm http://localhost:3000/verify-email/t1",
      links: ["http://localhost:3000/verify-email/t1"],
      transport: "resend",
      ...overrides,
    })
    .returning();
  return row!;
}

async function reload(id: string) {
  const [row] = await db.select().from(emailMessages).where(eq(emailMessages.id, id));
  return row!;
}

/** The function under @inngest/test; `ctx` imitates what the Inngest server passes on a retry. */
function engineFor(emailMessageId: string, ctx: { attempt?: number; maxAttempts?: number } = {}) {
  return new InngestTestEngine({
    function: sendEmail,
    events: [{ name: "email/send.requested", data: { emailMessageId } }],
    transformCtx: (raw) => ({ ...mockCtx(raw), ...ctx }),
  });
}

describe("send-email function", () => {
  it("sends a queued message through Resend and records the delivery", async () => {
    const message = await insertMessage();

    const { result, error } = await engineFor(message.id).execute();

    expect(error).toBeUndefined();
    expect(fake.sent).toHaveLength(1);
    expect(result).toEqual({ status: "sent", transport: "resend", providerMessageId: fake.sent[0]!.id });
    expect(fake.requests[0]).toMatchObject({
      method: "POST",
      path: "/emails",
      authorization: `Bearer ${fake.apiKey}`,
      idempotencyKey: message.id,
      body: {
        from: message.from,
        to: message.to,
        subject: message.subject,
        html: message.html,
        text: message.text,
      },
    });
    expect(await reload(message.id)).toMatchObject({
      status: "sent",
      attempts: 1,
      providerMessageId: fake.sent[0]!.id,
      error: null,
      sentAt: expect.any(Date),
    });
  });

  it("sends the message's Reply-To as Resend's reply_to", async () => {
    const message = await insertMessage({ replyTo: "desk@aura.example" });
    const { error } = await engineFor(message.id).execute();
    expect(error).toBeUndefined();
    expect(fake.requests[0]!.body).toMatchObject({ to: message.to, reply_to: "desk@aura.example" });
  });

  it("keeps the message queued after a 500 and sends it once on the retry", async () => {
    const message = await insertMessage();
    fake.failNext(1, 500);

    const first = await engineFor(message.id, { attempt: 0, maxAttempts: 5 }).execute();
    expect(first.error).toMatchObject({ message: expect.stringContaining("internal_server_error") });
    expect(await reload(message.id)).toMatchObject({
      status: "queued",
      attempts: 1,
      error: expect.stringContaining("internal_server_error"),
    });

    // Inngest retries the step: attempt 1 of 5.
    const second = await engineFor(message.id, { attempt: 1, maxAttempts: 5 }).execute();
    expect(second.error).toBeUndefined();
    expect(second.result).toMatchObject({ status: "sent" });
    expect(await reload(message.id)).toMatchObject({ status: "sent", attempts: 2, error: null });
    expect(fake.requests.map((r) => r.idempotencyKey)).toEqual([message.id, message.id]);
    expect(fake.sent).toHaveLength(1);
  });

  it("marks the message failed with the error when the last attempt fails", async () => {
    const message = await insertMessage();
    fake.failNext(1, 500);

    const { error } = await engineFor(message.id, { attempt: 4, maxAttempts: 5 }).execute();

    expect(error).toBeDefined();
    expect(await reload(message.id)).toMatchObject({
      status: "failed",
      attempts: 1,
      error: expect.stringContaining("internal_server_error"),
    });
    expect(fake.sent).toHaveLength(0);
  });

  it("fails at once when Resend refuses the message (no retry can help)", async () => {
    const message = await insertMessage();
    fake.failNext(1, 422);

    const { error } = await engineFor(message.id, { attempt: 0, maxAttempts: 5 }).execute();

    expect(error).toMatchObject({ name: "NonRetriableError" });
    expect(await reload(message.id)).toMatchObject({
      status: "failed",
      error: expect.stringContaining("validation_error"),
    });
  });

  it("does not send a message that is already sent", async () => {
    const message = await insertMessage({
      status: "sent",
      providerMessageId: "re_earlier",
      attempts: 1,
      sentAt: new Date(),
    });

    const { result } = await engineFor(message.id).execute();

    expect(result).toEqual({ status: "already-sent", transport: "resend", providerMessageId: "re_earlier" });
    expect(fake.requests).toHaveLength(0);
    expect((await reload(message.id)).attempts).toBe(1);
  });

  it("delivers once when the same message is requested twice", async () => {
    const message = await insertMessage();
    await engineFor(message.id).execute();
    const { result } = await engineFor(message.id).execute();
    expect(result).toMatchObject({ status: "already-sent" });
    expect(fake.sent).toHaveLength(1);
  });

  it("delivers dev-outbox messages without calling Resend", async () => {
    const message = await insertMessage({ transport: "dev_outbox" });
    const { result } = await engineFor(message.id).execute();
    expect(result).toEqual({ status: "sent", transport: "dev_outbox", providerMessageId: null });
    expect(fake.requests).toHaveLength(0);
    expect(await reload(message.id)).toMatchObject({ status: "sent", attempts: 1 });
  });

  it("records a run executed outside the local driver in job_runs, with its progress", async () => {
    const message = await insertMessage({ transport: "dev_outbox" });

    const { ctx } = await engineFor(message.id).execute();

    // @inngest/test drives the function like an Inngest server would (ULID run id, client middleware).
    expect(isUuid(ctx.runId)).toBe(false);
    await reportProgress(ctx.runId, { done: 1, total: 1 });
    const run = await getJobRun(db, ctx.runId);
    expect(run).toMatchObject({
      id: jobRunId(ctx.runId),
      functionId: "send-email",
      eventName: "email/send.requested",
      status: "completed",
      output: { status: "sent", transport: "dev_outbox", providerMessageId: null },
      progress: { done: 1, total: 1 },
    });
    expect(jobRunId(ctx.runId)).toBe(jobRunId(ctx.runId));
    expect(isUuid(jobRunId(ctx.runId))).toBe(true);
  });

  describe("with its retries and onFailure (local driver)", () => {
    // No sweeps: this driver runs only what it sends (test files may share one Postgres).
    const makeDriver = (opts: Partial<LocalDriverOptions> = {}) => {
      const driver = new LocalDriver({
        db,
        functions: [sendEmail],
        sweepIntervalMs: 0,
        retryDelayMs: () => 0,
        ...opts,
      });
      drivers.push(driver);
      return driver;
    };
    const runsFor = (emailMessageId: string) =>
      db
        .select()
        .from(jobRuns)
        .where(eq(jobRuns.eventName, "email/send.requested"))
        .then((rows) =>
          rows.filter((r) => (r.event.data as { emailMessageId?: string }).emailMessageId === emailMessageId),
        );

    it("tries 5 times, then the message is failed and onFailure has run", async () => {
      const message = await insertMessage();
      fake.failNext(5, 500);
      const driver = makeDriver();

      await driver.send({ name: "email/send.requested", data: { emailMessageId: message.id } });
      await driver.idle();

      expect(fake.requests).toHaveLength(5);
      expect(fake.sent).toHaveLength(0);
      expect(await reload(message.id)).toMatchObject({
        status: "failed",
        attempts: 5,
        error: expect.stringContaining("internal_server_error"),
      });
      const [run] = await runsFor(message.id);
      expect(run).toMatchObject({
        status: "failed",
        error: expect.stringContaining("internal_server_error"),
      });
      const failureRuns = await db.select().from(jobRuns).where(eq(jobRuns.functionId, "send-email-failure"));
      const failureRun = failureRuns.find((r) => (r.event.data as { run_id?: string }).run_id === run!.id);
      expect(failureRun).toMatchObject({ status: "completed", eventName: "inngest/function.failed" });
    });

    it("waits for Resend's Retry-After on a 429, then sends", async () => {
      const message = await insertMessage();
      fake.failNext(1, 429, { retryAfterSeconds: 1 });
      const driver = makeDriver();

      const sentAt = Date.now();
      await driver.send({ name: "email/send.requested", data: { emailMessageId: message.id } });
      await vi.waitFor(async () =>
        expect((await runsFor(message.id))[0]).toMatchObject({ status: "queued", attempt: 1 }),
      );

      const [waiting] = await runsFor(message.id);
      expect(waiting!.wakeAt!.getTime()).toBeGreaterThanOrEqual(sentAt + 1000);
      expect((await reload(message.id)).status).toBe("queued");

      // The driver's own timer wakes the run once the Retry-After has passed.
      await vi.waitFor(async () => expect((await reload(message.id)).status).toBe("sent"), { timeout: 5000 });
      await driver.idle();
      expect(Date.now() - sentAt).toBeGreaterThanOrEqual(1000);
      expect(await reload(message.id)).toMatchObject({ status: "sent", attempts: 2 });
      expect(fake.requests).toHaveLength(2);
      expect(fake.sent).toHaveLength(1);
      expect((await runsFor(message.id))[0]?.status).toBe("completed");
    });
  });
});
