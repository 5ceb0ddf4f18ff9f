import { createTRPCRouter, userProcedure } from "@/server/api/trpc";
import {
  pushDeviceInput,
  setPushDeviceKindsInput,
  setReminderChannelsInput,
  subscribePushInput,
  unsubscribePushInput,
} from "@/server/domain/push";
import * as devices from "@/server/services/push/devices";
import { sendTestPush } from "@/server/services/push/send";
import { vapidDetails } from "@/server/services/push/vapid";

/**
 * Web Push for the signed-in user (account level, not per business; API keys are refused): the devices
 * with notifications on, what each is told of, and how task reminders arrive.
 */
export const pushRouter = createTRPCRouter({
  /** The application server key a browser subscribes with (`applicationServerKey`, base64url P-256). */
  publicKey: userProcedure.query(async () => ({ publicKey: (await vapidDetails()).publicKey })),
  /** The user's devices with notifications on, and their reminder channels. */
  settings: userProcedure.query(async ({ ctx }) => ({
    devices: await devices.listDevices(ctx.db, ctx.user.id),
    reminderChannels: await devices.reminderChannelsOf(ctx.db, ctx.user.id),
  })),
  /** Turns notifications on for this device (the browser's PushSubscription). VALIDATION at `subscription.*`. */
  subscribe: userProcedure
    .input(subscribePushInput)
    .mutation(({ ctx, input }) => devices.subscribeDevice(ctx.db, ctx.user.id, input)),
  /** Forgets this device by its endpoint (the browser unsubscribed). Output: `{ removed }`. */
  unsubscribe: userProcedure.input(unsubscribePushInput).mutation(async ({ ctx, input }) => ({
    removed: await devices.removeDeviceByEndpoint(ctx.db, ctx.user.id, input.endpoint),
  })),
  /** Turns notifications off for one of the user's devices. NOT_FOUND for another user's. */
  removeDevice: userProcedure.input(pushDeviceInput).mutation(async ({ ctx, input }) => {
    await devices.removeDevice(ctx.db, ctx.user.id, input.deviceId);
    return { ok: true as const };
  }),
  /** What one device is told of (`task_reminder`, `lead`, `import_finished`, `payment`). */
  setDeviceKinds: userProcedure
    .input(setPushDeviceKindsInput)
    .mutation(({ ctx, input }) => devices.setDeviceKinds(ctx.db, ctx.user.id, input)),
  /** How task reminders reach the user: `email`, `push`, both or neither. */
  setReminderChannels: userProcedure.input(setReminderChannelsInput).mutation(async ({ ctx, input }) => ({
    reminderChannels: await devices.setReminderChannels(ctx.db, ctx.user.id, input.channels),
  })),
  /** Sends a test notification to one device. Output: `{ sent, removed, failed }`. */
  test: userProcedure.input(pushDeviceInput).mutation(async ({ ctx, input }) => {
    const { removedIds: _, ...out } = await sendTestPush(ctx.db, ctx.user.id, input.deviceId);
    return out;
  }),
});
