import { and, asc, eq, gt, inArray, isNull, lte, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { notifications, pushSubscriptions, users } from "@/db/schema";
import { pushKindOfNotification } from "@/server/domain/push";
import { AppError } from "@/server/errors";
import { logger } from "@/server/logger";
import { type VapidDetails, vapidDetails } from "./vapid";

/** What a notification on the device says: app-relative `url` opens on click (see app/sw.ts). */
export interface PushMessage {
  title: string;
  body: string;
  url: string;
  tag?: string;
}

/** One device to push to. */
export interface PushTarget {
  id: string;
  endpoint: string;
  p256dh: string;
  auth: string;
}

export interface PushOutcome {
  /** Accepted by the push service (201). */
  sent: number;
  /** Gone devices (404/410 from the push service), deleted. */
  removed: number;
  /** The deleted devices' ids. */
  removedIds: string[];
  /** Other failures (counted on the device; the message is not retried: a late reminder is noise). */
  failed: number;
}

/** A push service's refusal, with its HTTP status. */
class PushServiceError extends Error {
  constructor(
    readonly status: number,
    body: string,
  ) {
    super(`push service answered ${status}: ${body.slice(0, 200)}`);
  }
}

/**
 * One push: web-push builds the request (payload encrypted for the device, RFC 8291 aes128gcm; VAPID
 * `Authorization`, RFC 8292; `TTL` 24 hours; `Urgency: normal`), fetch sends it with a 10 s timeout.
 * Errors: PushServiceError for any answer but 2xx; the network's error otherwise.
 */
async function deliver(t: PushTarget, payload: string, vapid: VapidDetails): Promise<void> {
  // Loaded on the first push, not when the server starts.
  const { default: webpush } = await import("web-push");
  const request = webpush.generateRequestDetails(
    { endpoint: t.endpoint, keys: { p256dh: t.p256dh, auth: t.auth } },
    payload,
    { vapidDetails: vapid, TTL: 24 * 60 * 60, urgency: "normal" },
  );
  const res = await fetch(request.endpoint, {
    method: request.method,
    headers: request.headers as Record<string, string>,
    body: request.body ? new Uint8Array(request.body) : undefined,
    signal: AbortSignal.timeout(10_000),
    redirect: "error",
  });
  if (!res.ok) throw new PushServiceError(res.status, await res.text().catch(() => ""));
}

/** Pushes in flight at once from one call. */
const PARALLEL = 10;

/**
 * Sends `message` to each device with web-push: the payload encrypted for the device (RFC 8291,
 * aes128gcm), signed with our VAPID key (RFC 8292), `TTL` 24 hours (a device offline longer gets it
 * when the push service still has it, else never), `Urgency: normal`, 10 s timeout per device.
 * A 404 or 410 answer means the browser unsubscribed: the device row is deleted. Output: counts.
 */
export async function pushToDevices(
  db: DbOrTx,
  targets: readonly PushTarget[],
  message: PushMessage,
): Promise<PushOutcome> {
  const outcome: PushOutcome = { sent: 0, removed: 0, removedIds: [], failed: 0 };
  const vapid = await vapidDetails();
  const payload = JSON.stringify(message);
  const sentIds: string[] = [];
  const failedIds: string[] = [];
  for (let i = 0; i < targets.length; i += PARALLEL) {
    await Promise.all(
      targets.slice(i, i + PARALLEL).map(async (t) => {
        try {
          await deliver(t, payload, vapid);
          sentIds.push(t.id);
        } catch (err) {
          const status = err instanceof PushServiceError ? err.status : null;
          if (status === 404 || status === 410) {
            outcome.removedIds.push(t.id);
            return;
          }
          failedIds.push(t.id);
          logger.warn({ deviceId: t.id, status, err: String(err) }, "push not delivered");
        }
      }),
    );
  }
  // One statement per outcome, not one per device.
  if (sentIds.length > 0)
    await db
      .update(pushSubscriptions)
      .set({ lastSentAt: sql`now()`, failures: 0 })
      .where(inArray(pushSubscriptions.id, sentIds));
  if (failedIds.length > 0)
    await db
      .update(pushSubscriptions)
      .set({ failures: sql`${pushSubscriptions.failures} + 1` })
      .where(inArray(pushSubscriptions.id, failedIds));
  if (outcome.removedIds.length > 0)
    await db.delete(pushSubscriptions).where(inArray(pushSubscriptions.id, outcome.removedIds));
  outcome.sent = sentIds.length;
  outcome.failed = failedIds.length;
  outcome.removed = outcome.removedIds.length;
  return outcome;
}

/** Most notifications one `pushPendingNotifications` call takes. */
export const PUSH_BATCH_SIZE = 500;

/**
 * The Web Push sender: in-app notifications are its outbox. Claims up to `limit` notifications not yet
 * pushed (made in the last 24 hours, oldest first; `pushed_at` set in the claiming statement with
 * `FOR UPDATE SKIP LOCKED`, so two runs never take the same one), and pushes each to its user's devices
 * that take its kind (task reminders only to users whose reminder channels include `push`). Older
 * unpushed notifications are marked and skipped (news of yesterday is not pushed).
 * Output: `{ claimed, sent, removed, removedIds, failed }`.
 */
export async function pushPendingNotifications(
  db: DbOrTx,
  opts: { limit?: number } = {},
): Promise<PushOutcome & { claimed: number }> {
  const limit = Math.min(Math.max(Math.trunc(opts.limit ?? PUSH_BATCH_SIZE), 1), 5_000);
  await db
    .update(notifications)
    .set({ pushedAt: sql`now()` })
    .where(and(isNull(notifications.pushedAt), lte(notifications.createdAt, sql`now() - interval '1 day'`)));
  const picked = db
    .select({ id: notifications.id })
    .from(notifications)
    .where(and(isNull(notifications.pushedAt), gt(notifications.createdAt, sql`now() - interval '1 day'`)))
    .orderBy(asc(notifications.createdAt))
    .limit(limit)
    .for("update", { skipLocked: true });
  const claimed = await db
    .update(notifications)
    .set({ pushedAt: sql`now()` })
    .where(inArray(notifications.id, picked))
    .returning({
      id: notifications.id,
      userId: notifications.userId,
      kind: notifications.kind,
      title: notifications.title,
      body: notifications.body,
      url: notifications.url,
    });
  const total: PushOutcome & { claimed: number } = {
    claimed: claimed.length,
    sent: 0,
    removed: 0,
    removedIds: [],
    failed: 0,
  };
  if (claimed.length === 0) return total;

  const userIds = [...new Set(claimed.map((n) => n.userId))];
  const devices = await db
    .select({
      id: pushSubscriptions.id,
      userId: pushSubscriptions.userId,
      endpoint: pushSubscriptions.endpoint,
      p256dh: pushSubscriptions.p256dh,
      auth: pushSubscriptions.auth,
      kinds: pushSubscriptions.kinds,
      reminderChannels: users.taskReminderChannels,
    })
    .from(pushSubscriptions)
    .innerJoin(users, eq(users.id, pushSubscriptions.userId))
    .where(inArray(pushSubscriptions.userId, userIds));

  for (const n of claimed) {
    const kind = pushKindOfNotification(n.kind);
    if (!kind) continue;
    const targets = devices.filter(
      (d) =>
        d.userId === n.userId &&
        !total.removedIds.includes(d.id) &&
        d.kinds.includes(kind) &&
        (kind !== "task_reminder" || d.reminderChannels.includes("push")),
    );
    if (targets.length === 0) continue;
    const out = await pushToDevices(db, targets, {
      title: n.title,
      body: n.body ?? "",
      url: n.url ?? "/b",
      tag: n.url ?? n.id,
    });
    total.sent += out.sent;
    total.removed += out.removed;
    total.removedIds.push(...out.removedIds);
    total.failed += out.failed;
  }
  return total;
}

/**
 * Sends a test notification to one of the user's devices ("Send a test" on the profile page).
 * Output: the outcome (`sent: 1` when the push service took it). Errors: NOT_FOUND for another user's device.
 */
export async function sendTestPush(db: DbOrTx, userId: string, deviceId: string): Promise<PushOutcome> {
  const [device] = await db
    .select({
      id: pushSubscriptions.id,
      endpoint: pushSubscriptions.endpoint,
      p256dh: pushSubscriptions.p256dh,
      auth: pushSubscriptions.auth,
    })
    .from(pushSubscriptions)
    .where(and(eq(pushSubscriptions.id, deviceId), eq(pushSubscriptions.userId, userId)));
  if (!device) throw new AppError("NOT_FOUND", "Device not found");
  return pushToDevices(db, [device], {
    title: "Mini CRM notifications are on",
    body: "Task reminders and new leads will show up here.",
    url: "/b",
    tag: "test",
  });
}
