import { OUTBOX_SYNC_TAG } from "@/components/pwa/sw-shared";
import type { OfflineCustomer, OfflineOpInput, OfflineSnapshot } from "@/server/domain/offline";
import { keepMine, type OutboxItem, outcomeOf, replay, type SendOutcome } from "./queue";
import { type CachedCustomer, type OfflineDb, pruneCustomers, storeCustomers } from "./store";

/**
 * The offline data layer at work, in a page or in the service worker: syncing what to read, queueing
 * writes made offline and replaying them. `fetch` is the global one (the page's or the worker's).
 */

/** The first page is synced again at most this often (ms), unless forced. */
const SNAPSHOT_EVERY_MS = 5 * 60 * 1000;

async function getJson(url: string): Promise<unknown> {
  const res = await fetch(url, { credentials: "same-origin", cache: "no-store" });
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  return res.json();
}

/** Syncs a business's first page of customers and My tasks, at most every 5 minutes unless `force`. */
export async function syncBusiness(
  db: OfflineDb,
  slug: string,
  businessId: string,
  force = false,
): Promise<void> {
  const prev = await db.get("snapshots", slug);
  if (!force && prev && Date.now() - Date.parse(prev.syncedAt) < SNAPSHOT_EVERY_MS) return;
  const snap = (await getJson(`/api/offline/snapshot?businessId=${businessId}`)) as OfflineSnapshot;
  await storeCustomers(db, slug, snap.customers, snap.syncedAt);
  await db.put("snapshots", {
    slug,
    businessId,
    businessName: snap.business.name,
    listIds: snap.customers.map((c) => c.id),
    myTasks: snap.myTasks ?? [],
    syncedAt: snap.syncedAt,
  });
  await pruneCustomers(db, slug);
}

/** Keeps one customer the member opened (her fields, notes and open tasks) for offline reading. */
export async function keepCustomer(
  db: OfflineDb,
  slug: string,
  businessId: string,
  customerId: string,
): Promise<void> {
  const snap = (await getJson(
    `/api/offline/snapshot?businessId=${businessId}&customerId=${customerId}`,
  )) as OfflineSnapshot;
  await storeCustomers(db, slug, snap.customers, snap.syncedAt, true);
  await pruneCustomers(db, slug);
}

/** Shows a queued write in the kept data at once (a pending note, a ticked task, the edited fields). */
async function applyLocally(db: OfflineDb, item: OutboxItem): Promise<void> {
  const op = item.op;
  const update = async (customerId: string, change: (c: CachedCustomer) => CachedCustomer) => {
    const c = await db.get("customers", [item.slug, customerId]);
    if (c) await db.put("customers", change(c));
  };
  if (op.kind === "note.create")
    await update(op.customerId, (c) => ({
      ...c,
      notes: [
        { id: `pending:${item.key}`, text: op.body, createdAt: item.queuedAt, authorName: null },
        ...c.notes,
      ],
    }));
  if (op.kind === "customer.update")
    await update(op.customerId, (c) => ({ ...c, ...(op.changes as Partial<OfflineCustomer>) }));
  if (op.kind === "task.create" && op.customerId)
    await update(op.customerId, (c) => ({
      ...c,
      tasks: [
        ...c.tasks,
        {
          id: `pending:${item.key}`,
          title: op.title,
          status: "open",
          dueAt: op.dueAt ? new Date(op.dueAt).toISOString() : null,
          customerId: op.customerId ?? null,
          customerName: c.name,
        },
      ],
    }));
  if (op.kind === "task.complete") {
    const all = await db.getAll("customers");
    for (const c of all)
      if (c.slug === item.slug && c.tasks.some((t) => t.id === op.taskId))
        await db.put("customers", {
          ...c,
          tasks: c.tasks.map((t) => (t.id === op.taskId ? { ...t, status: "done" } : t)),
        });
    const snap = await db.get("snapshots", item.slug);
    if (snap)
      await db.put("snapshots", {
        ...snap,
        myTasks: snap.myTasks.map((t) => (t.id === op.taskId ? { ...t, status: "done" } : t)),
      });
  }
}

let counter = 0;

/**
 * Queues a write made offline (durably, in IndexedDB), shows it in the kept data, asks the service
 * worker for a Background Sync where the browser has it, and tries to send it at once.
 * Output: the queued item. Errors: the storage's (full, or denied in a private window): nothing is
 * queued then, and the caller tells the user.
 */
