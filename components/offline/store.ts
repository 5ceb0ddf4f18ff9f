import { type DBSchema, type IDBPDatabase, openDB } from "idb";
import type { OfflineCustomer, OfflineTask } from "@/server/domain/offline";
import type { OutboxItem } from "./queue";

/**
 * What the app keeps for offline use, in IndexedDB (through `idb`), one database per user
 * (`mini-crm-<userId>`), every record under its business's slug:
 * - `customers`: customers opened lately (the last 200) and the list's first page, with notes and open tasks;
 * - `snapshots`: per business, the first page's order, My tasks and when they were synced;
 * - `outbox`: writes made offline, waiting for the server (components/offline/queue.ts).
 * A small shared database (`mini-crm-meta`) says who is signed in on this device, so the offline app and
 * the service worker know which database to open.
 */

export interface CachedCustomer extends OfflineCustomer {
  slug: string;
  /** Epoch ms the member last opened the customer's page; 0 when only on the list's first page. */
  openedAt: number;
  /** UTC ISO 8601, when the server sent it. */
  syncedAt: string;
}

export interface CachedSnapshot {
  slug: string;
  businessId: string;
  businessName: string;
  /** The customers list's first page, in order. */
  listIds: string[];
  myTasks: OfflineTask[];
  syncedAt: string;
}

interface OfflineSchema extends DBSchema {
  customers: { key: [string, string]; value: CachedCustomer; indexes: { bySlugOpened: [string, number] } };
  snapshots: { key: string; value: CachedSnapshot };
  outbox: { key: string; value: OutboxItem; indexes: { bySeq: number } };
}

interface MetaSchema extends DBSchema {
  kv: { key: string; value: { id: string; name: string | null } };
}

/** Customers opened lately that stay offline. */
export const RECENT_CUSTOMERS = 200;

export type OfflineDb = IDBPDatabase<OfflineSchema>;

/** Opens (creating on first use) the offline database of `userId`. */
export function openOfflineDb(userId: string): Promise<OfflineDb> {
  return openDB<OfflineSchema>(`mini-crm-${userId}`, 1, {
    upgrade(db) {
      const customers = db.createObjectStore("customers", { keyPath: ["slug", "id"] });
      customers.createIndex("bySlugOpened", ["slug", "openedAt"]);
      db.createObjectStore("snapshots", { keyPath: "slug" });
      db.createObjectStore("outbox", { keyPath: "key" }).createIndex("bySeq", "seq");
    },
  });
}

function openMeta(): Promise<IDBPDatabase<MetaSchema>> {
  return openDB<MetaSchema>("mini-crm-meta", 1, {
    upgrade(db) {
      db.createObjectStore("kv");
    },
  });
}

/** Who is signed in on this device (set by the app's pages, read offline). */
export async function currentUser(): Promise<{ id: string; name: string | null } | null> {
  const meta = await openMeta();
  try {
    return (await meta.get("kv", "user")) ?? null;
  } finally {
    meta.close();
  }
}

export async function setCurrentUser(user: { id: string; name: string | null }): Promise<void> {
  const meta = await openMeta();
  try {
    await meta.put("kv", { id: user.id, name: user.name }, "user");
  } finally {
    meta.close();
  }
}

/** Stores what `GET /api/offline/snapshot` sent: customers keep their `openedAt`. */
export async function storeCustomers(
  db: OfflineDb,
  slug: string,
  list: OfflineCustomer[],
  syncedAt: string,
  opened = false,
) {
  const tx = db.transaction("customers", "readwrite");
  for (const c of list) {
    const prev = await tx.store.get([slug, c.id]);
    const openedAt = opened ? Date.now() : (prev?.openedAt ?? 0);
    // An older answer (a slow request that finished last) never replaces a newer one.
    if (prev && Date.parse(prev.syncedAt) > Date.parse(syncedAt)) {
      if (openedAt !== prev.openedAt) await tx.store.put({ ...prev, openedAt });
      continue;
    }
    await tx.store.put({ ...c, slug, syncedAt, openedAt });
  }
  await tx.done;
}

/** Drops the customers opened longest ago past the last `RECENT_CUSTOMERS` (keeping the list's first page). */
export async function pruneCustomers(db: OfflineDb, slug: string): Promise<void> {
  const snapshot = await db.get("snapshots", slug);
  const keep = new Set(snapshot?.listIds ?? []);
  const tx = db.transaction("customers", "readwrite");
  const range = IDBKeyRange.bound([slug, 0], [slug, Number.MAX_SAFE_INTEGER]);
  const all = await tx.store.index("bySlugOpened").getAll(range);
  const opened = all.filter((c) => c.openedAt > 0).sort((a, b) => b.openedAt - a.openedAt);
  for (const c of opened.slice(RECENT_CUSTOMERS)) if (!keep.has(c.id)) await tx.store.delete([slug, c.id]);
  for (const c of all) if (c.openedAt === 0 && !keep.has(c.id)) await tx.store.delete([slug, c.id]);
  await tx.done;
}

/**
 * Signing out: forgets what was kept to read (customers, lists, tasks). Writes still queued stay, for
 * this user only, and are sent after they sign in again.
 */
export async function clearReadCache(userId: string): Promise<void> {
  const db = await openOfflineDb(userId);
  try {
    const tx = db.transaction(["customers", "snapshots"], "readwrite");
    await Promise.all([tx.objectStore("customers").clear(), tx.objectStore("snapshots").clear(), tx.done]);
  } finally {
    db.close();
  }
}

/**
 * Signing out on this device: the kept customers, lists and tasks are deleted, and the device no longer
 * says who is signed in; writes still queued stay for their user. Never throws (nothing kept is fine).
 */
export async function forgetOnSignOut(): Promise<void> {
  try {
    const user = await currentUser();
    if (user) await clearReadCache(user.id);
    const meta = await openMeta();
    try {
      await meta.delete("kv", "user");
    } finally {
      meta.close();
    }
  } catch {
    // IndexedDB unavailable (private window): there is nothing to forget.
  }
}
