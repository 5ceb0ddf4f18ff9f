import type { EventPayload, InngestFunction } from "inngest";
import { compileKey, periodMs } from "./flow-control";

/*
 * Inngest's event batching for the local driver (inngest.com/docs/guides/batching): a function with
 * `batchEvents: { maxSize, timeout, key? }` gets many events in one run (`events`). A batch starts when it
 * holds `maxSize` events or `timeout` after its first event, whichever comes first; with `key`, events
 * are batched per value of the key expression (the subset `compileKey` reads).
 *
 * The local driver keeps an open batch in this process's memory until it starts, then stores it as one
 * `job_runs` row; a process that dies meanwhile loses the open batch (at most `timeout` of events).
 * Functions that batch must therefore be able to find their work again: lead form submissions are
 * stored before their event is sent, and `sweep-lead-form-submissions` sends the event again.
 */

export interface BatchRules {
  maxSize: number;
  timeoutMs: number;
  key: ((event: EventPayload) => string) | null;
}

/**
 * A function's `batchEvents` as the local driver applies it, or null when it does not batch.
 * Errors: an Error for a size below 1, an unreadable timeout or key expression, or a batch `if`
 * (those need an Inngest server).
 */
export function batchRulesOf(fn: InngestFunction.Any): BatchRules | null {
  const opts = (fn.opts as { batchEvents?: { maxSize: number; timeout: string; key?: string; if?: string } })
    .batchEvents;
  if (!opts) return null;
  if (!Number.isInteger(opts.maxSize) || opts.maxSize < 1)
    throw new Error(`Function ${fn.id()}: batchEvents.maxSize must be a whole number of at least 1.`);
  if (opts.if) throw new Error(`Function ${fn.id()}: batch conditions ("if") need an Inngest server.`);
  return {
    maxSize: opts.maxSize,
    timeoutMs: periodMs(opts.timeout),
    key: opts.key ? compileKey(opts.key) : null,
  };
}

interface OpenBatch {
  functionId: string;
  events: EventPayload[];
  timer: NodeJS.Timeout;
}

/** A batch ready to start: the function and its events in the order they were sent. */
export interface ReadyBatch {
  functionId: string;
  events: EventPayload[];
}

/**
 * The open batches of one driver. `add` puts an event in its function's (and key's) batch and returns
 * the batch when that makes it full; a batch that is not full is handed to `start` when its timeout
 * passes. `start` stores the batch as a run; its errors reach `onError` (timeouts) or the caller of
 * `add`'s batch.
 */
export class EventBatcher {
  private readonly open = new Map<string, OpenBatch>();
  private readonly starting = new Set<Promise<void>>();

  constructor(
    private readonly start: (batch: ReadyBatch) => Promise<void>,
    private readonly onError: (err: unknown, batch: ReadyBatch) => void,
  ) {}

  /** Events waiting in open batches. */
  get waiting(): number {
    let n = 0;
    for (const b of this.open.values()) n += b.events.length;
    return n;
  }

  /** Adds `event` to its batch. Output: the batch when it is now full (the caller starts it), else null. */
  add(functionId: string, rules: BatchRules, event: EventPayload): ReadyBatch | null {
    const key = `${functionId}\u0000${rules.key ? rules.key(event) : ""}`;
    let batch = this.open.get(key);
    if (!batch) {
      const timer = setTimeout(() => this.startOpen(key), rules.timeoutMs);
      timer.unref();
      batch = { functionId, events: [], timer };
      this.open.set(key, batch);
    }
    batch.events.push(event);
    if (batch.events.length < rules.maxSize) return null;
    return this.take(key);
  }

  /** Starts every open batch now and waits until all batches being started are stored. */
  async flush(): Promise<void> {
    for (const key of [...this.open.keys()]) this.startOpen(key);
    await Promise.all([...this.starting]);
  }

  /** Forgets open batches without starting them (the driver stopped without a flush). */
  clear(): void {
    for (const b of this.open.values()) clearTimeout(b.timer);
    this.open.clear();
  }

  private take(key: string): ReadyBatch | null {
    const batch = this.open.get(key);
    if (!batch) return null;
    clearTimeout(batch.timer);
    this.open.delete(key);
    return { functionId: batch.functionId, events: batch.events };
  }

  private startOpen(key: string): void {
    const batch = this.take(key);
    if (!batch) return;
    const started = this.start(batch)
      .catch((err) => this.onError(err, batch))
      .finally(() => this.starting.delete(started));
    this.starting.add(started);
  }
}
