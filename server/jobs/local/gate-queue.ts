/** Longest delay `setTimeout` takes (about 24.8 days); longer waits re-arm. */
export const maxTimerMs = 2 ** 31 - 1;

/**
 * Runs waiting at the local driver's flow-control gate, first come first served, by the gate's key: for
 * a concurrency slot (`slotFreed` wakes the first of each key) or for their throttle (one timer per key,
 * `wakeAt`, wakes the first when the throttle next allows a start). A run waits under one key at a time.
 * Waking one run per freed slot, rather than every waiting run, keeps a campaign's thousands of batches
 * from being re-checked on each start. `wake(id)` hands a run back to the driver, which passes it
 * through the gate again.
 */
export class GateQueue {
  private readonly byKey = new Map<string, Set<string>>();
  private readonly keyOf = new Map<string, string>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly opts: { now: () => Date; wake: (id: string) => void }) {}

  /** Whether the run waits here. */
  has(id: string): boolean {
    return this.keyOf.has(id);
  }

  /** Puts a run at the back of the queue of `key` (moving it from another key's queue). */
  wait(id: string, key: string): void {
    const previous = this.keyOf.get(id);
    if (previous === key) return;
    if (previous !== undefined) this.leave(id);
    const set = this.byKey.get(key) ?? new Set<string>();
    set.add(id);
    this.byKey.set(key, set);
    this.keyOf.set(id, key);
  }

  /** Takes a run out of its queue (it passed the gate). */
  leave(id: string): void {
    const key = this.keyOf.get(id);
    if (key === undefined) return;
    this.keyOf.delete(id);
    const set = this.byKey.get(key);
    set?.delete(id);
    if (set?.size === 0) this.byKey.delete(key);
  }

  /** A slot opened: the first run of each key tries again, except behind a throttle whose timer is pending. */
  slotFreed(): void {
    for (const key of [...this.byKey.keys()]) if (!this.timers.has(key)) this.wakeFirst(key);
  }

  /** Wakes the first run behind throttle `key` at `at` (one pending timer per key). */
  wakeAt(key: string, at: Date): void {
    if (this.timers.has(key)) return;
    const arm = () => {
      const handle = setTimeout(
        () => {
          // A timer can fire a moment before the clock reads `at`: wait out the rest.
          if (this.opts.now().getTime() < at.getTime()) return arm();
          this.timers.delete(key);
          this.wakeFirst(key);
        },
        Math.min(Math.max(0, at.getTime() - this.opts.now().getTime()), maxTimerMs),
      );
      handle.unref();
      this.timers.set(key, handle);
    };
    arm();
  }

  /** Forgets every waiting run and stops the timers (the driver stopped). */
  clear(): void {
    for (const handle of this.timers.values()) clearTimeout(handle);
    this.timers.clear();
    this.byKey.clear();
    this.keyOf.clear();
  }

  private wakeFirst(key: string): void {
    const first = this.byKey.get(key)?.values().next().value;
    if (first === undefined) return;
    this.leave(first);
    this.opts.wake(first);
  }
}
