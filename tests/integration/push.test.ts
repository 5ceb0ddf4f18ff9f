import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { emailMessages, pushSubscriptions, tasks } from "@/db/schema";
import { notifyMembers } from "@/server/services/notifications";
import { pushPendingNotifications } from "@/server/services/push/send";
import {
  claimDueReminders,
  notifyTaskReminders,
  queueTaskReminders,
} from "@/server/services/tasks/reminders";
import { callerFor, expectTRPCError } from "../helpers/caller";
import { testDb } from "../helpers/db";
import { createBusiness, createUser } from "../helpers/factories";
import { type FakePushService, startFakePushService } from "../helpers/fake-push";

let db: Db;
let push: FakePushService;
beforeAll(async () => {
  process.env.PUSH_ALLOW_INSECURE_ENDPOINTS = "1";
  db = (await testDb()).db;
  push = await startFakePushService();
});
afterAll(async () => {
  await push.close();
});

const CHROME_ANDROID =
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";

/** What the push service received for `endpoint` (waits a moment: another run may be the one pushing). */
async function receivedBy(endpoint: string, atLeast = 1) {
  for (let i = 0; i < 50; i++) {
    const got = push.received.filter((r) => r.endpoint === endpoint);
    if (got.length >= atLeast) return got;
    await pushPendingNotifications(db);
    await new Promise((r) => setTimeout(r, 100));
  }
  return push.received.filter((r) => r.endpoint === endpoint);
}

async function setup() {
  const owner = await createUser(db, { name: "Tara Owner" });
  const business = await createBusiness(db, { owner });
  return { owner, business, me: callerFor(db, owner) };
}

