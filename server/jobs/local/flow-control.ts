import type { EventPayload, InngestFunction } from "inngest";

/*
 * Inngest's flow control for the local driver: a function's `concurrency` (limit per key) and
 * `throttle` (run starts per period per key, plus burst), as documented at inngest.com/docs/guides
 * (concurrency, throttling). Keys are Inngest expressions; the driver reads the subset
 * `event.data.<path>` / `event.name` terms and string literals joined with `+`, e.g.
 * `event.data.businessId + "-" + event.data.channel`. Counting is per process: the driver serves one
 * machine (see driver.ts).
 */

type KeyFn = (event: EventPayload) => string;

interface ConcurrencyRule {
  limit: number;
  key: KeyFn | null;
}

interface ThrottleRule {
  limit: number;
  burst: number;
  periodMs: number;
  key: KeyFn | null;
}

export interface FlowRules {
  concurrency: ConcurrencyRule[];
  throttle: ThrottleRule | null;
}

/**
 * Compiles an Inngest key expression of the supported subset into a function of the event.
 * Errors: an Error naming the expression when it uses anything else (the function then needs an
 * Inngest server).
 */
export function compileKey(expression: string): KeyFn {
  const terms: Array<string | string[]> = [];
  const re = /\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|(event(?:\.[A-Za-z_$][\w$]*)+))\s*(\+|$)/y;
  let pos = 0;
  while (pos < expression.length) {
    re.lastIndex = pos;
    const m = re.exec(expression);
    if (!m || m[0].length === 0) {
      throw new Error(`The local driver cannot read the key expression ${JSON.stringify(expression)}.`);
    }
    if (m[3]) terms.push(m[3].split(".").slice(1));
    else terms.push((m[1] ?? m[2] ?? "").replace(/\\(.)/g, "$1"));
    pos = re.lastIndex;
    if (m[4] === "" && pos < expression.length) {
      throw new Error(`The local driver cannot read the key expression ${JSON.stringify(expression)}.`);
    }
  }
  return (event) =>
    terms
      .map((t) => {
        if (typeof t === "string") return t;
        let v: unknown = event;
        for (const k of t) v = v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined;
        return v === undefined || v === null ? "" : String(v);
      })
      .join("");
}

/** Milliseconds of an Inngest period such as "1s", "500ms", "1m", "1h" (at least 1 s per Inngest). */
export function periodMs(period: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(period.trim());
  if (!m) throw new Error(`Cannot read the period "${period}".`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as "ms"];
  return Number(m[1]) * unit;
}

/** A function's flow control as the local driver enforces it. Errors: see `compileKey`. */
export function flowRulesOf(fn: InngestFunction.Any): FlowRules {
  const opts = fn.opts as {
    concurrency?: number | { limit: number; key?: string } | Array<{ limit: number; key?: string }>;
    throttle?: { limit: number; period: string; key?: string; burst?: number };
  };
  const list =
    opts.concurrency === undefined
      ? []
      : Array.isArray(opts.concurrency)
        ? opts.concurrency
        : [opts.concurrency];
  const concurrency = list
    .map((c) => (typeof c === "number" ? { limit: c } : c))
    .filter((c) => c.limit > 0)
    .map((c) => ({ limit: c.limit, key: c.key ? compileKey(c.key) : null }));
  const t = opts.throttle;
  return {
    concurrency,
    throttle: t
      ? {
          limit: t.limit,
          burst: t.burst ?? 0,
          periodMs: periodMs(t.period),
          key: t.key ? compileKey(t.key) : null,
        }
      : null,
  };
}

export type GateResult =
  | { kind: "go"; release: () => void }
  | { kind: "wait"; key: string }
  | { kind: "later"; key: string; at: Date };

/**
 * Counts running runs and recent starts per function and key. `enter` admits a run, or says to wait
 * for a slot (`wait`: concurrency; the driver retries when a run of that key leaves) or until a time
 * (`later`: throttle; `key` is the throttle's, so the driver can queue the runs behind it).
 */
export class FlowGate {
  private readonly running = new Map<string, number>();
  /** Theoretical arrival time (ms) of the next start per throttle key (GCRA). */
  private readonly tat = new Map<string, number>();

  /**
   * @param firstStart whether this is the run's first start (throttle counts only those, as Inngest's does)
   */
  enter(
    functionId: string,
    rules: FlowRules,
    event: EventPayload,
    firstStart: boolean,
    now: Date,
  ): GateResult {
    const keys = rules.concurrency.map((c, i) => `${functionId}#c${i}:${c.key ? c.key(event) : ""}`);
    for (const [i, c] of rules.concurrency.entries()) {
      const k = keys[i] as string;
      if ((this.running.get(k) ?? 0) >= c.limit) return { kind: "wait", key: k };
    }
    if (firstStart && rules.throttle) {
      // GCRA (the algorithm Inngest's throttle uses): starts spaced `period / limit` apart, with
      // `burst` extra starts allowed ahead of that schedule.
      const t = rules.throttle;
      const k = `${functionId}#t:${t.key ? t.key(event) : ""}`;
      const interval = t.periodMs / t.limit;
      const tat = Math.max(this.tat.get(k) ?? 0, now.getTime());
      const earliest = tat - t.burst * interval;
      if (earliest > now.getTime()) return { kind: "later", key: k, at: new Date(earliest) };
      this.tat.set(k, tat + interval);
    }
    for (const k of keys) this.running.set(k, (this.running.get(k) ?? 0) + 1);
    let released = false;
    return {
      kind: "go",
      release: () => {
        if (released) return;
        released = true;
        for (const k of keys) {
          const n = (this.running.get(k) ?? 1) - 1;
          if (n <= 0) this.running.delete(k);
          else this.running.set(k, n);
        }
      },
    };
  }
}
