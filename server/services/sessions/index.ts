import { and, desc, eq, isNull, ne } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { userSessions, users } from "@/db/schema";
import { AppError } from "@/server/errors";

/** How often `lastSeenAt` is written for a busy session, in ms (at most once per 5 minutes). */
const SEEN_EVERY_MS = 5 * 60 * 1000;

/**
 * Records a new signed-in device for `userId`. Input: the request's user agent and client IP (either may
 * be null). Output: the session id the cookie carries (`sid`).
 */
export async function startSession(
  db: DbOrTx,
  userId: string,
  device: { userAgent: string | null; ip: string | null },
): Promise<string> {
  const [row] = await db
    .insert(userSessions)
    .values({ userId, userAgent: device.userAgent?.slice(0, 500) ?? null, ip: device.ip })
    .returning({ id: userSessions.id });
  return row!.id;
}

/**
 * The user of a live session (`sid` from the cookie), or null when the session was revoked, never
 * existed or belongs to someone else. Marks it seen (at most every 5 minutes).
 */
export async function sessionUser(db: DbOrTx, userId: string, sessionId: string) {
  const [row] = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      isPlatformAdmin: users.isPlatformAdmin,
      lastSeenAt: userSessions.lastSeenAt,
    })
    .from(userSessions)
    .innerJoin(users, eq(users.id, userSessions.userId))
    .where(
      and(eq(userSessions.id, sessionId), eq(userSessions.userId, userId), isNull(userSessions.revokedAt)),
    )
    .limit(1);
  if (!row) return null;
  if (Date.now() - row.lastSeenAt.getTime() > SEEN_EVERY_MS)
    await db.update(userSessions).set({ lastSeenAt: new Date() }).where(eq(userSessions.id, sessionId));
  const { lastSeenAt: _, ...user } = row;
  return { ...user, sessionId };
}

/** The user's live sessions, most recently seen first; `current` marks `currentId`. */
export async function listSessions(db: DbOrTx, userId: string, currentId: string | null) {
  const rows = await db
    .select()
    .from(userSessions)
    .where(and(eq(userSessions.userId, userId), isNull(userSessions.revokedAt)))
    .orderBy(desc(userSessions.lastSeenAt))
    .limit(100);
  return rows.map((r) => ({
    id: r.id,
    userAgent: r.userAgent,
    ip: r.ip,
    createdAt: r.createdAt,
    lastSeenAt: r.lastSeenAt,
    current: r.id === currentId,
  }));
}

/** Revokes one of the user's sessions. Errors: NOT_FOUND when it is not theirs or already ended. */
export async function revokeSession(db: DbOrTx, userId: string, sessionId: string): Promise<void> {
  const rows = await db
    .update(userSessions)
    .set({ revokedAt: new Date() })
    .where(
      and(eq(userSessions.id, sessionId), eq(userSessions.userId, userId), isNull(userSessions.revokedAt)),
    )
    .returning({ id: userSessions.id });
  if (rows.length === 0) throw new AppError("NOT_FOUND");
}

/**
 * Revokes every session of the user except `keepId` (null: all of them, e.g. after a password reset).
 * Output: how many were ended.
 */
export async function revokeSessions(db: DbOrTx, userId: string, keepId: string | null): Promise<number> {
  const rows = await db
    .update(userSessions)
    .set({ revokedAt: new Date() })
    .where(
      and(
        eq(userSessions.userId, userId),
        isNull(userSessions.revokedAt),
        keepId ? ne(userSessions.id, keepId) : undefined,
      ),
    )
    .returning({ id: userSessions.id });
  return rows.length;
}
