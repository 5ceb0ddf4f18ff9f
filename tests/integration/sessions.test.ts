import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { authTokens } from "@/db/schema";
import { hashToken } from "@/server/auth/tokens";
import { changePassword, resetPassword } from "@/server/services/auth";
import { sessionUser, startSession } from "@/server/services/sessions";
import { callerFor } from "../helpers/caller";
import { testDb } from "../helpers/db";
import { createUser, TEST_PASSWORD } from "../helpers/factories";

let db: Db;
beforeAll(async () => {
  db = (await testDb()).db;
});

const device = { userAgent: "Mozilla/5.0 (iPhone) Safari/605.1", ip: "203.0.113.5" };

describe("sessions", () => {
  it("a password reset ends every session: an old cookie no longer signs in", async () => {
    const user = await createUser(db);
    const phone = await startSession(db, user.id, device);
    const laptop = await startSession(db, user.id, { userAgent: "Chrome/120 (Windows)", ip: null });
    expect(await sessionUser(db, user.id, phone)).toMatchObject({ id: user.id, sessionId: phone });
    const token = "reset-token-for-sessions-test";
    await db.insert(authTokens).values({
      userId: user.id,
      purpose: "password_reset",
      tokenHash: hashToken(token),
      expiresAt: new Date(Date.now() + 60_000),
    });
    await resetPassword(db, { token, password: "a brand new password 1" });
    expect(await sessionUser(db, user.id, phone)).toBeNull();
    expect(await sessionUser(db, user.id, laptop)).toBeNull();
  });

  it("a password change keeps this device and ends the others; devices can be listed and signed out", async () => {
    const user = await createUser(db);
    const here = await startSession(db, user.id, device);
    const other = await startSession(db, user.id, { userAgent: "Firefox/120 (Linux)", ip: null });
    const third = await startSession(db, user.id, { userAgent: null, ip: null });
    const caller = callerFor(db, { ...user, sessionId: here });
    const list = await caller.auth.sessions();
    expect(list.map((s) => [s.id, s.current]).sort()).toEqual(
      [
        [here, true],
        [other, false],
        [third, false],
      ].sort(),
    );
    await caller.auth.revokeSession({ sessionId: third });
    expect(await sessionUser(db, user.id, third)).toBeNull();
    await changePassword(
      db,
      user.id,
      { currentPassword: TEST_PASSWORD, newPassword: "another new password 2" },
      here,
    );
    expect(await sessionUser(db, user.id, here)).not.toBeNull();
    expect(await sessionUser(db, user.id, other)).toBeNull();
    // Another user cannot end this user's session.
    const stranger = await createUser(db);
    await expect(callerFor(db, stranger).auth.revokeSession({ sessionId: here })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect((await caller.auth.signOutOtherDevices()).ended).toBe(0);
  });
});
