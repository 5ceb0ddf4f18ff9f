import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { pushSubscriptions, users } from "@/db/schema";
import { deviceLabel } from "@/server/domain/device-label";
import {
  type PushKind,
  type PushSubscriptionInput,
  pushKinds,
  type ReminderChannel,
} from "@/server/domain/push";
import { AppError } from "@/server/errors";

/** A device with notifications on, as the profile page lists it. Dates UTC. */
export interface PushDevice {
  id: string;
  label: string;
  kinds: PushKind[];
  createdAt: Date;
  lastSentAt: Date | null;
}

const deviceColumns = {
  id: pushSubscriptions.id,
  label: pushSubscriptions.deviceLabel,
  kinds: pushSubscriptions.kinds,
  createdAt: pushSubscriptions.createdAt,
  lastSentAt: pushSubscriptions.lastSentAt,
};

/**
 * Whether `endpoint` may be pushed to: https only (every browser's push service is), except a loopback
 * http address when `PUSH_ALLOW_INSECURE_ENDPOINTS=1` (a local push service in development and tests).
 * Keeps the server from posting to addresses inside its own network.
 */
export function allowedPushEndpoint(endpoint: string): boolean {
  const url = new URL(endpoint);
  if (url.protocol === "https:") return true;
  const loopback = url.hostname === "127.0.0.1" || url.hostname === "localhost" || url.hostname === "[::1]";
  return loopback && url.protocol === "http:" && process.env.PUSH_ALLOW_INSECURE_ENDPOINTS === "1";
}

/**
 * Turns notifications on for one device of `userId`: stores the browser's push subscription (the same
 * endpoint again updates its keys and moves it to this user: a shared browser follows whoever signed in
 * last). Output: the device. Errors: VALIDATION at `subscription.endpoint` for an address that is not a
 * push service's (see `allowedPushEndpoint`).
 */
export async function subscribeDevice(
  db: DbOrTx,
  userId: string,
  input: { subscription: PushSubscriptionInput; kinds?: PushKind[]; userAgent?: string | null },
): Promise<PushDevice> {
  const { endpoint, keys } = input.subscription;
  if (!allowedPushEndpoint(endpoint))
    throw new AppError("VALIDATION", "This is not a push service's address.", {
      "subscription.endpoint": "Must be an https push service URL.",
    });
  const kinds = input.kinds ?? [...pushKinds];
  const [row] = await db
    .insert(pushSubscriptions)
    .values({
      userId,
      endpoint,
      p256dh: keys.p256dh,
      auth: keys.auth,
      deviceLabel: deviceLabel(input.userAgent),
      kinds,
    })
    .onConflictDoUpdate({
      target: pushSubscriptions.endpoint,
      set: { userId, p256dh: keys.p256dh, auth: keys.auth, kinds, failures: 0 },
    })
    .returning(deviceColumns);
  return { ...row!, kinds: row!.kinds as PushKind[] };
}

/** The user's devices with notifications on, oldest first. */
export async function listDevices(db: DbOrTx, userId: string): Promise<PushDevice[]> {
  const rows = await db
    .select(deviceColumns)
    .from(pushSubscriptions)
    .where(eq(pushSubscriptions.userId, userId))
    .orderBy(asc(pushSubscriptions.createdAt));
  return rows.map((r) => ({ ...r, kinds: r.kinds as PushKind[] }));
}

/** Turns notifications off for one of the user's devices. Errors: NOT_FOUND for another user's device. */
export async function removeDevice(db: DbOrTx, userId: string, deviceId: string): Promise<void> {
  const gone = await db
    .delete(pushSubscriptions)
    .where(and(eq(pushSubscriptions.id, deviceId), eq(pushSubscriptions.userId, userId)))
    .returning({ id: pushSubscriptions.id });
  if (gone.length === 0) throw new AppError("NOT_FOUND", "Device not found");
}

/** Forgets a device by its endpoint (the browser unsubscribed); another user's endpoint is left alone. */
export async function removeDeviceByEndpoint(db: DbOrTx, userId: string, endpoint: string): Promise<boolean> {
  const gone = await db
    .delete(pushSubscriptions)
    .where(and(eq(pushSubscriptions.endpoint, endpoint), eq(pushSubscriptions.userId, userId)))
    .returning({ id: pushSubscriptions.id });
  return gone.length > 0;
}

/** Sets what one device is told of. Errors: NOT_FOUND for another user's device. */
export async function setDeviceKinds(
  db: DbOrTx,
  userId: string,
  input: { deviceId: string; kinds: PushKind[] },
): Promise<PushDevice> {
  const [row] = await db
    .update(pushSubscriptions)
    .set({ kinds: [...new Set(input.kinds)] })
    .where(and(eq(pushSubscriptions.id, input.deviceId), eq(pushSubscriptions.userId, userId)))
    .returning(deviceColumns);
  if (!row) throw new AppError("NOT_FOUND", "Device not found");
  return { ...row, kinds: row.kinds as PushKind[] };
}

/** How task reminders reach the user: `email`, `push`, both, or neither (only the bell in the app). */
export async function reminderChannelsOf(db: DbOrTx, userId: string): Promise<ReminderChannel[]> {
  const [row] = await db
    .select({ channels: users.taskReminderChannels })
    .from(users)
    .where(eq(users.id, userId));
  return (row?.channels ?? ["email", "push"]) as ReminderChannel[];
}

/** Sets how task reminders reach the user. Output: the channels kept (deduplicated). */
export async function setReminderChannels(
  db: DbOrTx,
  userId: string,
  channels: ReminderChannel[],
): Promise<ReminderChannel[]> {
  const unique = [...new Set(channels)];
  await db.update(users).set({ taskReminderChannels: unique }).where(eq(users.id, userId));
  return unique;
}
