import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { Inngest, NonRetriableError } from "inngest";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { jobRuns } from "@/db/schema";
import { getJobRun, reportProgress } from "@/server/jobs/job-runs";
import { LocalDriver, type LocalDriverOptions } from "@/server/jobs/local/driver";
import { logger } from "@/server/logger";
import { testDb } from "../helpers/db";

// Function ids carry a per-run suffix: with DATABASE_URL the database is shared by test files and
// kept between runs, and a driver only touches runs of its own functions.
const suffix = randomUUID().slice(0, 8);
const client = new Inngest({ id: `driver-test-${suffix}`, logger });
const fnId = (name: string) => `ldt-${name}-${suffix}`;
const eventName = (name: string) => `ldt/${name}.${suffix}`;

let db: Db;
let now = new Date("2030-01-01T08:59:30Z");
const clock = () => new Date(now.getTime());
const advance = (ms: number) => {
  now = new Date(now.getTime() + ms);
};
const drivers: LocalDriver[] = [];

function makeDriver(functions: LocalDriverOptions["functions"], opts: Partial<LocalDriverOptions> = {}) {
  const driver = new LocalDriver({
    db,
    functions,
    now: clock,
    sweepIntervalMs: 0,
    retryDelayMs: () => 0,
    ...opts,
  });
  drivers.push(driver);
  return driver;
}

async function runsOf(functionId: string) {
  return db.select().from(jobRuns).where(eq(jobRuns.functionId, functionId)).orderBy(jobRuns.createdAt);
}

