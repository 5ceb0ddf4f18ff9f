/*
 * Why one file (~780 lines, because): the driver is one state machine (claim, run, step, sleep, retry, fail, resume) over
 * `job_runs`; splitting it would spread the invariants of a run's status across modules. What stands apart
 * already has its own module: cron schedules (./cron.ts), one execution (./execution.ts), flow
 * control (./flow-control.ts) with the queue of runs waiting at its gate (./gate-queue.ts), and open
 * event batches (./batching.ts).
 */
/**
 * The local driver: runs the app's Inngest functions inside this server process when no Inngest
 * server is configured, so a fresh machine needs no extra service.
 *
 * It serves ONE machine: one process (or a few processes sharing one Postgres) claiming runs from the
 * `job_runs` table. It honours a function's `concurrency` and `throttle` (with keys, counted in this
 * process: ./flow-control.ts) and `batchEvents` (an open batch waits in this process: ./batching.ts); it
 * has no fan-out across machines, debounce, `step.waitForEvent`, `step.invoke` or trigger `if` expressions. Beyond one machine, run
 * Inngest (cloud, or the self-hosted server) and set INNGEST_EVENT_KEY / INNGEST_SIGNING_KEY: the
 * same functions are then served at /api/inngest and this driver stays off.
 *
 * How a run goes (state in `job_runs`, so a restart loses nothing):
 * - `send(event)` matches functions by trigger and inserts one `queued` row per match; a function that
 *   batches gets one row per batch (`events`), stored when the batch is full or its timeout passes;
 * - a run is claimed (`queued`/`sleeping` → `running`) and driven through the SDK's own execution
 *   engine (./execution.ts), one step per execution, like the Inngest executor does over HTTP;
 * - each finished step's result is memoized in `job_runs.steps` by hashed step id, so a resumed run
 *   skips finished steps; `step.sleep`/`sleepUntil` park the run as `sleeping` with `wake_at`;
 *   `step.sendEvent` comes back to `send`;
 * - errors retry with backoff up to the function's `retries` (`queued` with `wake_at`), then the run
 *   is `failed` and the function's `onFailure` handler runs as its own run (`<id>-failure`);
 * - cron triggers fire from the sweep timer, once per schedule slot (the slot is the run id);
 * - runs left `running` by a dead process (no heartbeat for `staleAfterMs`) are marked `interrupted`;
 *   `resume(id)` continues one from its memoized steps.
 */
import { randomUUID } from "node:crypto";
import { and, eq, inArray, isNull, lt, lte, notInArray, or, sql } from "drizzle-orm";
import type { Context, EventPayload, InngestFunction } from "inngest";
import { StepOpCode } from "inngest/types";
import type { Db } from "@/db/client";
import { jobRuns } from "@/db/schema";
import { AppError } from "@/server/errors";
import { logger } from "@/server/logger";
import { cronEventName, functionFailedEventName } from "../events";
import { businessIdOf, errorText, type JobRun, jobRunId, jsonbMerge } from "../job-runs";
import { type BatchRules, batchRulesOf, EventBatcher, type ReadyBatch } from "./batching";
import { type CronSchedule, parseCron } from "./cron";
import { clientOf, type ExecutionResult, executeOnce, retriesOf, type StepMemo } from "./execution";
import { FlowGate, type FlowRules, flowRulesOf } from "./flow-control";
import { GateQueue, maxTimerMs } from "./gate-queue";

