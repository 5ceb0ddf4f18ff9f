import type { OfflineConflict, OfflineOpInput } from "@/server/domain/offline";

/**
 * The write queue's rules, apart from storage and the network (components/offline/outbox.ts keeps it in
 * IndexedDB and sends with fetch), so they can be tested alone.
 */

/** A write made offline, waiting to reach the server. */
export interface OutboxItem {
  /** The idempotency key (UUID) the server records: a replay never writes twice. */
  key: string;
  /** Order of queueing: items are sent oldest first. */
  seq: number;
  userId: string;
  businessId: string;
  slug: string;
  op: OfflineOpInput;
  /** What it is, for the list of pending changes ("Note on Asha Rao"). */
  label: string;
  /** UTC, ISO 8601. */
  queuedAt: string;
  /**
   * `pending`: to send; `conflict`: the server has a newer value (see `conflicts`), the user chooses;
   * `error`: the server refused it (`error` says why), the user fixes or discards it.
   */
  status: "pending" | "conflict" | "error";
  attempts: number;
  /** Epoch ms before which it is not retried (backoff after a failed attempt). */
  nextAttemptAt: number;
  error?: string;
  conflicts?: OfflineConflict[];
}

/** What sending one item came to. */
export type SendOutcome =
  | { kind: "done" }
  | { kind: "conflict"; conflicts: OfflineConflict[]; message: string }
  /** Refused for good (validation, permission, gone): kept with the message for the user. */
  | { kind: "rejected"; message: string }
  /** Signed out: everything stays queued until the user signs in again. */
  | { kind: "unauthorized" }
  /** The network or the server failed for now: try again later. */
  | { kind: "retry"; message: string };

/** Waits before retry `attempts` (1, 2, …): 2 s, 4 s, 8 s … up to 5 minutes. */
export function backoffMs(attempts: number): number {
  return Math.min(1000 * 2 ** Math.max(1, attempts), 5 * 60 * 1000);
}

/** What a replay did: the items to store (changed) or delete (sent), and why it stopped early. */
export interface ReplayResult {
  sent: string[];
  changed: OutboxItem[];
  stoppedBy: "retry" | "unauthorized" | null;
}

/**
 * Sends the due items of `items` in queue order (`seq`), one at a time, with `send`:
 * - done → removed from the queue;
 * - conflict / rejected → kept, marked `conflict` / `error`, and the next item goes on (they do not
 *   depend on each other: each is one note, task or field edit);
 * - retry (offline, server error) → its attempt is counted, it waits `backoffMs`, and the replay stops:
 *   later items wait behind it, so order is kept;
 * - unauthorized → the replay stops and nothing changes (replayed after the next sign-in).
 * Items not `pending`, not yet due (`nextAttemptAt`) or of another user are left alone.
 */
export async function replay(
  items: readonly OutboxItem[],
  send: (item: OutboxItem) => Promise<SendOutcome>,
  opts: { userId: string; now?: () => number },
): Promise<ReplayResult> {
  const now = opts.now ?? Date.now;
  const result: ReplayResult = { sent: [], changed: [], stoppedBy: null };
  const due = [...items]
    .filter((i) => i.status === "pending" && i.userId === opts.userId)
    .sort((a, b) => a.seq - b.seq);
  for (const item of due) {
    if (item.nextAttemptAt > now()) {
      result.stoppedBy = "retry";
      break;
    }
    const outcome = await send(item);
    if (outcome.kind === "done") {
      result.sent.push(item.key);
      continue;
    }
    if (outcome.kind === "unauthorized") {
      result.stoppedBy = "unauthorized";
      break;
    }
    if (outcome.kind === "retry") {
      const attempts = item.attempts + 1;
      result.changed.push({
        ...item,
        attempts,
        nextAttemptAt: now() + backoffMs(attempts),
        error: outcome.message,
      });
      result.stoppedBy = "retry";
      break;
    }
    result.changed.push({
      ...item,
      status: outcome.kind === "conflict" ? "conflict" : "error",
      error: outcome.message,
      conflicts: outcome.kind === "conflict" ? outcome.conflicts : undefined,
    });
  }
  return result;
}

/**
 * "Keep mine" on a conflict: the same edit, sent again from the server's current values, so the
 * server applies it (a new key: the old one was never recorded).
 */
export function keepMine(item: OutboxItem, newKey: string): OutboxItem {
  if (item.op.kind !== "customer.update" || !item.conflicts) return item;
  const base = { ...item.op.base };
  for (const c of item.conflicts) base[c.field] = c.theirs as never;
  return {
    ...item,
    key: newKey,
    op: { ...item.op, base },
    status: "pending",
    attempts: 0,
    nextAttemptAt: 0,
    error: undefined,
    conflicts: undefined,
  };
}

/** Maps the answer of `POST /api/offline/mutations` (or a network failure: `status` null) to an outcome. */
export function outcomeOf(status: number | null, body: unknown): SendOutcome {
  const message =
    body && typeof body === "object" && "message" in body && typeof body.message === "string"
      ? body.message
      : status === null
        ? "No connection"
        : `The server answered ${status}`;
  if (status === null) return { kind: "retry", message };
  if (status >= 200 && status < 300) return { kind: "done" };
  if (status === 401) return { kind: "unauthorized" };
  if (
    status === 409 &&
    body &&
    typeof body === "object" &&
    Array.isArray((body as { conflicts?: unknown }).conflicts)
  )
    return { kind: "conflict", conflicts: (body as { conflicts: OfflineConflict[] }).conflicts, message };
  if (status === 408 || status === 429 || status >= 500) return { kind: "retry", message };
  return { kind: "rejected", message };
}