async function onlyRun(functionId: string) {
  const rows = await runsOf(functionId);
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

beforeAll(async () => {
  db = (await testDb()).db;
});

afterEach(async () => {
  for (const driver of drivers.splice(0)) await driver.stop();
});

describe("local driver", () => {
  it("runs the functions an event triggers and stores the outcome in job_runs", async () => {
    const hello = client.createFunction(
      { id: fnId("hello"), triggers: [{ event: eventName("hello") }] },
      async ({ event, step }) => {
        const greeting = await step.run("greet", () => `Hello, ${(event.data as { name: string }).name}`);
        return { greeting };
      },
    );
    const other = client.createFunction(
      { id: fnId("other"), triggers: [{ event: eventName("other") }] },
      async () => 1,
    );
    const driver = makeDriver([hello, other]);

    const { ids } = await driver.send({ name: eventName("hello"), data: { name: "Asha" } });
    await driver.idle();

    expect(ids).toHaveLength(1);
    const run = await onlyRun(fnId("hello"));
    expect(run).toMatchObject({
      status: "completed",
      output: { greeting: "Hello, Asha" },
      attempt: 0,
      error: null,
    });
    expect(run.event).toMatchObject({ id: ids[0], name: eventName("hello"), data: { name: "Asha" } });
    expect(Object.values(run.steps)).toEqual([expect.objectContaining({ id: "greet", data: "Hello, Asha" })]);
    expect(run.startedAt).not.toBeNull();
    expect(run.finishedAt).not.toBeNull();
    expect(await runsOf(fnId("other"))).toHaveLength(0);
  });

  it("skips finished steps when an interrupted run is resumed", async () => {
    let firstCalls = 0;
    let secondCalls = 0;
    let crashing = true;
    const twoSteps = client.createFunction(
      { id: fnId("two-steps"), triggers: [{ event: eventName("two-steps") }] },
      async ({ step }) => {
        const a = await step.run("first", () => {
          firstCalls++;
          return 1;
        });
        const b = await step.run("second", () => {
          secondCalls++;
          // The first time, the process "dies" in the middle of this step: it never finishes.
          return crashing ? new Promise<number>(() => {}) : 2;
        });
        return { a, b };
      },
    );

    const crashed = makeDriver([twoSteps]);
    await crashed.send({ name: eventName("two-steps"), data: {} });
    await vi.waitFor(() => expect(secondCalls).toBe(1));
    const running = await onlyRun(fnId("two-steps"));
    expect(running.status).toBe("running");
    expect(Object.values(running.steps)).toEqual([expect.objectContaining({ id: "first", data: 1 })]);
    await crashed.stop();

    // A new process starts: the run has had no heartbeat, so it is marked interrupted.
    crashing = false;
    advance(1000);
    const restarted = makeDriver([twoSteps], { staleAfterMs: 0 });
    await restarted.start();
    await restarted.tick();
    expect((await getJobRun(db, running.id))?.status).toBe("interrupted");

    await restarted.resume(running.id);
    await restarted.idle();

    const done = await getJobRun(db, running.id);
    expect(done).toMatchObject({ status: "completed", output: { a: 1, b: 2 } });
    expect(firstCalls).toBe(1);
    expect(secondCalls).toBe(2);
    await expect(restarted.resume(running.id)).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(restarted.resume(randomUUID())).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("parks a sleeping run and wakes it when its time comes", async () => {
    let before = 0;
    let after = 0;
    const napper = client.createFunction(
      { id: fnId("napper"), triggers: [{ event: eventName("napper") }] },
      async ({ step }) => {
        await step.run("before", () => ++before);
        await step.sleep("nap", "1h");
        await step.run("after", () => ++after);
        return "rested";
      },
    );
    const driver = makeDriver([napper]);
    const sentAt = clock();
    await driver.send({ name: eventName("napper"), data: {} });
    await driver.idle();

    let run = await onlyRun(fnId("napper"));
    expect(run.status).toBe("sleeping");
    expect(run.wakeAt?.toISOString()).toBe(new Date(sentAt.getTime() + 3_600_000).toISOString());

    advance(30 * 60_000);
    await driver.tick();
    await driver.idle();
    expect((await onlyRun(fnId("napper"))).status).toBe("sleeping");

    advance(31 * 60_000);
    await driver.tick();
    await driver.idle();
    run = await onlyRun(fnId("napper"));
    expect(run).toMatchObject({ status: "completed", output: "rested" });
    expect([before, after]).toEqual([1, 1]);
  });

  it("retries with backoff up to the function's retries, then runs onFailure", async () => {
    let calls = 0;
    const failures: Array<{ message: string; data: unknown }> = [];
    const flaky = client.createFunction(
      {
        id: fnId("flaky"),
        retries: 2,
        triggers: [{ event: eventName("flaky") }],
        onFailure: async ({ error, event }) => {
          failures.push({ message: error.message, data: event.data.event.data });
        },
      },
      async ({ step }) => {
        await step.run("call-partner", () => {
          calls++;
          throw new Error(`partner down #${calls}`);
        });
      },
    );
    const driver = makeDriver([flaky], { retryDelayMs: (attempt) => attempt * 1000 });
    await driver.send({ name: eventName("flaky"), data: { orderId: "o-1" } });
    await driver.idle();

    let run = await onlyRun(fnId("flaky"));
    expect(run).toMatchObject({ status: "queued", attempt: 1, error: "partner down #1" });
    expect(run.wakeAt?.getTime()).toBe(now.getTime() + 1000);

    advance(999);
    await driver.tick();
    await driver.idle();
    expect(calls).toBe(1);

    advance(1);
    await driver.tick();
    await driver.idle();
    run = await onlyRun(fnId("flaky"));
    expect(run).toMatchObject({ status: "queued", attempt: 2, error: "partner down #2" });
    expect(run.wakeAt?.getTime()).toBe(now.getTime() + 2000);

    advance(2000);
    await driver.tick();
    await driver.idle();
    run = await onlyRun(fnId("flaky"));
    expect(calls).toBe(3);
    expect(run.status).toBe("failed");
    expect(run.error).toContain("partner down #3");

    const failureRun = await onlyRun(`${fnId("flaky")}-failure`);
    expect(failureRun).toMatchObject({ status: "completed", eventName: "inngest/function.failed" });
    expect(failures).toHaveLength(1);
    expect(failures[0]?.message).toContain("partner down #3");
    expect(failures[0]?.data).toEqual({ orderId: "o-1" });
  });

  it("does not retry a NonRetriableError", async () => {
    let calls = 0;
    const strict = client.createFunction(
      { id: fnId("strict"), retries: 3, triggers: [{ event: eventName("strict") }] },
      async ({ step }) => {
        await step.run("validate", () => {
          calls++;
          throw new NonRetriableError("bad input");
        });
      },
    );
    const driver = makeDriver([strict]);
    await driver.send({ name: eventName("strict"), data: {} });
    await driver.idle();
    expect(calls).toBe(1);
    expect(await onlyRun(fnId("strict"))).toMatchObject({
      status: "failed",
      error: expect.stringContaining("bad input"),
    });
  });

  it("fires cron triggers once per schedule slot", async () => {
    now = new Date("2030-01-01T08:59:30Z");
    const daily = client.createFunction(
      { id: fnId("daily"), triggers: [{ cron: "0 9 * * *" }] },
      async ({ event }) => ({ cron: (event.data as { cron: string }).cron, ts: event.ts }),
    );
    const driver = makeDriver([daily]);
    // A second process with the same functions, started at the same time.
    const other = makeDriver([daily]);
    await driver.start();
    await other.start();
    await driver.tick();
    expect(await runsOf(fnId("daily"))).toHaveLength(0);

    advance(40_000); // 09:00:10
    await driver.tick();
    await driver.idle();
    await driver.tick();
    await other.tick(); // the slot is taken: no second run
    await other.idle();

    const runs = await runsOf(fnId("daily"));
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      status: "completed",
      eventName: "inngest/scheduled.timer",
      output: { cron: "0 9 * * *", ts: Date.parse("2030-01-01T09:00:00Z") },
    });

    advance(24 * 3_600_000); // the next day, 09:00:10
    await driver.tick();
    await driver.idle();
    expect(await runsOf(fnId("daily"))).toHaveLength(2);
  });

  it("stores progress reported by a function where the UI reads it", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const importer = client.createFunction(
      { id: fnId("importer"), triggers: [{ event: eventName("importer") }] },
      async ({ step, runId }) => {
        await step.run("chunk-1", () =>
          reportProgress(runId, { done: 50, total: 100, message: "Importing" }),
        );
        await step.run("chunk-2", async () => {
          await gate;
          await reportProgress(runId, { done: 100, total: 100 });
        });
        return "imported";
      },
    );
    const driver = makeDriver([importer]);
    await driver.send({ name: eventName("importer"), data: {} });

    const run = await vi.waitFor(async () => {
      const row = await onlyRun(fnId("importer"));
      expect(row.progress).toEqual({ done: 50, total: 100, message: "Importing" });
      return row;
    });
    expect(run.status).toBe("running");

    release();
    await driver.idle();
    expect(await getJobRun(db, run.id)).toMatchObject({
      status: "completed",
      output: "imported",
      progress: { done: 100, total: 100 },
    });
  });

  it("delivers step.sendEvent back to the driver", async () => {
    const parent = client.createFunction(
      { id: fnId("parent"), triggers: [{ event: eventName("parent") }] },
      async ({ step }) =>
        step.sendEvent("notify-child", { name: eventName("child"), data: { orderId: "o-9" } }),
    );
    const child = client.createFunction(
      { id: fnId("child"), triggers: [{ event: eventName("child") }] },
      async ({ event }) => event.data,
    );
    const driver = makeDriver([parent, child]);
    await driver.send({ name: eventName("parent"), data: {} });
    await driver.idle();

    const parentRun = await onlyRun(fnId("parent"));
    expect(parentRun.status).toBe("completed");
    expect(parentRun.output).toEqual({ ids: [expect.any(String)] });
    expect(await onlyRun(fnId("child"))).toMatchObject({ status: "completed", output: { orderId: "o-9" } });
  });

  it("fails clearly on steps that need an Inngest server", async () => {
    const waiter = client.createFunction(
      { id: fnId("waiter"), triggers: [{ event: eventName("waiter") }] },
      async ({ step }) => step.waitForEvent("wait-approval", { event: eventName("approved"), timeout: "1h" }),
    );
    const driver = makeDriver([waiter]);
    await driver.send({ name: eventName("waiter"), data: {} });
    await driver.idle();
    const run = await onlyRun(fnId("waiter"));
    expect(run.status).toBe("failed");
    expect(run.error).toMatch(/needs an Inngest server/);
  });

  it("keeps runs of one business under that business", async () => {
    const scoped = client.createFunction(
      { id: fnId("scoped"), triggers: [{ event: eventName("scoped") }] },
      async () => "ok",
    );
    const driver = makeDriver([scoped]);
    await driver.send({ name: eventName("scoped"), data: { businessId: "not-a-uuid" } });
    await driver.idle();
    const run = await onlyRun(fnId("scoped"));
    expect(run.businessId).toBeNull();
    expect(await getJobRun(db, run.id, randomUUID())).toBeNull();
    expect(
      await db
        .select({ id: jobRuns.id })
        .from(jobRuns)
        .where(and(eq(jobRuns.id, run.id), eq(jobRuns.status, "completed"))),
    ).toHaveLength(1);
  });
});