export interface LocalDriverOptions {
  db: Db;
  functions: InngestFunction.Any[];
  /** Clock (tests inject one). Default: `() => new Date()`. */
  now?: () => Date;
  /** Runs executed at the same time. Default 4. */
  concurrency?: number;
  /**
   * Sweep period in ms (stale runs, cron, due runs left by earlier processes). 0 = no automatic sweep,
   * not even at start: the driver then only runs what it schedules itself; call `tick()` for the rest.
   * Default 2000.
   */
  sweepIntervalMs?: number;
  /** How often running runs are marked alive, ms. Default 15 000. */
  heartbeatIntervalMs?: number;
  /** A `running` run without heartbeat for this long is `interrupted`, ms. Default 60 000. */
  staleAfterMs?: number;
  /** Delay before retry number `attempt` (1-based), ms. Default 5 s doubling, at most 10 min. */
  retryDelayMs?: (attempt: number) => number;
  /** Checks each event before it is stored; throw to refuse it. */
  validateEvent?: (event: EventPayload) => void;
}

/** A step result as stored in `job_runs.steps[hashedId]`; `sleepUntil` marks a sleep not yet over. */
interface StoredStep {
  id: string;
  seq: number;
  data?: unknown;
  error?: unknown;
  sleepUntil?: string;
}

interface Registered {
  fn: InngestFunction.Any;
  kind: "main" | "failure";
  flow?: FlowRules;
  batch?: BatchRules | null;
}

interface CronEntry {
  functionId: string;
  schedule: CronSchedule;
  next: Date;
}

type Trigger = { event?: unknown; cron?: string; if?: string };

export class LocalDriver {
  private readonly db: Db;
  private readonly now: () => Date;
  private readonly opts: Required<Omit<LocalDriverOptions, "db" | "functions" | "now" | "validateEvent">>;
  private readonly validateEvent?: (event: EventPayload) => void;
  private readonly registry = new Map<string, Registered>();
  private readonly eventTriggers: Array<{ pattern: string; functionId: string }> = [];
  private readonly crons: CronEntry[] = [];
  private readonly active = new Map<string, Promise<void>>();
  private readonly ready: string[] = [];
  private readonly wokenWhileActive = new Set<string>();
  private readonly timers = new Map<string, { handle: NodeJS.Timeout; at: number }>();
  private readonly gate = new FlowGate();
  private readonly batcher = new EventBatcher(
    (batch) => this.storeBatch(batch),
    (err, batch) => this.batchLost(err, batch),
  );
  /**
   * The function and event of runs this process created and has not finished (both never change), so
   * the flow-control gate need not read them back; runs made elsewhere are read from the table.
   */
  private readonly created = new Map<
    string,
    { functionId: string; event: EventPayload; started?: boolean }
  >();
  /** Runs waiting at the gate for a concurrency slot or their throttle. */
  private readonly waiting = new GateQueue({
    now: () => this.now(),
    wake: (id) => {
      if (!this.ready.includes(id)) this.ready.push(id);
      this.pump();
    },
  });
  private intervals: NodeJS.Timeout[] = [];
  private started = false;
  private stopped = false;

  constructor(options: LocalDriverOptions) {
    this.db = options.db;
    this.now = options.now ?? (() => new Date());
    this.validateEvent = options.validateEvent;
    this.opts = {
      concurrency: options.concurrency ?? 4,
      sweepIntervalMs: options.sweepIntervalMs ?? 2000,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 15_000,
      staleAfterMs: options.staleAfterMs ?? 60_000,
      retryDelayMs: options.retryDelayMs ?? ((attempt) => Math.min(600_000, 5000 * 2 ** (attempt - 1))),
    };
    for (const fn of options.functions) this.register(fn);
  }

