import type { Context, EventPayload, Inngest, InngestFunction } from "inngest";
import { type InngestExecution, InngestExecutionEngine } from "inngest/internals";
import { StepMode } from "inngest/types";

/**
 * The one place where the local driver touches the Inngest SDK's execution internals — the same entry
 * point the SDK's own serve handler and `@inngest/test` use (`fn.createExecution(...).start()`).
 * One call is one "request" of the Inngest executor protocol: the SDK replays the function with the
 * memoized step results it is given and reports what happened next (a step ran, steps were found,
 * the function resolved or rejected). If an SDK upgrade changes this surface, only this file moves.
 */

/** A memoized step result, keyed by hashed step id in `ExecuteOnceInput.steps`. */
export type StepMemo = { data: unknown } | { error: unknown };

export type ExecutionResult = InngestExecution.ExecutionResult;

export interface ExecuteOnceInput {
  fn: InngestFunction.Any;
  /** "failure" runs the function's `onFailure` handler with an `inngest/function.failed` event. */
  handlerKind: "main" | "failure";
  runId: string;
  event: EventPayload;
  /** Every event of a batch run (`event` is the first); absent for a run of one event. */
  events?: EventPayload[];
  /** Zero-based attempt of the current step (or of the function when it fails outside steps). */
  attempt: number;
  /** retries + 1; the SDK marks an error final (StepFailed / not retriable) on the last attempt. */
  maxAttempts: number;
  /** Finished steps by hashed id, in completion order. */
  steps: Array<[hashedId: string, memo: StepMemo]>;
  /** Hashed id of the one step to run in this call (parallel steps run one by one). */
  requestedRunStep?: string;
  /** Replaces parts of the handler context (the driver routes `step.sendEvent` through it). */
  transformCtx?: (ctx: Context.Any) => Context.Any;
}

/** Runs one execution of `fn` and returns the SDK's result. */
export async function executeOnce(input: ExecuteOnceInput): Promise<ExecutionResult> {
  const stepState = Object.fromEntries(input.steps.map(([id, memo]) => [id, { id, ...memo }]));
  // biome-ignore lint/complexity/useLiteralKeys: protected SDK member, reached as the SDK's serve handler does
  const execution = input.fn["createExecution"]({
    partialOptions: {
      client: clientOf(input.fn),
      runId: input.runId,
      data: {
        runId: input.runId,
        event: input.event,
        events: (input.events?.length ? input.events : [input.event]) as [EventPayload, ...EventPayload[]],
        attempt: input.attempt,
        maxAttempts: input.maxAttempts,
      },
      reqArgs: [],
      headers: {},
      stepState,
      stepCompletionOrder: input.steps.map(([id]) => id),
      stepMode: StepMode.Async,
      requestedRunStep: input.requestedRunStep,
      handlerKind: input.handlerKind,
      transformCtx: input.transformCtx,
    },
  });
  return execution.start();
}

/** The Inngest client a function was created from. */
export function clientOf(fn: InngestFunction.Any): Inngest.Any {
  // biome-ignore lint/complexity/useLiteralKeys: protected SDK member
  return fn["client"];
}

/** The SDK's hashed form of a step id (what memoized state is keyed by). */
export function hashStepId(id: string): string {
  return InngestExecutionEngine._internals.hashId(id);
}

/** Retries configured on `fn` (Inngest's documented default is 4 retries, i.e. 5 attempts). */
export function retriesOf(fn: InngestFunction.Any): number {
  const retries = (fn.opts as { retries?: number }).retries;
  return typeof retries === "number" ? retries : 4;
}
