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
 *
 * The throttle is GCRA, as Inngest's, with a tolerance of half an interval for a start that comes late
 * to its slot (the driver's timer fired late on a busy event loop, or the run waited for a slot): the
 * next start may come that much sooner, so lateness is caught up rather than lost from the rate (the
 * cell delay variation tolerance of GCRA in ITU-T I.371).
 * It never puts more than `limit + burst` starts in any window of one period (a provider's "N
 * requests per second"), which the last starts per key are kept to check.
 */
export class FlowGate {
  private readonly running = new Map<string, number>();
  /** Theoretical arrival time (ms) of the next start per throttle key (GCRA). */
  private readonly tat = new Map<string, number>();
  /** The last `limit + burst` start times (ms) per throttle key, oldest first. */
  private readonly starts = new Map<string, number[]>();

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
      const ms = now.getTime();
      // A start up to an interval after its slot is late (credited up to half an interval); one later
      // than that follows a pause, and the schedule starts again from now.
      const slot = this.tat.get(k);
      const tat = slot === undefined || slot < ms - interval ? ms : Math.max(slot, ms - interval / 2);
      const recent = this.starts.get(k) ?? [];
      const inWindow = t.limit + t.burst;
      // The earliest start GCRA allows, and the earliest that keeps `inWindow` starts per period.
      const earliest = Math.max(
        tat - t.burst * interval,
        recent.length >= inWindow ? (recent[recent.length - inWindow] as number) + t.periodMs : 0,
      );
      if (earliest > ms) return { kind: "later", key: k, at: new Date(earliest) };
      this.tat.set(k, tat + interval);
      recent.push(ms);
      if (recent.length > inWindow) recent.shift();
      this.starts.set(k, recent);
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
