import { z } from "zod";

/**
 * What a device can be told of by Web Push. Each maps from in-app notification kinds
 * (`pushKindOfNotification`); a device keeps its own list (Settings → Profile → Notifications).
 */
export const pushKinds = ["task_reminder", "lead", "import_finished", "payment"] as const;
export type PushKind = (typeof pushKinds)[number];

/** The push kind of an in-app notification kind (db/schema/enum-values.ts `notificationKinds`). */
export function pushKindOfNotification(kind: string): PushKind | null {
  switch (kind) {
    case "task_due":
      return "task_reminder";
    case "lead_form_submission":
      return "lead";
    case "import_finished":
      return "import_finished";
    case "payment_received":
    case "payment_flagged":
      return "payment";
    default:
      return null;
  }
}

/** How task reminders reach a user (users.task_reminder_channels). */
export const reminderChannels = ["email", "push"] as const;
export type ReminderChannel = (typeof reminderChannels)[number];

const base64url = (bytes: number, what: string) =>
  z
    .string()
    .regex(/^[A-Za-z0-9_-]+={0,2}$/, `${what} must be base64url`)
    .refine(
      (s) => Math.floor((s.replace(/=+$/, "").length * 3) / 4) === bytes,
      `${what} must be ${bytes} bytes`,
    );

/**
 * A browser's `PushSubscription.toJSON()` (Push API): the push service URL (https; RFC 8030) and the
 * keys for message encryption (RFC 8291): `p256dh` a P-256 public key (65 bytes), `auth` 16 bytes.
 */
export const pushSubscriptionInput = z.object({
  endpoint: z.url({ protocol: /^https?$/ }).max(2000),
  expirationTime: z.number().nullish(),
  keys: z.object({ p256dh: base64url(65, "keys.p256dh"), auth: base64url(16, "keys.auth") }),
});
export type PushSubscriptionInput = z.output<typeof pushSubscriptionInput>;

export const subscribePushInput = z.object({
  subscription: pushSubscriptionInput,
  /** What to be told of on this device; default all. */
  kinds: z.array(z.enum(pushKinds)).max(pushKinds.length).optional(),
  /** The browser's `navigator.userAgent`, only to name the device in the list. */
  userAgent: z.string().max(500).optional(),
});

export const unsubscribePushInput = z.object({ endpoint: z.url().max(2000) });

export const pushDeviceInput = z.object({ deviceId: z.uuid() });

export const setPushDeviceKindsInput = z.object({
  deviceId: z.uuid(),
  kinds: z.array(z.enum(pushKinds)).max(pushKinds.length),
});

export const setReminderChannelsInput = z.object({
  channels: z.array(z.enum(reminderChannels)).max(reminderChannels.length),
});
