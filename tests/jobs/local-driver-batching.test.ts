import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { Inngest } from "inngest";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { jobRuns } from "@/db/schema";
import { batchRulesOf } from "@/server/jobs/local/batching";
import { LocalDriver } from "@/server/jobs/local/driver";
import { logger } from "@/server/logger";
import { testDb } from "../helpers/db";

const suffix = randomUUID().slice(0, 8);
const client = new Inngest({ id: `batch-test-${suffix}`, logger });
let db: Db;
const drivers: LocalDriver[] = [];

beforeAll(async () => {
  db = (await testDb()).db;
});
afterEach(async () => {
  for (const d of drivers.splice(0)) await d.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A function that batches by `event.data.k` and records each run's events. */
function batching(name: string, maxSize: number, timeout: `${number}s` = "1s", retries: 0 | 1 = 0) {
  const seen: string[][] = [];
  const failures: unknown[] = [];
  let failOnce = false;
  const fn = client.createFunction(
    {
      id: `${name}-${suffix}`,
      retries,
      triggers: [{ event: `batch/${name}.${suffix}` }],
      batchEvents: { maxSize, timeout, key: "event.data.k" },
      onFailure: async ({ event }) => {
        failures.push((event.data as { events?: unknown }).events);
      },
    },
    async ({ events, step }) =>
      step.run("record", () => {
        if (failOnce) {
          failOnce = false;
          throw new Error("partner down");
        }
        const ids = events.map((e) => e.data.n as string);
        seen.push(ids);
        return ids.length;
      }),
  );
  return {
    fn,
    seen,
    failures,
    failNext: () => {
      failOnce = true;
    },
    event: (k: string, n: string) => ({ name: `batch/${name}.${suffix}`, data: { k, n } }),
  };
}

async function runsOf(functionId: string) {
  return db.select().from(jobRuns).where(eq(jobRuns.functionId, functionId));
}

describe("local driver batchEvents", () => {
  it("reads a function's batchEvents and refuses what it cannot do", () => {
    const f = batching("read", 3, "2s");
    const rules = batchRulesOf(f.fn)!;
    expect(rules).toMatchObject({ maxSize: 3, timeoutMs: 2000 });
    expect(rules.key!({ name: "x", data: { k: "b1" } })).toBe("b1");
    const conditional = client.createFunction(
      {
        id: `if-${suffix}`,
        triggers: [{ event: "batch/if" }],
        batchEvents: { maxSize: 3, timeout: "1s", if: 'event.data.plan == "free"' },
      },
      async () => null,
    );
    expect(() => batchRulesOf(conditional)).toThrow(/need an Inngest server/);
  });

  it("starts one run per full batch, per key, with every event in the order sent", async () => {
    const f = batching("full", 3, "60s");
    const driver = new LocalDriver({ db, functions: [f.fn], sweepIntervalMs: 0 });
    drivers.push(driver);
    await driver.send([f.event("a", "1"), f.event("b", "x"), f.event("a", "2")]);
    await driver.send(f.event("a", "3"));
    // Full: stored and started at once, without waiting for the 60 s timeout.
    for (let i = 0; i < 100 && f.seen.length === 0; i++) await sleep(10);
    expect(f.seen).toEqual([["1", "2", "3"]]);
    const runs = await runsOf(f.fn.id());
    expect(runs).toHaveLength(1);
    expect(runs[0]!.events).toHaveLength(3);
    expect(runs[0]!.event).toMatchObject({ data: { n: "1" } });
    // Key "b" holds one event, still open; idle() starts it.
    await driver.idle();
    expect(f.seen).toEqual([["1", "2", "3"], ["x"]]);
    expect((await runsOf(f.fn.id())).every((r) => r.status === "completed")).toBe(true);
  });

  it("starts a batch that is not full when its timeout passes", async () => {
    const f = batching("timeout", 100, "1s");
    const driver = new LocalDriver({ db, functions: [f.fn], sweepIntervalMs: 0 });
    drivers.push(driver);
    const started = Date.now();
    await driver.send([f.event("a", "1"), f.event("a", "2")]);
    await sleep(300);
    await driver.send(f.event("a", "3"));
    expect(f.seen).toEqual([]);
    for (let i = 0; i < 300 && f.seen.length === 0; i++) await sleep(10);
    expect(f.seen).toEqual([["1", "2", "3"]]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
  });

  it("stores open batches when stopped, for the next driver to run", async () => {
    const f = batching("stop", 100, "60s");
    const first = new LocalDriver({ db, functions: [f.fn], sweepIntervalMs: 0 });
    await first.send([f.event("a", "1"), f.event("a", "2")]);
    await first.stop();
    const [stored] = await runsOf(f.fn.id());
    expect(stored).toMatchObject({ status: "queued" });
    expect(f.seen).toEqual([]);
    const next = new LocalDriver({ db, functions: [f.fn], sweepIntervalMs: 0 });
    drivers.push(next);
    await next.tick();
    await next.idle();
    expect(f.seen).toEqual([["1", "2"]]);
  });

  it("retries a batch as a whole, and tells onFailure every event of a batch that failed", async () => {
    const retried = batching("retry", 2, "60s", 1);
    const driver = new LocalDriver({
      db,
      functions: [retried.fn],
      sweepIntervalMs: 0,
      retryDelayMs: () => 0,
    });
    drivers.push(driver);
    retried.failNext();
    await driver.send([retried.event("a", "1"), retried.event("a", "2")]);
    for (let i = 0; i < 200 && retried.seen.length === 0; i++) {
      await driver.idle();
      await sleep(10);
    }
    expect(retried.seen).toEqual([["1", "2"]]);

    const failing = client.createFunction(
      {
        id: `always-${suffix}`,
        retries: 0,
        triggers: [{ event: `batch/always.${suffix}` }],
        batchEvents: { maxSize: 2, timeout: "60s" },
        onFailure: async ({ event }) => {
          retried.failures.push(
            (event.data as { events?: Array<{ data: unknown }> }).events?.map((e) => e.data),
          );
        },
      },
      async () => {
        throw new Error("never works");
      },
    );
    const other = new LocalDriver({ db, functions: [failing], sweepIntervalMs: 0 });
    drivers.push(other);
    await other.send([
      { name: `batch/always.${suffix}`, data: { n: 1 } },
      { name: `batch/always.${suffix}`, data: { n: 2 } },
    ]);
    for (let i = 0; i < 200 && retried.failures.length === 0; i++) {
      await other.idle();
      await sleep(10);
    }
    expect(retried.failures).toEqual([[{ n: 1 }, { n: 2 }]]);
  });
});
