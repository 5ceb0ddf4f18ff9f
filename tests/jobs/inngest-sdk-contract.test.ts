import { createHash } from "node:crypto";
import { Inngest, NonRetriableError } from "inngest";
import { StepOpCode } from "inngest/types";
import { describe, expect, it } from "vitest";
import {
  clientOf,
  type ExecutionResult,
  executeOnce,
  hashStepId,
  retriesOf,
} from "@/server/jobs/local/execution";

/**
 * The local job driver runs our Inngest functions in-process through SDK members that are not public API
 * (`fn.createExecution`, `fn.client`, `InngestExecutionEngine._internals.hashId`, the execution result
 * shapes and `StepOpCode` values; all in server/jobs/local/execution.ts). This test drives that surface
 * directly, one protocol request at a time, so an SDK upgrade that changes any of it fails here by name
 * instead of leaving background jobs silently stuck.
 */

const client = new Inngest({ id: "sdk-contract" });
const event = { name: "contract/test", data: { n: 2 }, id: "evt-1", ts: Date.UTC(2026, 0, 1) };

const fn = client.createFunction(
  {
    id: "contract",
    retries: 2,
    triggers: [{ event: "contract/test" }],
    onFailure: async ({ event: failed }) => ({
      failedWith: (failed.data as { error: { message: string } }).error.message,
    }),
  },
  async ({ event: e, step }) => {
    const doubled = await step.run("double", () => (e.data as { n: number }).n * 2);
    await step.sleep("nap", "1s");
    if (doubled < 0) throw new NonRetriableError("negative");
    return { doubled };
  },
);

const failing = client.createFunction(
  { id: "contract-failing", retries: 0, triggers: [{ event: "contract/test" }] },
  async ({ step }) => {
    await step.run("boom", () => {
      throw new Error("boom");
    });
  },
);

function run(
  f: typeof fn | typeof failing,
  steps: Array<[string, { data: unknown } | { error: unknown }]>,
  extra: Partial<Parameters<typeof executeOnce>[0]> = {},
): Promise<ExecutionResult> {
  return executeOnce({
    fn: f as never,
    handlerKind: "main",
    runId: "run-1",
    event,
    attempt: 0,
    maxAttempts: 3,
    steps,
    ...extra,
  });
}

describe("Inngest SDK surface the local driver relies on", () => {
  it("hashes step ids with SHA-1, as memoized state is keyed", () => {
    expect(hashStepId("double")).toBe(createHash("sha1").update("double").digest("hex"));
  });

  it("exposes the function's client and retries", () => {
    expect(clientOf(fn as never)).toBe(client);
    expect(retriesOf(fn as never)).toBe(2);
  });

  it("keeps the step op codes the driver switches on", () => {
    for (const code of [
      "StepPlanned",
      "StepRun",
      "StepError",
      "StepFailed",
      "Sleep",
      "RunComplete",
      "DeferAdd",
      "DeferAbort",
    ]) {
      expect(StepOpCode[code as keyof typeof StepOpCode], `StepOpCode.${code}`).toBeTypeOf("string");
    }
  });

  it("replays a function one request at a time: a step runs, a sleep is found, then it resolves", async () => {
    const first = await run(fn, []);
    // The first request either runs the only step found or reports it as planned.
    let doubleMemo: unknown;
    if (first.type === "step-ran") {
      expect(first.step.id).toBe(hashStepId("double"));
      expect(first.step.data).toBe(4);
      doubleMemo = first.step.data;
    } else {
      expect(first.type).toBe("steps-found");
      const planned = (first as Extract<ExecutionResult, { type: "steps-found" }>).steps;
      expect(planned.map((s) => [s.id, s.op])).toEqual([[hashStepId("double"), StepOpCode.StepPlanned]]);
      const ran = await run(fn, [], { requestedRunStep: hashStepId("double") });
      expect(ran.type).toBe("step-ran");
      doubleMemo = (ran as Extract<ExecutionResult, { type: "step-ran" }>).step.data;
    }
    expect(doubleMemo).toBe(4);

    const second = await run(fn, [[hashStepId("double"), { data: 4 }]]);
    expect(second.type).toBe("steps-found");
    const found = (second as Extract<ExecutionResult, { type: "steps-found" }>).steps;
    expect(found.map((s) => [s.id, s.op, s.displayName ?? s.name])).toEqual([
      [hashStepId("nap"), StepOpCode.Sleep, "nap"],
    ]);

    const third = await run(fn, [
      [hashStepId("double"), { data: 4 }],
      [hashStepId("nap"), { data: null }],
    ]);
    expect(third).toMatchObject({ type: "function-resolved", data: { doubled: 4 } });
  });

  it("reports a step that throws as a step error, final on the last attempt", async () => {
    const request = async (attempt: number, maxAttempts: number) => {
      let r = await run(failing, [], { attempt, maxAttempts });
      if (r.type === "steps-found")
        r = await run(failing, [], { attempt, maxAttempts, requestedRunStep: hashStepId("boom") });
      return r as Extract<ExecutionResult, { type: "step-ran" }>;
    };
    const retriable = await request(0, 3);
    expect(retriable.type).toBe("step-ran");
    expect(retriable.step.op).toBe(StepOpCode.StepError);
    const final = await request(0, 1);
    expect(final.step.op).toBe(StepOpCode.StepFailed);
  });

  it("runs the onFailure handler for handlerKind failure", async () => {
    const failedEvent = {
      name: "inngest/function.failed",
      data: { function_id: "sdk-contract-contract", run_id: "run-1", error: { message: "it broke" }, event },
      id: "evt-2",
      ts: Date.UTC(2026, 0, 1),
    };
    const r = await executeOnce({
      fn: fn as never,
      handlerKind: "failure",
      runId: "run-2",
      event: failedEvent,
      attempt: 0,
      maxAttempts: 1,
      steps: [],
    });
    expect(r).toMatchObject({ type: "function-resolved", data: { failedWith: "it broke" } });
  });
});
