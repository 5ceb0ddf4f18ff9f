import { randomUUID } from "node:crypto";
import { Inngest } from "inngest";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { LocalDriver } from "@/server/jobs/local/driver";
import { compileKey, FlowGate, flowRulesOf } from "@/server/jobs/local/flow-control";
import { logger } from "@/server/logger";
import { testDb } from "../helpers/db";

const suffix = randomUUID().slice(0, 8);
const client = new Inngest({ id: `flow-test-${suffix}`, logger });
let db: Db;
const drivers: LocalDriver[] = [];

beforeAll(async () => {
  db = (await testDb()).db;
});
afterEach(async () => {
  for (const d of drivers.splice(0)) await d.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("local driver flow control", () => {
  it("reads Inngest key expressions of events", () => {
    const key = compileKey('event.data.businessId + "-" + event.data.channel');
    expect(key({ name: "x", data: { businessId: "b1", channel: "email" } })).toBe("b1-email");
    expect(compileKey("event.data.a.b")({ name: "x", data: { a: { b: 7 } } })).toBe("7");
    expect(() => compileKey("event.data.a * 2")).toThrow(/cannot read the key expression/);
  });

  it("keeps one run per concurrency key at a time, while other keys run alongside", async () => {
    const running = new Map<string, number>();
    const maxSeen = new Map<string, number>();
    let together = 0;
    let maxTogether = 0;
    const fn = client.createFunction(
      {
        id: `flow-conc-${suffix}`,
        triggers: [{ event: `flow/conc.${suffix}` }],
        concurrency: { limit: 1, key: "event.data.k" },
      },
      async ({ event, step }) =>
        step.run("work", async () => {
          const k = event.data.k as string;
          running.set(k, (running.get(k) ?? 0) + 1);
          together += 1;
          maxSeen.set(k, Math.max(maxSeen.get(k) ?? 0, running.get(k)!));
          maxTogether = Math.max(maxTogether, together);
          await sleep(40);
          running.set(k, running.get(k)! - 1);
          together -= 1;
          return k;
        }),
    );
    const driver = new LocalDriver({ db, functions: [fn], sweepIntervalMs: 0, concurrency: 8 });
    drivers.push(driver);
    await driver.send([
      ...Array.from({ length: 4 }, () => ({ name: `flow/conc.${suffix}`, data: { k: "a" } })),
      ...Array.from({ length: 4 }, () => ({ name: `flow/conc.${suffix}`, data: { k: "b" } })),
    ]);
    await driver.idle();
    expect(maxSeen.get("a")).toBe(1);
    expect(maxSeen.get("b")).toBe(1);
    expect(maxTogether).toBe(2);
  });

  it("spaces run starts by the throttle (GCRA), per key", () => {
    const fn = client.createFunction(
      {
        id: `flow-thr-${suffix}`,
        triggers: [{ event: `flow/thr.${suffix}` }],
        throttle: { limit: 4, period: "1s", key: "event.data.k" },
      },
      async () => "ok",
    );
    const rules = flowRulesOf(fn);
    const gate = new FlowGate();
    const t0 = new Date("2030-01-01T00:00:00Z");
    const at = (ms: number) => new Date(t0.getTime() + ms);
    const a = { name: "x", data: { k: "a" } };
    expect(gate.enter("f", rules, a, true, at(0)).kind).toBe("go");
    const second = gate.enter("f", rules, a, true, at(10));
    expect(second).toEqual({ kind: "later", key: "f#t:a", at: at(250) });
    expect(gate.enter("f", rules, a, true, at(250)).kind).toBe("go");
    // Another key has its own schedule; a resumed run (not a first start) is not counted.
    expect(gate.enter("f", rules, { name: "x", data: { k: "b" } }, true, at(260)).kind).toBe("go");
    expect(gate.enter("f", rules, a, false, at(260)).kind).toBe("go");
  });

  it("catches up a start that came late to its slot, never above the limit in any one period", () => {
    const throttled = (limit: number) =>
      flowRulesOf(
        client.createFunction(
          {
            id: `flow-late-${limit}-${suffix}`,
            triggers: [{ event: `flow/late.${suffix}` }],
            throttle: { limit, period: "1s" },
          },
          async () => "ok",
        ),
      );
    const t0 = new Date("2030-01-01T00:00:00Z");
    const at = (ms: number) => new Date(t0.getTime() + ms);
    const e = { name: "x", data: {} };

    // 4 a second (a slot every 250 ms): the second run comes 50 ms after its slot; the third's slot
    // stays at 500 ms, so the rate does not lose the 50 ms.
    const four = new FlowGate();
    const r4 = throttled(4);
    expect(four.enter("f", r4, e, true, at(0)).kind).toBe("go");
    expect(four.enter("f", r4, e, true, at(300)).kind).toBe("go");
    expect(four.enter("f", r4, e, true, at(450))).toMatchObject({ kind: "later", at: at(500) });
    // After a pause longer than an interval there is nothing to catch up: the schedule restarts.
    expect(four.enter("f", r4, e, true, at(5000)).kind).toBe("go");
    expect(four.enter("f", r4, e, true, at(5100))).toMatchObject({ kind: "later", at: at(5250) });

    // 2 a second (a provider's limit): the second start is 240 ms late, the third comes on its slot;
    // the fourth would be the third inside one second, so it waits until the second's start + 1 s.
    const two = new FlowGate();
    const r2 = throttled(2);
    expect(two.enter("f", r2, e, true, at(0)).kind).toBe("go");
    expect(two.enter("f", r2, e, true, at(740)).kind).toBe("go");
    expect(two.enter("f", r2, e, true, at(1000)).kind).toBe("go");
    expect(two.enter("f", r2, e, true, at(1500))).toMatchObject({ kind: "later", at: at(1740) });
    expect(two.enter("f", r2, e, true, at(1740)).kind).toBe("go");
  });

  it("runs throttled events at the configured rate through the driver", async () => {
    const starts: number[] = [];
    const fn = client.createFunction(
      {
        id: `flow-rate-${suffix}`,
        triggers: [{ event: `flow/rate.${suffix}` }],
        throttle: { limit: 10, period: "1s" },
      },
      async () => {
        starts.push(Date.now());
        return "ok";
      },
    );
    const driver = new LocalDriver({ db, functions: [fn], sweepIntervalMs: 0, concurrency: 8 });
    drivers.push(driver);
    const sentAt = Date.now();
    await driver.send(Array.from({ length: 6 }, () => ({ name: `flow/rate.${suffix}`, data: {} })));
    await driver.idle();
    for (let i = 0; i < 20 && starts.length < 6; i++) {
      await sleep(100);
      await driver.idle();
    }
    expect(starts).toHaveLength(6);
    // 10 a second: the throttle admits the n-th run (from 0) about n × 100 ms after the events were
    // sent, and a run starts after its admission, so the n-th start in time order comes no earlier than
    // (n − 1) × 100 ms after the send (one interval of slack for timers and clock reads). Measured from the
    // send, not between starts: a start delayed by a busy machine (or by opening the database connection)
    // brings the next one closer to it without the rate being broken. Unthrottled, all six would start
    // within a few milliseconds.
    for (const [n, s] of starts.entries()) expect(s - sentAt).toBeGreaterThanOrEqual((n - 1) * 100);
    expect(starts[5]! - sentAt).toBeGreaterThanOrEqual(400);
  });

  it("queues runs waiting for a slot or their throttle: a start re-checks a few, not every waiting run", async () => {
    const n = 60;
    let running = 0;
    let maxRunning = 0;
    const done: number[] = [];
    const fn = client.createFunction(
      {
        id: `flow-queue-${suffix}`,
        triggers: [{ event: `flow/queue.${suffix}` }],
        concurrency: { limit: 1, key: "event.data.k" },
        throttle: { limit: 50, period: "1s", key: "event.data.k" },
      },
      async ({ event }) => {
        running += 1;
        maxRunning = Math.max(maxRunning, running);
        await sleep(5);
        running -= 1;
        done.push(event.data.i as number);
        return "ok";
      },
    );
    const enter = vi.spyOn(FlowGate.prototype, "enter");
    try {
      const driver = new LocalDriver({ db, functions: [fn], sweepIntervalMs: 0, concurrency: 4 });
      drivers.push(driver);
      await driver.send(
        Array.from({ length: n }, (_, i) => ({ name: `flow/queue.${suffix}`, data: { k: "a", i } })),
      );
      for (let i = 0; i < 100 && done.length < n; i++) await sleep(50);
      expect(done).toHaveLength(n);
      expect(maxRunning).toBe(1);
      // Each run passes the gate once when created, once or twice when woken (a slot, then its
      // throttle), and once to start. Waking every waiting run on each start would check ~n²/2 times.
      expect(enter.mock.calls.length).toBeLessThanOrEqual(n * 4);
    } finally {
      enter.mockRestore();
    }
  });
});