describe("Web Push devices", () => {
  it("subscribes a device, names it, sends a test push signed with VAPID and encrypted for the device", async () => {
    const { me } = await setup();
    const { publicKey } = await me.push.publicKey();
    expect(Buffer.from(publicKey, "base64url")).toHaveLength(65);
    const sub = push.subscription();
    const device = await me.push.subscribe({ subscription: sub, userAgent: CHROME_ANDROID });
    expect(device).toMatchObject({
      label: "Chrome on Android",
      kinds: ["task_reminder", "lead", "import_finished", "payment"],
    });
    const settings = await me.push.settings();
    expect(settings.devices.map((d) => d.id)).toEqual([device.id]);
    expect(settings.reminderChannels).toEqual(["email", "push"]);

    expect(await me.push.test({ deviceId: device.id })).toEqual({ sent: 1, removed: 0, failed: 0 });
    const [got] = push.received.filter((r) => r.endpoint === sub.endpoint);
    expect(got).toMatchObject({
      ttl: "86400",
      urgency: "normal",
      payload: { title: "Mini CRM notifications are on", url: "/b", tag: "test" },
    });
    expect(got!.vapidSub).toMatch(/^mailto:/);
    // Subscribing the same browser again updates the row instead of adding a device.
    await me.push.subscribe({ subscription: sub, kinds: ["lead"] });
    expect((await me.push.settings()).devices).toHaveLength(1);
  });

  it("refuses an address that is not a push service's, and another user's device", async () => {
    const { me, owner } = await setup();
    const sub = push.subscription();
    await expectTRPCError(
      me.push.subscribe({ subscription: { ...sub, endpoint: "http://10.0.0.5/push/x" } }),
      "BAD_REQUEST",
    );
    await expectTRPCError(
      me.push.subscribe({ subscription: { ...sub, keys: { ...sub.keys, auth: "short" } } }),
      "BAD_REQUEST",
    );
    const device = await me.push.subscribe({ subscription: sub });
    const other = callerFor(db, await createUser(db));
    await expectTRPCError(other.push.test({ deviceId: device.id }), "NOT_FOUND");
    await expectTRPCError(other.push.removeDevice({ deviceId: device.id }), "NOT_FOUND");
    await expectTRPCError(other.push.setDeviceKinds({ deviceId: device.id, kinds: [] }), "NOT_FOUND");
    expect((await other.push.unsubscribe({ endpoint: sub.endpoint })).removed).toBe(false);
    expect((await callerFor(db, owner).push.settings()).devices).toHaveLength(1);
    await me.push.removeDevice({ deviceId: device.id });
    expect((await me.push.settings()).devices).toHaveLength(0);
  });

  it("pushes a new lead once to each device that takes leads, and deletes a device the push service says is gone", async () => {
    const { owner, business, me } = await setup();
    const phone = push.subscription();
    const laptop = push.subscription();
    const quiet = push.subscription();
    await me.push.subscribe({ subscription: phone });
    const laptopDevice = await me.push.subscribe({ subscription: laptop });
    await me.push.subscribe({ subscription: quiet, kinds: ["task_reminder"] });
    await notifyMembers(db, business.id, [owner.id], {
      kind: "lead_form_submission",
      title: "New lead: Asha Rao",
      body: "Book a consultation",
      url: `/b/${business.slug}/customers/abc`,
    });
    const got = await receivedBy(phone.endpoint);
    expect(got).toHaveLength(1);
    expect(got[0]!.payload).toEqual({
      title: "New lead: Asha Rao",
      body: "Book a consultation",
      url: `/b/${business.slug}/customers/abc`,
      tag: `/b/${business.slug}/customers/abc`,
    });
    expect(await receivedBy(laptop.endpoint)).toHaveLength(1);
    // Pushed once: later runs find nothing for it.
    await pushPendingNotifications(db);
    expect(push.received.filter((r) => r.endpoint === phone.endpoint)).toHaveLength(1);
    expect(push.received.filter((r) => r.endpoint === quiet.endpoint)).toHaveLength(0);

    push.gone(laptop.endpoint);
    await notifyMembers(db, business.id, [owner.id], { kind: "payment_received", title: "Paid ₹1,000" });
    expect(await receivedBy(phone.endpoint, 2)).toHaveLength(2);
    const rows = await db.select().from(pushSubscriptions).where(eq(pushSubscriptions.id, laptopDevice.id));
    expect(rows).toHaveLength(0);
    expect(push.refused.some((r) => r.endpoint === laptop.endpoint && r.status === 410)).toBe(true);
  });

  it("sends task reminders by push, email or both, as the user chose", async () => {
    const { owner, business, me } = await setup();
    const phone = push.subscription();
    await me.push.subscribe({ subscription: phone });
    const remind = async (title: string) => {
      await db.insert(tasks).values({
        businessId: business.id,
        title,
        assigneeId: owner.id,
        createdById: owner.id,
        reminderAt: new Date("2000-01-01T09:00:00Z"),
        dueAt: new Date("2000-01-01T10:00:00Z"),
      });
      const claimed = await claimDueReminders(db, { businessId: business.id });
      const queued = await queueTaskReminders(db, claimed);
      await notifyTaskReminders(db, claimed);
      return queued;
    };

    const both = await remind("Call Asha");
    expect(both.queued).toHaveLength(1);
    const [first] = await receivedBy(phone.endpoint);
    expect(first!.payload).toMatchObject({ title: "Call Asha", body: expect.stringMatching(/^Due 1 Jan/) });
    expect((first!.payload as { url: string }).url).toMatch(new RegExp(`^/b/${business.slug}/tasks#task-`));

    await me.push.setReminderChannels({ channels: ["push"] });
    const pushOnly = await remind("Send the quote");
    expect(pushOnly.queued).toHaveLength(0);
    expect(pushOnly.skipped).toEqual([{ taskId: expect.any(String), reason: "email_off" }]);
    expect((await receivedBy(phone.endpoint, 2)).at(-1)!.payload).toMatchObject({ title: "Send the quote" });

    await me.push.setReminderChannels({ channels: ["email"] });
    const emailOnly = await remind("Renew the lease");
    expect(emailOnly.queued).toHaveLength(1);
    await pushPendingNotifications(db);
    await new Promise((r) => setTimeout(r, 300));
    expect(push.received.filter((r) => r.endpoint === phone.endpoint)).toHaveLength(2);
    const mails = await db.select().from(emailMessages).where(eq(emailMessages.to, owner.email));
    expect(mails).toHaveLength(2);
  });
});