export async function enqueue(
  db: OfflineDb,
  write: { userId: string; businessId: string; slug: string; op: OfflineOpInput; label: string },
): Promise<OutboxItem> {
  const item: OutboxItem = {
    ...write,
    key: crypto.randomUUID(),
    seq: Date.now() * 1000 + (counter++ % 1000),
    queuedAt: new Date().toISOString(),
    status: "pending",
    attempts: 0,
    nextAttemptAt: 0,
  };
  await db.put("outbox", item);
  await applyLocally(db, item);
  await requestBackgroundSync();
  return item;
}

/** Asks the service worker to replay the queue when the connection is back (Chromium's Background Sync). */
async function requestBackgroundSync(): Promise<void> {
  try {
    if (typeof navigator === "undefined" || !("serviceWorker" in navigator)) return;
    const reg = (await navigator.serviceWorker.getRegistration()) as
      | (ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } })
      | undefined;
    await reg?.sync?.register(OUTBOX_SYNC_TAG);
  } catch {
    // Not supported or not allowed: the app replays on `online` and on focus instead.
  }
}

/** Sends one queued write to the server; a network failure is a retry. */
export async function sendItem(item: OutboxItem): Promise<SendOutcome> {
  let res: Response;
  try {
    res = await fetch("/api/offline/mutations", {
      method: "POST",
      credentials: "same-origin",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        key: item.key,
        businessId: item.businessId,
        userId: item.userId,
        queuedAt: item.queuedAt,
        op: item.op,
      }),
    });
  } catch {
    return outcomeOf(null, null);
  }
  return outcomeOf(res.status, await res.json().catch(() => null));
}

/** What `replayOutbox` did, for the page's message. */
export interface ReplaySummary {
  sent: number;
  waiting: number;
  needsAttention: number;
  signedOut: boolean;
}

/**
 * Replays `userId`'s queued writes in order (`queue.ts` `replay`), one replayer at a time across tabs and
 * the service worker (a Web Lock; the server's idempotency keys make a second replay harmless anyway),
 * then refreshes the customers they touched. Output: counts.
 */
export async function replayOutbox(db: OfflineDb, userId: string): Promise<ReplaySummary> {
  const run = async (): Promise<ReplaySummary> => {
    const items = await db.getAllFromIndex("outbox", "bySeq");
    const result = await replay(items, sendItem, { userId });
    const tx = db.transaction("outbox", "readwrite");
    for (const key of result.sent) await tx.store.delete(key);
    for (const item of result.changed) await tx.store.put(item);
    await tx.done;
    const sentItems = items.filter((i) => result.sent.includes(i.key));
    const touched = new Map<string, OutboxItem>();
    for (const i of sentItems) {
      const id = "customerId" in i.op ? i.op.customerId : null;
      if (id) touched.set(`${i.slug}/${id}`, i);
    }
    for (const [k, i] of touched)
      await keepCustomer(db, i.slug, i.businessId, k.split("/")[1]!).catch(() => undefined);
    for (const slug of new Set(sentItems.map((i) => i.slug))) {
      const i = sentItems.find((s) => s.slug === slug)!;
      await syncBusiness(db, slug, i.businessId, true).catch(() => undefined);
    }
    const left = await db.getAll("outbox");
    const mine = left.filter((i) => i.userId === userId);
    return {
      sent: result.sent.length,
      waiting: mine.filter((i) => i.status === "pending").length,
      needsAttention: mine.filter((i) => i.status !== "pending").length,
      signedOut: result.stoppedBy === "unauthorized",
    };
  };
  const locks = typeof navigator !== "undefined" ? navigator.locks : undefined;
  if (!locks) return run();
  return locks.request("mini-crm-outbox", run);
}

/** "Keep mine" on a conflict: the edit is queued again from the server's values. */
export async function resolveKeepMine(db: OfflineDb, item: OutboxItem): Promise<void> {
  const again = keepMine(item, crypto.randomUUID());
  const tx = db.transaction("outbox", "readwrite");
  await tx.store.delete(item.key);
  await tx.store.put(again);
  await tx.done;
}

/** Discards a queued write ("Keep theirs", or a refused one the user gives up). */
export async function discard(db: OfflineDb, item: OutboxItem): Promise<void> {
  await db.delete("outbox", item.key);
}