  /**
   * Starts the driver: schedules cron triggers, starts the timers and sweeps once (marks stale
   * `running` runs `interrupted`, picks up due `queued`/`sleeping` runs). Idempotent.
   */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.stopped = false;
    const now = this.now();
    for (const entry of this.crons) entry.next = entry.schedule.next(now);
    if (this.opts.sweepIntervalMs > 0) {
      await this.tick();
      this.intervals.push(this.interval(() => this.tick(), this.opts.sweepIntervalMs));
    }
    this.intervals.push(this.interval(() => this.heartbeat(), this.opts.heartbeatIntervalMs));
  }

  /**
   * Stores open batches, then stops timers and abandons runs in flight: they write nothing more, stay
   * `running` and are marked `interrupted` by the next driver that starts (as after a crash).
   */
  async stop(): Promise<void> {
    // Open batches are stored (queued) so that the next driver runs them.
    if (!this.stopped) await this.batcher.flush().catch(() => undefined);
    this.batcher.clear();
    this.stopped = true;
    this.started = false;
    for (const handle of this.intervals) clearInterval(handle);
    this.intervals = [];
    for (const { handle } of this.timers.values()) clearTimeout(handle);
    this.timers.clear();
    this.ready.length = 0;
    this.wokenWhileActive.clear();
    this.waiting.clear();
  }

  /**
   * Stores one run per function triggered by each event and starts them; for a function that batches,
   * the event joins its open batch (stored as one run when full or when its timeout passes).
   * @returns the event ids (generated when absent)
   * Errors: the database's when the runs (or a batch this made full) cannot be stored.
   */
  async send(payload: EventPayload | EventPayload[]): Promise<{ ids: string[] }> {
    const events = (Array.isArray(payload) ? payload : [payload]).map((e) => this.normalizeEvent(e));
    for (const event of events) this.validateEvent?.(event);
    const rows: Array<typeof jobRuns.$inferInsert> = [];
    const full: ReadyBatch[] = [];
    for (const event of events)
      for (const functionId of this.matchingFunctions(event.name)) {
        const rules = this.registry.get(functionId)?.batch;
        if (!rules) rows.push(this.newRow(functionId, event));
        else {
          const ready = this.batcher.add(functionId, rules, event);
          if (ready) full.push(ready);
        }
      }
    await Promise.all(
      full.map((batch) =>
        this.storeBatch(batch).catch((err: unknown) => {
          this.batchLost(err, batch);
          throw err;
        }),
      ),
    );
    if (rows.length > 0) {
      const inserted = await this.db
        .insert(jobRuns)
        .values(rows)
        .returning({ id: jobRuns.id, functionId: jobRuns.functionId, event: jobRuns.event });
      // Bounded: a backlog larger than this is read back from the table as before.
      if (this.created.size > 10_000) this.created.clear();
      for (const { id, functionId, event } of inserted) {
        this.created.set(id, { functionId, event: event as unknown as EventPayload });
        this.schedule(id, this.now());
      }
    }
    return { ids: events.map((e) => e.id as string) };
  }

  /** Logs a batch that could not be stored, with every event id (their senders were told success). */
  private batchLost(err: unknown, batch: ReadyBatch): void {
    logger.error(
      { err, functionId: batch.functionId, events: batch.events.map((e) => e.id) },
      "local driver: a batch of events could not be stored",
    );
  }

  /** Stores a batch as one queued run (`event` its first event, `events` all of them) and starts it. */
  private async storeBatch({ functionId, events }: ReadyBatch): Promise<void> {
    const first = events[0]!;
    const [row] = await this.db
      .insert(jobRuns)
      .values({
        ...this.newRow(functionId, first),
        events: JSON.parse(JSON.stringify(events)) as Record<string, unknown>[],
      })
      .returning({ id: jobRuns.id });
    if (this.created.size > 10_000) this.created.clear();
    this.created.set(row!.id, { functionId, event: first });
    this.schedule(row!.id, this.now());
  }

  /**
   * Continues an `interrupted` run from its memoized steps (finished steps do not run again). A run
   * that is already `queued` or `sleeping` is just woken up.
   * Errors: NOT_FOUND for an unknown run; CONFLICT when it is running, completed, failed or cancelled.
   */
  async resume(runId: string): Promise<void> {
    const id = jobRunId(runId);
    const [row] = await this.db
      .update(jobRuns)
      .set({ status: "queued", wakeAt: null, updatedAt: this.now() })
      .where(and(eq(jobRuns.id, id), inArray(jobRuns.status, ["interrupted", "queued", "sleeping"])))
      .returning({ id: jobRuns.id });
    if (!row) {
      const [existing] = await this.db
        .select({ status: jobRuns.status })
        .from(jobRuns)
        .where(eq(jobRuns.id, id));
      if (!existing) throw new AppError("NOT_FOUND", "No such background run.");
      throw new AppError("CONFLICT", `This run is ${existing.status} and cannot be resumed.`);
    }
    this.schedule(id, this.now());
  }

  /**
   * One sweep: marks stale runs `interrupted`, fires due cron triggers and starts due runs. Runs on
   * the sweep timer; tests call it after moving their clock.
   */
  async tick(): Promise<void> {
    if (this.stopped || this.registry.size === 0) return;
    const now = this.now();
    const functionIds = [...this.registry.keys()];
    const activeIds = [...this.active.keys()];
    await this.db
      .update(jobRuns)
      .set({ status: "interrupted", error: "Interrupted: the process running it stopped.", updatedAt: now })
      .where(
        and(
          eq(jobRuns.status, "running"),
          inArray(jobRuns.functionId, functionIds),
          lt(jobRuns.updatedAt, new Date(now.getTime() - this.opts.staleAfterMs)),
          activeIds.length ? notInArray(jobRuns.id, activeIds) : undefined,
        ),
      );
    for (const entry of this.crons) {
      if (entry.next.getTime() > now.getTime()) continue;
      const slot = entry.next;
      entry.next = entry.schedule.next(now);
      const event = this.normalizeEvent({ name: cronEventName, data: { cron: entry.schedule.expression } });
      event.ts = slot.getTime();
      const id = jobRunId(`cron:${entry.functionId}:${entry.schedule.expression}:${slot.toISOString()}`);
      await this.db
        .insert(jobRuns)
        .values({ ...this.newRow(entry.functionId, event), id })
        .onConflictDoNothing();
    }
    const due = await this.db
      .select({ id: jobRuns.id })
      .from(jobRuns)
      .where(
        and(
          inArray(jobRuns.status, ["queued", "sleeping"]),
          inArray(jobRuns.functionId, functionIds),
          or(isNull(jobRuns.wakeAt), lte(jobRuns.wakeAt, now)),
        ),
      )
      .orderBy(jobRuns.createdAt)
      .limit(100);
    // Runs waiting at the gate in this process are woken from there.
    for (const { id } of due) if (!this.waiting.has(id)) this.schedule(id, now);
  }

  /**
   * Resolves when no run is executing or due now (tests: after `send`/`tick`). Open batches start at
   * once rather than at their timeout.
   */
  async idle(): Promise<void> {
    for (;;) {
      if (this.batcher.waiting > 0) await this.batcher.flush();
      const now = this.now().getTime();
      const dueTimer = [...this.timers.values()].some((t) => t.at <= now);
      if (this.active.size === 0 && this.ready.length === 0 && !dueTimer) return;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  // ---- registration and matching ----

  private register(fn: InngestFunction.Any): void {
    const id = fn.id();
    this.registry.set(id, { fn, kind: "main", flow: flowRulesOf(fn), batch: batchRulesOf(fn) });
    if ((fn.opts as { onFailure?: unknown }).onFailure)
      this.registry.set(`${id}-failure`, { fn, kind: "failure" });
    for (const trigger of (fn.opts.triggers ?? []) as Trigger[]) {
      if (trigger.cron) {
        const schedule = parseCron(trigger.cron);
        this.crons.push({ functionId: id, schedule, next: schedule.next(this.now()) });
        continue;
      }
      const name = typeof trigger.event === "string" ? trigger.event : undefined;
      if (!name) continue;
      if (trigger.if) {
        throw new Error(
          `Function ${id}: trigger conditions ("if") need an Inngest server; the local driver cannot run them.`,
        );
      }
      this.eventTriggers.push({ pattern: name, functionId: id });
    }
  }

  private matchingFunctions(eventName: string): string[] {
    const ids = this.eventTriggers
      .filter(({ pattern }) =>
        pattern.endsWith("*") ? eventName.startsWith(pattern.slice(0, -1)) : pattern === eventName,
      )
      .map((t) => t.functionId);
    return [...new Set(ids)];
  }

  private normalizeEvent(event: EventPayload): EventPayload & { id: string; ts: number } {
    return {
      ...event,
      data: event.data ?? {},
      id: event.id ?? randomUUID(),
      ts: event.ts ?? this.now().getTime(),
    };
  }

  private newRow(functionId: string, event: EventPayload): typeof jobRuns.$inferInsert {
    return {
      functionId,
      eventName: event.name,
      event: JSON.parse(JSON.stringify(event)) as Record<string, unknown>,
      businessId: businessIdOf(event),
      status: "queued",
    };
  }

  // ---- scheduling ----

  private schedule(id: string, at: Date): void {
    if (this.stopped) return;
    const existing = this.timers.get(id);
    if (existing) clearTimeout(existing.handle);
    const delay = at.getTime() - this.now().getTime();
    const handle = setTimeout(
      () => {
        this.timers.delete(id);
        // A timer can fire a moment before the clock reads `at`; the claim (wake_at <= now) would
        // then miss the run and nothing would wake it again. Wait out the rest instead.
        if (this.now().getTime() < at.getTime()) {
          this.schedule(id, at);
          return;
        }
        if (!this.ready.includes(id)) this.ready.push(id);
        this.pump();
      },
      Math.min(Math.max(0, delay), maxTimerMs),
    );
    handle.unref();
    this.timers.set(id, { handle, at: at.getTime() });
  }

  private pump(): void {
    while (!this.stopped && this.active.size < this.opts.concurrency && this.ready.length > 0) {
      const id = this.ready.shift() as string;
      if (this.active.has(id)) {
        // Woken while still executing (e.g. a retry due at once): claim it again afterwards.
        this.wokenWhileActive.add(id);
        continue;
      }
      const run = this.claimAndRun(id)
        .catch((err) => logger.error({ err, runId: id }, "local driver: run crashed"))
        .finally(() => {
          this.active.delete(id);
          if (this.wokenWhileActive.delete(id)) this.ready.push(id);
          this.pump();
        });
      this.active.set(id, run);
    }
  }

  private interval(task: () => Promise<void>, ms: number): NodeJS.Timeout {
    const handle = setInterval(() => {
      task().catch((err) => logger.error({ err }, "local driver: timer task failed"));
    }, ms);
    handle.unref();
    return handle;
  }

  private async heartbeat(): Promise<void> {
    const ids = [...this.active.keys()];
    if (this.stopped || ids.length === 0) return;
    await this.db
      .update(jobRuns)
      .set({ updatedAt: this.now() })
      .where(and(inArray(jobRuns.id, ids), eq(jobRuns.status, "running")));
  }

  // ---- execution ----

  private async claimAndRun(id: string): Promise<void> {
    const release = await this.enterGate(id);
    if (release === null) return;
    try {
      const now = this.now();
      const [row] = await this.db
        .update(jobRuns)
        .set({
          status: "running",
          startedAt: sql`coalesce(${jobRuns.startedAt}, ${now.toISOString()}::timestamptz)`,
          wakeAt: null,
          updatedAt: now,
        })
        .where(
          and(
            eq(jobRuns.id, id),
            inArray(jobRuns.status, ["queued", "sleeping"]),
            or(isNull(jobRuns.wakeAt), lte(jobRuns.wakeAt, now)),
          ),
        )
        .returning();
      if (row) await this.execute(row);
    } finally {
      release();
    }
  }

  /**
   * Applies the run's function's flow control before it is claimed. Output: a release function when
   * the run may go, or null when it waits (parked until a run of its concurrency key leaves, or
   * scheduled for when its throttle allows a start).
   */
  private async enterGate(id: string): Promise<(() => void) | null> {
    const known = this.created.get(id);
    const knownFlow = known ? this.registry.get(known.functionId)?.flow : undefined;
    if (known && (!knownFlow || (knownFlow.concurrency.length === 0 && !knownFlow.throttle))) return () => {};
    // A throttle counts first starts only: a run this process created and has not started yet is
    // known to be one (a campaign's thousands of batches pass here without a read); others are read.
    const meta =
      known && knownFlow && (!knownFlow.throttle || !known.started)
        ? { ...known, startedAt: null }
        : (
            await this.db
              .select({ functionId: jobRuns.functionId, event: jobRuns.event, startedAt: jobRuns.startedAt })
              .from(jobRuns)
              .where(eq(jobRuns.id, id))
          )[0];
    const flow = meta ? this.registry.get(meta.functionId)?.flow : undefined;
    if (!meta || !flow || (flow.concurrency.length === 0 && !flow.throttle)) return () => {};
    const now = this.now();
    const result = this.gate.enter(
      meta.functionId,
      flow,
      meta.event as unknown as EventPayload,
      meta.startedAt === null,
      now,
    );
    if (result.kind === "later") {
      // Queued behind the throttle with one timer for the key, rather than a timer per run: thousands
      // of a campaign's batches would otherwise all wake at the same moment for one start.
      this.waiting.wait(id, result.key);
      if (!this.stopped) this.waiting.wakeAt(result.key, result.at);
      return null;
    }
    if (result.kind === "wait") {
      this.waiting.wait(id, result.key);
      return null;
    }
    this.waiting.leave(id);
    if (known) known.started = true;
    return () => {
      result.release();
      this.waiting.slotFreed();
    };
  }

  /** Drives one claimed run until it completes, fails, sleeps or waits for a retry. */
  private async execute(row: JobRun): Promise<void> {
    const registered = this.registry.get(row.functionId);
    if (!registered) {
      await this.finish(row.id, {
        status: "failed",
        error: `No function with id "${row.functionId}" in this app.`,
      });
      return;
    }
    const { fn, kind } = registered;
    const maxAttempts = kind === "failure" ? 1 : retriesOf(fn) + 1;
    const steps = new Map(Object.entries((row.steps ?? {}) as Record<string, StoredStep>));
    let attempt = row.attempt;
    let requestedRunStep: string | undefined;

    for (let round = 0; round < 100_000; round++) {
      if (this.stopped) return;
      const result: ExecutionResult = await executeOnce({
        fn,
        handlerKind: kind,
        runId: row.id,
        event: row.event as unknown as EventPayload,
        events: (row.events ?? undefined) as EventPayload[] | undefined,
        attempt,
        maxAttempts,
        steps: [...steps.entries()]
          .filter(([, s]) => "data" in s || "error" in s)
          .sort(([, a], [, b]) => a.seq - b.seq)
          .map(([hashedId, s]) => [
            hashedId,
            ("error" in s ? { error: s.error } : { data: s.data }) as StepMemo,
          ]),
        requestedRunStep,
        transformCtx: this.transformCtx,
      });
      if (this.stopped) return;
      requestedRunStep = undefined;

      if (result.type === "function-resolved") {
        await this.finish(row.id, { status: "completed", output: result.data ?? null, error: null });
        return;
      }
      if (result.type === "function-rejected") {
        await this.failOrRetry(row, registered, attempt, maxAttempts, result.error, result.retriable);
        return;
      }
      if (result.type === "step-ran") {
        const op = result.step;
        if (op.op === StepOpCode.StepError) {
          await this.failOrRetry(row, registered, attempt, maxAttempts, op.error, result.retriable ?? true);
          return;
        }
        const stored: StoredStep = {
          id: op.displayName ?? op.name ?? op.id,
          seq: steps.size,
          ...(op.op === StepOpCode.StepFailed ? { error: op.error } : { data: op.data ?? null }),
        };
        steps.set(op.id, stored);
        attempt = 0;
        await this.saveStep(row.id, op.id, stored, { attempt: 0, error: null });
        continue;
      }
      if (result.type === "steps-found") {
        const next = await this.handleFoundSteps(row, result.steps, steps);
        if (next.kind === "run") requestedRunStep = next.stepId;
        if (next.kind === "stop") return;
        continue;
      }
      await this.finish(row.id, { status: "failed", error: `Unexpected execution result "${result.type}".` });
      return;
    }
    await this.finish(row.id, { status: "failed", error: "Too many steps in one run." });
  }

  /** Decides what to do with steps the function reported: run one, wake/park sleeps, or refuse. */
  private async handleFoundSteps(
    row: JobRun,
    found: Array<{
      id: string;
      op: StepOpCode;
      name?: string;
      displayName?: string;
      data?: unknown;
      error?: unknown;
    }>,
    steps: Map<string, StoredStep>,
  ): Promise<{ kind: "run"; stepId: string } | { kind: "again" } | { kind: "stop" }> {
    const runnable = found.find((s) => s.op === StepOpCode.StepPlanned && !steps.has(s.id));
    if (runnable) return { kind: "run", stepId: runnable.id };

    const now = this.now();
    let wakeAt: Date | undefined;
    let woke = false;
    for (const op of found) {
      if (op.op === StepOpCode.Sleep) {
        const known = steps.get(op.id);
        const until = known?.sleepUntil ? new Date(known.sleepUntil) : sleepEnd(op.name ?? "", now);
        const label = op.displayName ?? op.name ?? op.id;
        if (until.getTime() <= now.getTime()) {
          const done: StoredStep = { id: label, seq: steps.size, data: null };
          steps.set(op.id, done);
          await this.saveStep(row.id, op.id, done, {});
          woke = true;
        } else {
          if (!known) {
            const pending: StoredStep = { id: label, seq: -1, sleepUntil: until.toISOString() };
            steps.set(op.id, pending);
            await this.saveStep(row.id, op.id, pending, {});
          }
          if (!wakeAt || until < wakeAt) wakeAt = until;
        }
      } else if (op.op === StepOpCode.RunComplete) {
        await this.finish(row.id, { status: "completed", output: op.data ?? null, error: null });
        return { kind: "stop" };
      } else if (op.op !== StepOpCode.DeferAdd && op.op !== StepOpCode.DeferAbort) {
        await this.finish(row.id, {
          status: "failed",
          error: `${op.op} (step "${op.displayName ?? op.name}") needs an Inngest server; the local driver cannot run it.`,
        });
        return { kind: "stop" };
      }
    }
    if (woke) return { kind: "again" };
    if (wakeAt) {
      if (this.stopped) return { kind: "stop" };
      await this.db
        .update(jobRuns)
        .set({ status: "sleeping", wakeAt, updatedAt: now })
        .where(eq(jobRuns.id, row.id));
      this.schedule(row.id, wakeAt);
      return { kind: "stop" };
    }
    await this.finish(row.id, {
      status: "failed",
      error: "The function reported no step the local driver can run.",
    });
    return { kind: "stop" };
  }

  /** Retries later (backoff or the error's Retry-After) or fails the run and starts `onFailure`. */
  private async failOrRetry(
    row: JobRun,
    { fn, kind }: Registered,
    attempt: number,
    maxAttempts: number,
    error: unknown,
    retriable: boolean | string,
  ): Promise<void> {
    if (this.stopped) return;
    const now = this.now();
    if (retriable !== false && attempt + 1 < maxAttempts) {
      const delay =
        typeof retriable === "string" ? retryAfterMs(retriable, now) : this.opts.retryDelayMs(attempt + 1);
      const wakeAt = new Date(now.getTime() + Math.max(0, delay));
      await this.db
        .update(jobRuns)
        .set({ status: "queued", attempt: attempt + 1, wakeAt, error: errorText(error), updatedAt: now })
        .where(eq(jobRuns.id, row.id));
      this.schedule(row.id, wakeAt);
      return;
    }
    await this.finish(row.id, { status: "failed", error: errorText(error), attempt });
    if (kind === "main" && (fn.opts as { onFailure?: unknown }).onFailure) {
      const failure = this.normalizeEvent({
        name: functionFailedEventName,
        data: {
          function_id: fn.id(clientOf(fn).id),
          run_id: row.id,
          error: jsonError(error),
          event: row.event,
          // A batch's run failed: every event of the batch, so the handler can account for each.
          ...(row.events ? { events: row.events } : {}),
        },
      });
      const [inserted] = await this.db
        .insert(jobRuns)
        .values({ ...this.newRow(`${fn.id()}-failure`, failure), businessId: row.businessId })
        .returning({ id: jobRuns.id });
      if (inserted) this.schedule(inserted.id, now);
    }
  }

  private async saveStep(
    id: string,
    hashedId: string,
    step: StoredStep,
    patch: Partial<typeof jobRuns.$inferInsert>,
  ): Promise<void> {
    if (this.stopped) return;
    await this.db
      .update(jobRuns)
      .set({ ...patch, steps: jsonbMerge(jobRuns.steps, { [hashedId]: step }), updatedAt: this.now() })
      .where(eq(jobRuns.id, id));
  }

  private async finish(id: string, patch: Partial<typeof jobRuns.$inferInsert>): Promise<void> {
    this.created.delete(id);
    if (this.stopped) return;
    const now = this.now();
    await this.db
      .update(jobRuns)
      .set({ ...patch, wakeAt: null, finishedAt: now, updatedAt: now })
      .where(eq(jobRuns.id, id));
  }

  /** Routes `step.sendEvent` back to this driver, memoized like any step. */
  private readonly transformCtx = (ctx: Context.Any): Context.Any => {
    const step = ctx.step;
    const sendEvent = ((
      idOrOptions: Parameters<typeof step.run>[0],
      payload: EventPayload | EventPayload[],
    ) => step.run(idOrOptions, () => this.send(payload))) as unknown as typeof step.sendEvent;
    return { ...ctx, step: { ...step, sendEvent } };
  };
}

/** End of a `step.sleep` ("1d2h30m10s", as the SDK writes it) or `step.sleepUntil` (ISO time). */
function sleepEnd(name: string, now: Date): Date {
  const units: Record<string, number> = {
    w: 604_800_000,
    d: 86_400_000,
    h: 3_600_000,
    m: 60_000,
    s: 1000,
    ms: 1,
  };
  const parts = [...name.matchAll(/(\d+(?:\.\d+)?)(ms|w|d|h|m|s)/g)];
  if (parts.length > 0 && parts.map((p) => p[0]).join("") === name) {
    const ms = parts.reduce((sum, p) => sum + Number(p[1]) * (units[p[2] as string] ?? 0), 0);
    return new Date(now.getTime() + ms);
  }
  const at = Date.parse(name);
  if (Number.isNaN(at)) throw new Error(`Cannot read sleep duration "${name}".`);
  return new Date(at);
}

/** Delay from a RetryAfterError's `retryAfter` (seconds, or an ISO time), ms. */
function retryAfterMs(value: string, now: Date): number {
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? 0 : at - now.getTime();
}

/** The `{ name, message, stack }` shape Inngest puts in `inngest/function.failed` events. */
function jsonError(error: unknown): { name: string; message: string; stack?: string } {
  const e = (error && typeof error === "object" ? error : {}) as {
    name?: unknown;
    message?: unknown;
    stack?: unknown;
  };
  return {
    name: typeof e.name === "string" ? e.name : "Error",
    message: typeof e.message === "string" ? e.message : String(error),
    ...(typeof e.stack === "string" ? { stack: e.stack } : {}),
  };
}
