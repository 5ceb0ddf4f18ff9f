import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { businessMembers, notifications } from "@/db/schema";
import {
  clip,
  type ListNotificationsInput,
  type MarkNotificationsReadInput,
  NOTIFICATION_LIMITS,
  type NotificationKind,
  type NotificationOutput,
} from "@/server/domain/notifications";
import { decodeTimeCursor, encodeTimeCursor } from "@/server/services/pagination/time-cursor";

/** The member a notification list belongs to. */
export interface NotificationReader {
  businessId: string;
  userId: string;
}

export interface NewNotification {
  kind: NotificationKind;
  title: string;
  body?: string | null;
  /** An app path (starting with "/"); anything else is dropped. */
  url?: string | null;
}

/**
 * Notifies members of `businessId`: one notification per user id in `userIds` who is a member (others,
 * and repeats, are skipped). Run it in the transaction that makes what it announces, so both or neither
 * are kept. Output: the number of notifications made.
 */
export async function notifyMembers(
  db: DbOrTx,
  businessId: string,
  userIds: readonly string[],
  n: NewNotification,
): Promise<number> {
  if (userIds.length === 0) return 0;
  const members = await db
    .select({ userId: businessMembers.userId })
    .from(businessMembers)
    .where(
      and(eq(businessMembers.businessId, businessId), inArray(businessMembers.userId, [...new Set(userIds)])),
    );
  if (members.length === 0) return 0;
  const url = n.url?.startsWith("/") && !n.url.startsWith("//") ? n.url : null;
  await db.insert(notifications).values(
    members.map((m) => ({
      businessId,
      userId: m.userId,
      kind: n.kind,
      title: clip(n.title, NOTIFICATION_LIMITS.title),
      body: n.body ? clip(n.body, NOTIFICATION_LIMITS.body) : null,
      url,
    })),
  );
  return members.length;
}

/**
 * The caller's notifications in the business, newest first, `limit` (default 20) per page. Output:
 * `{ data, nextCursor, unread }` (`unread`: how many are unread in all). Errors: VALIDATION on `cursor`.
 */
export async function listNotifications(
  db: DbOrTx,
  reader: NotificationReader,
  input: ListNotificationsInput = {},
): Promise<{ data: NotificationOutput[]; nextCursor: string | null; unread: number }> {
  const limit = input.limit ?? 20;
  const conditions = [
    eq(notifications.businessId, reader.businessId),
    eq(notifications.userId, reader.userId),
  ];
  if (input.unread) conditions.push(isNull(notifications.readAt));
  if (input.cursor) {
    const c = decodeTimeCursor(input.cursor);
    conditions.push(
      sql`(${notifications.createdAt}, ${notifications.id}) < (${c.t}::timestamptz, ${c.id}::uuid)`,
    );
  }
  const rows = await db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      title: notifications.title,
      body: notifications.body,
      url: notifications.url,
      readAt: notifications.readAt,
      createdAt: notifications.createdAt,
      cursorTime: sql<string>`to_char(${notifications.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    })
    .from(notifications)
    .where(and(...conditions))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    data: page.map(({ cursorTime: _, ...n }) => n),
    nextCursor: rows.length > limit && last ? encodeTimeCursor(last.cursorTime, last.id) : null,
    unread: await unreadCount(db, reader),
  };
}

/** How many of the caller's notifications in the business are unread (the bell's badge). */
export async function unreadCount(db: DbOrTx, reader: NotificationReader): Promise<number> {
  return db.$count(
    notifications,
    and(
      eq(notifications.businessId, reader.businessId),
      eq(notifications.userId, reader.userId),
      isNull(notifications.readAt),
    ),
  );
}

/**
 * Marks the caller's notifications read: `ids` (others' ids and unknown ones are ignored), or `all`.
 * Output: how many changed and how many stay unread.
 */
export async function markNotificationsRead(
  db: DbOrTx,
  reader: NotificationReader,
  input: MarkNotificationsReadInput,
): Promise<{ updated: number; unread: number }> {
  const changed = await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(
      and(
        eq(notifications.businessId, reader.businessId),
        eq(notifications.userId, reader.userId),
        isNull(notifications.readAt),
        "ids" in input ? inArray(notifications.id, input.ids) : undefined,
      ),
    )
    .returning({ id: notifications.id });
  return { updated: changed.length, unread: await unreadCount(db, reader) };
}
