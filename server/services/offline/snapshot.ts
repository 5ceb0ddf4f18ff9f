import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { customers, notes, tasks, users } from "@/db/schema";
import type { OfflineCustomer, OfflineSnapshot, OfflineTask } from "@/server/domain/offline";
import { openTaskStatuses } from "@/server/domain/tasks";
import { AppError } from "@/server/errors";
import { noteText } from "@/server/services/notes";

/** Customers of the first page kept for offline reading. */
export const OFFLINE_LIST_SIZE = 50;
/** Latest notes kept per customer. */
const NOTES_PER_CUSTOMER = 10;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

async function withNotesAndTasks(
  db: DbOrTx,
  businessId: string,
  rows: (typeof customers.$inferSelect)[],
): Promise<OfflineCustomer[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [noteRows, taskRows] = await Promise.all([
    db
      .select({
        id: notes.id,
        customerId: notes.customerId,
        body: notes.body,
        createdAt: notes.createdAt,
        authorName: users.name,
      })
      .from(notes)
      .leftJoin(users, eq(users.id, notes.authorId))
      .where(and(eq(notes.businessId, businessId), inArray(notes.customerId, ids)))
      .orderBy(desc(notes.createdAt))
      .limit(ids.length * NOTES_PER_CUSTOMER * 2),
    db
      .select({
        id: tasks.id,
        title: tasks.title,
        status: tasks.status,
        dueAt: tasks.dueAt,
        customerId: tasks.customerId,
      })
      .from(tasks)
      .where(
        and(
          eq(tasks.businessId, businessId),
          inArray(tasks.customerId, ids),
          inArray(tasks.status, [...openTaskStatuses]),
        ),
      )
      .orderBy(sql`${tasks.dueAt} asc nulls last`, asc(tasks.id))
      .limit(ids.length * 20),
  ]);
  return rows.map((c) => ({
    id: c.id,
    name: c.name,
    email: c.email,
    phone: c.phone,
    whatsapp: c.whatsapp,
    company: c.company,
    city: c.city,
    lifecycleStage: c.lifecycleStage,
    tags: c.tags,
    updatedAt: c.updatedAt.toISOString(),
    notes: noteRows
      .filter((n) => n.customerId === c.id)
      .slice(0, NOTES_PER_CUSTOMER)
      .map((n) => ({
        id: n.id,
        text: noteText(n.body),
        createdAt: n.createdAt.toISOString(),
        authorName: n.authorName,
      })),
    tasks: taskRows
      .filter((t) => t.customerId === c.id)
      .map((t) => ({ ...t, dueAt: iso(t.dueAt), customerName: c.name })),
  }));
}

/**
 * What one member reads offline in a business: the customers list's first page (50, newest first, live
 * customers) or just `customerId`, each with its latest 10 notes (as text) and open tasks; and, for the
 * list, the member's open tasks (up to 100, soonest due first). Output: `OfflineSnapshot`.
 * Errors: NOT_FOUND for a customer not in the business (or in the Trash).
 */
export async function offlineSnapshot(
  db: DbOrTx,
  ref: { business: { id: string; slug: string; name: string }; userId: string },
  opts: { customerId?: string } = {},
): Promise<OfflineSnapshot> {
  const businessId = ref.business.id;
  const live = and(eq(customers.businessId, businessId), isNull(customers.deletedAt));
  const base = {
    business: { id: businessId, slug: ref.business.slug, name: ref.business.name },
    userId: ref.userId,
    syncedAt: new Date().toISOString(),
  };
  if (opts.customerId) {
    const rows = await db
      .select()
      .from(customers)
      .where(and(live, eq(customers.id, opts.customerId)));
    if (rows.length === 0) throw new AppError("NOT_FOUND");
    return { ...base, customers: await withNotesAndTasks(db, businessId, rows) };
  }
  const [rows, mine] = await Promise.all([
    db
      .select()
      .from(customers)
      .where(live)
      .orderBy(desc(customers.createdAt), desc(customers.id))
      .limit(OFFLINE_LIST_SIZE),
    db
      .select({
        id: tasks.id,
        title: tasks.title,
        status: tasks.status,
        dueAt: tasks.dueAt,
        customerId: tasks.customerId,
        customerName: customers.name,
      })
      .from(tasks)
      .leftJoin(customers, and(eq(customers.id, tasks.customerId), eq(customers.businessId, businessId)))
      .where(
        and(
          eq(tasks.businessId, businessId),
          eq(tasks.assigneeId, ref.userId),
          inArray(tasks.status, [...openTaskStatuses]),
        ),
      )
      .orderBy(sql`${tasks.dueAt} asc nulls last`, asc(tasks.id))
      .limit(100),
  ]);
  const myTasks: OfflineTask[] = mine.map((t) => ({ ...t, dueAt: iso(t.dueAt) }));
  return { ...base, customers: await withNotesAndTasks(db, businessId, rows), myTasks };
}
