import { createHash } from "node:crypto";
import { and, desc, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditEvents, authTokens, userSessions, users } from "@/db/schema";
import { RateLimitedError } from "@/server/auth/rate-limit";
import { AppError } from "@/server/errors";
import { verifyCredentials } from "@/server/services/auth";
import { callerFor, expectTRPCError, latestEmailTo, tokenFromLatestEmail } from "../helpers/caller";
import { testDb } from "../helpers/db";
import { createUser, TEST_PASSWORD, uniqueEmail } from "../helpers/factories";

let db: Db;
beforeAll(async () => {
  db = (await testDb()).db;
});

const PASSWORD = "a long enough passphrase";

async function signUp(email = uniqueEmail("signup"), password = PASSWORD) {
  const { userId } = await callerFor(db, null).auth.signUp({ name: "Asha Rao", email, password });
  return { userId, email, password };
}

/** Expects `promise` to reject with an AppError of `code` (services throw these directly). */
async function expectAppError(promise: Promise<unknown>, code: AppError["code"], message?: string) {
  const error = await promise.then(
    () => {
      throw new Error(`expected ${code}`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  if (message) expect((error as AppError).message).toBe(message);
  return error as AppError;
}

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

describe("sign up and email verification", () => {
  it("queues a verification link, verifies the email, then allows sign-in", async () => {
    const { userId, email } = await signUp(uniqueEmail("Mixed.Case").toUpperCase());
    const lower = email.toLowerCase();

    const [created] = await db.select().from(users).where(eq(users.id, userId));
    expect(created).toMatchObject({ email: lower, name: "Asha Rao", emailVerified: null });
    expect(created!.passwordHash).toMatch(/^\$argon2id\$/);

    const message = await latestEmailTo(db, lower);
    expect(message).toMatchObject({ template: "verify-email", to: lower });
    const token = await tokenFromLatestEmail(db, lower, "/verify-email/");

    await expect(callerFor(db, null).auth.verifyEmail({ token })).resolves.toEqual({ email: lower });
    const [verified] = await db.select().from(users).where(eq(users.id, userId));
    expect(verified!.emailVerified).toBeInstanceOf(Date);

    const user = await verifyCredentials(db, { email, password: PASSWORD, ip: "203.0.113.7" });
    expect(user.id).toBe(userId);
    const [audit] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.actorUserId, userId), eq(auditEvents.action, "auth.sign_in")));
    expect(audit).toMatchObject({ businessId: null, ip: "203.0.113.7", metadata: { method: "password" } });
  });

  it("refuses sign-in before the email is verified", async () => {
    const { email } = await signUp();
    await expectAppError(
      verifyCredentials(db, { email, password: PASSWORD, ip: null }),
      "EMAIL_NOT_VERIFIED",
    );
  });

  it("keeps the `next` path in the verification link", async () => {
    const email = uniqueEmail("next");
    await callerFor(db, null).auth.signUp({ name: "N", email, password: PASSWORD, next: "/invite/abc" });
    const link = (await latestEmailTo(db, email))!.links.find((l) =>
      new URL(l).pathname.startsWith("/verify-email/"),
    );
    expect(link).toBeDefined();
    expect(new URL(link!).searchParams.get("next")).toBe("/invite/abc");
  });

  it("stores only the SHA-256 of the token", async () => {
    const { userId, email } = await signUp();
    const token = await tokenFromLatestEmail(db, email, "/verify-email/");
    const rows = await db.select().from(authTokens).where(eq(authTokens.userId, userId));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).toBe(sha256(token));
    expect(rows[0]!.tokenHash).not.toContain(token);
    const byRaw = await db.select().from(authTokens).where(eq(authTokens.tokenHash, token));
    expect(byRaw).toHaveLength(0);
  });

  it("accepts a verification link once", async () => {
    const { email } = await signUp();
    const token = await tokenFromLatestEmail(db, email, "/verify-email/");
    const anon = callerFor(db, null);
    await anon.auth.verifyEmail({ token });
    await expectTRPCError(anon.auth.verifyEmail({ token }), "BAD_REQUEST", { appCode: "TOKEN_INVALID" });
  });

  it("refuses an expired verification link", async () => {
    const { userId, email } = await signUp();
    const token = await tokenFromLatestEmail(db, email, "/verify-email/");
    await db
      .update(authTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(authTokens.userId, userId));
    await expectTRPCError(callerFor(db, null).auth.verifyEmail({ token }), "BAD_REQUEST", {
      appCode: "TOKEN_EXPIRED",
    });
    const [u] = await db.select().from(users).where(eq(users.id, userId));
    expect(u!.emailVerified).toBeNull();
  });

  it("refuses an unknown token", async () => {
    await expectTRPCError(callerFor(db, null).auth.verifyEmail({ token: "x".repeat(43) }), "BAD_REQUEST", {
      appCode: "TOKEN_INVALID",
    });
  });

  it("a resent verification link replaces the previous one", async () => {
    const { email } = await signUp();
    const first = await tokenFromLatestEmail(db, email, "/verify-email/");
    await expect(callerFor(db, null).auth.resendVerification({ email })).resolves.toEqual({ ok: true });
    const second = await tokenFromLatestEmail(db, email, "/verify-email/");
    expect(second).not.toBe(first);
    await expectTRPCError(callerFor(db, null).auth.verifyEmail({ token: first }), "BAD_REQUEST", {
      appCode: "TOKEN_INVALID",
    });
    await expect(callerFor(db, null).auth.verifyEmail({ token: second })).resolves.toEqual({ email });
  });

  it("answers a resend for an unknown or verified address the same, without sending", async () => {
    const unknown = uniqueEmail("ghost");
    await expect(callerFor(db, null).auth.resendVerification({ email: unknown })).resolves.toEqual({
      ok: true,
    });
    expect(await latestEmailTo(db, unknown)).toBeUndefined();
    const verified = await createUser(db);
    await expect(callerFor(db, null).auth.resendVerification({ email: verified.email })).resolves.toEqual({
      ok: true,
    });
    expect(await latestEmailTo(db, verified.email)).toBeUndefined();
  });

  it("refuses a duplicate sign-up with a field error on email, whatever the case", async () => {
    const existing = await createUser(db);
    await expectTRPCError(
      callerFor(db, null).auth.signUp({
        name: "Again",
        email: existing.email.toUpperCase(),
        password: PASSWORD,
      }),
      "CONFLICT",
      { appCode: "CONFLICT", fieldErrors: { email: "An account with this email exists." } },
    );
  });

  it("answers CONFLICT, not a server error, to two sign-ups with one email at once", async () => {
    const email = uniqueEmail("twice");
    const anon = callerFor(db, null);
    const results = await Promise.allSettled([
      anon.auth.signUp({ name: "First", email, password: PASSWORD }),
      anon.auth.signUp({ name: "Second", email, password: PASSWORD }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    await expectTRPCError(Promise.reject(rejected.reason), "CONFLICT", {
      fieldErrors: { email: "An account with this email exists." },
    });
    const rows = await db.select().from(users).where(eq(users.email, email));
    expect(rows).toHaveLength(1);
  });

  it("validates sign-up input with field errors", async () => {
    await expectTRPCError(
      callerFor(db, null).auth.signUp({ name: " ", email: "not-an-email", password: "short" }),
      "BAD_REQUEST",
      {
        fieldErrors: {
          name: "Enter your name.",
          email: "Enter a valid email address.",
          password: "Use at least 8 characters.",
        },
      },
    );
  });
});

describe("sign-in", () => {
  it("answers the same for an unknown email and a wrong password, and audits both", async () => {
    const user = await createUser(db);
    const unknown = uniqueEmail("nobody");
    const a = await expectAppError(
      verifyCredentials(db, { email: unknown, password: TEST_PASSWORD, ip: null }),
      "UNAUTHORIZED",
    );
    const b = await expectAppError(
      verifyCredentials(db, { email: user.email, password: "wrong password", ip: null }),
      "UNAUTHORIZED",
    );
    expect(a.message).toBe("Wrong email or password.");
    expect(b.message).toBe(a.message);

    const failed = await db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, "auth.sign_in_failed"),
          sql`${auditEvents.metadata}->>'email' in (${unknown}, ${user.email})`,
        ),
      );
    expect(failed.map((r) => [r.actorUserId, r.metadata]).sort()).toEqual(
      [
        [null, { email: unknown, reason: "unknown_email" }],
        [user.id, { email: user.email, reason: "wrong_password" }],
      ].sort(),
    );
  });

  it("rate-limits an email after 5 failures, even with the right password", async () => {
    const user = await createUser(db);
    for (let i = 0; i < 5; i++) {
      await expectAppError(
        verifyCredentials(db, { email: user.email, password: `wrong ${i}`, ip: null }),
        "UNAUTHORIZED",
      );
    }
    await expectAppError(
      verifyCredentials(db, { email: user.email.toUpperCase(), password: TEST_PASSWORD, ip: null }),
      "RATE_LIMITED",
    );
    const events = await db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(eq(auditEvents.actorUserId, user.id));
    expect(events.filter((e) => e.action === "auth.sign_in_failed")).toHaveLength(5);
    expect(events.filter((e) => e.action === "auth.sign_in")).toHaveLength(0);
    // Another account is not affected.
    const other = await createUser(db);
    await expect(
      verifyCredentials(db, { email: other.email, password: TEST_PASSWORD, ip: null }),
    ).resolves.toMatchObject({ id: other.id });
  });

  it("charges parallel guesses before checking them: 200 at once get at most 5 password checks", async () => {
    const user = await createUser(db);
    // Fresh addresses each run: a shared store (Redis) keeps counters between runs.
    const octet = () => 1 + Math.floor(Math.random() * 250);
    const ip = `198.51.${octet()}.${octet()}`;
    const results = await Promise.allSettled(
      Array.from({ length: 200 }, (_, i) =>
        verifyCredentials(db, { email: user.email, password: `guess ${i}`, ip }),
      ),
    );
    const codes = results.map((r) => (r.status === "rejected" ? (r.reason as AppError).code : "OK"));
    expect(codes.filter((c) => c === "UNAUTHORIZED")).toHaveLength(5);
    expect(codes.filter((c) => c === "RATE_LIMITED")).toHaveLength(195);
    const checked = await db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(and(eq(auditEvents.actorUserId, user.id), eq(auditEvents.action, "auth.sign_in_failed")));
    expect(checked).toHaveLength(5);
    // The right password is refused from that address while it is limited, with when to retry…
    const limited = await verifyCredentials(db, { email: user.email, password: TEST_PASSWORD, ip }).catch(
      (e: unknown) => e as AppError,
    );
    expect(limited).toMatchObject({
      code: "RATE_LIMITED",
      message: expect.stringMatching(/Try again in \d+ minutes/),
    });
    // …but the attacker cannot lock the user out: from the user's own address the right password works.
    await expect(
      verifyCredentials(db, {
        email: user.email,
        password: TEST_PASSWORD,
        ip: `192.0.${octet()}.${octet()}`,
      }),
    ).resolves.toMatchObject({ id: user.id });
  });

  it("guesses spread over many addresses exhaust the account's limit but never lock out an address it signed in from", async () => {
    const user = await createUser(db);
    const octet = () => 1 + Math.floor(Math.random() * 250);
    const home = `203.0.${octet()}.${octet()}`;
    // The owner signed in from home before (a device row with that address).
    await db.insert(userSessions).values({ userId: user.id, ip: home, userAgent: "test" });
    // 30 guesses from 30 addresses: under each (account, IP) limit, over the account's 20 per 15 minutes.
    const base = `100.${octet()}.${octet()}`;
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) =>
        verifyCredentials(db, { email: user.email, password: `guess ${i}`, ip: `${base}.${i + 1}` }),
      ),
    );
    const codes = results.map((r) => (r.status === "rejected" ? (r.reason as AppError).code : "OK"));
    expect(codes.filter((c) => c === "UNAUTHORIZED")).toHaveLength(20);
    expect(codes.filter((c) => c === "RATE_LIMITED")).toHaveLength(10);
    // A new address is held back by the account's limit, with when to retry in seconds…
    const fresh = await verifyCredentials(db, {
      email: user.email,
      password: TEST_PASSWORD,
      ip: `${base}.200`,
    }).catch((e: unknown) => e as RateLimitedError);
    expect(fresh).toBeInstanceOf(RateLimitedError);
    expect((fresh as RateLimitedError).retryAfterSeconds).toBeGreaterThan(0);
    // …but the owner's own address signs in.
    await expect(
      verifyCredentials(db, { email: user.email, password: TEST_PASSWORD, ip: home }),
    ).resolves.toMatchObject({ id: user.id });
  });

  it("clears the failure count after a successful sign-in", async () => {
    const user = await createUser(db);
    const attempt = (password: string) => verifyCredentials(db, { email: user.email, password, ip: null });
    for (let i = 0; i < 4; i++) await expectAppError(attempt("wrong"), "UNAUTHORIZED");
    await expect(attempt(TEST_PASSWORD)).resolves.toMatchObject({ id: user.id });
    for (let i = 0; i < 4; i++) await expectAppError(attempt("wrong"), "UNAUTHORIZED");
    await expect(attempt(TEST_PASSWORD)).resolves.toMatchObject({ id: user.id });
    const signIns = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.actorUserId, user.id), eq(auditEvents.action, "auth.sign_in")));
    expect(signIns).toHaveLength(2);
  });
});

describe("password reset", () => {
  it("resets with the emailed link: the old password stops working, the new one works", async () => {
    const user = await createUser(db);
    const anon = callerFor(db, null);
    await expect(anon.auth.requestPasswordReset({ email: user.email })).resolves.toEqual({ ok: true });
    const message = await latestEmailTo(db, user.email);
    expect(message).toMatchObject({ template: "reset-password", to: user.email });
    const token = await tokenFromLatestEmail(db, user.email, "/reset-password/");

    const [stored] = await db
      .select()
      .from(authTokens)
      .where(and(eq(authTokens.userId, user.id), eq(authTokens.purpose, "password_reset")));
    expect(stored!.tokenHash).toBe(sha256(token));
    // Reset links live one hour.
    expect(stored!.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(60 * 60 * 1000);
    expect(stored!.expiresAt.getTime() - Date.now()).toBeGreaterThan(59 * 60 * 1000);

    const newPassword = "a brand new passphrase";
    await expect(anon.auth.resetPassword({ token, password: newPassword })).resolves.toEqual({
      email: user.email,
    });

    await expectAppError(
      verifyCredentials(db, { email: user.email, password: TEST_PASSWORD, ip: null }),
      "UNAUTHORIZED",
    );
    await expect(
      verifyCredentials(db, { email: user.email, password: newPassword, ip: null }),
    ).resolves.toMatchObject({
      id: user.id,
    });
    const [audit] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.actorUserId, user.id), eq(auditEvents.action, "auth.password_reset")));
    expect(audit).toMatchObject({ targetType: "user", targetId: user.id });
  });

  it("uses a reset link once", async () => {
    const user = await createUser(db);
    const anon = callerFor(db, null);
    await anon.auth.requestPasswordReset({ email: user.email });
    const token = await tokenFromLatestEmail(db, user.email, "/reset-password/");
    await anon.auth.resetPassword({ token, password: "first new passphrase" });
    await expectTRPCError(
      anon.auth.resetPassword({ token, password: "second new passphrase" }),
      "BAD_REQUEST",
      {
        appCode: "TOKEN_INVALID",
      },
    );
    await expect(
      verifyCredentials(db, { email: user.email, password: "first new passphrase", ip: null }),
    ).resolves.toMatchObject({ id: user.id });
  });

  it("refuses an expired reset link and a verification token used as a reset token", async () => {
    const { userId, email } = await signUp();
    const verifyToken = await tokenFromLatestEmail(db, email, "/verify-email/");
    const anon = callerFor(db, null);
    await expectTRPCError(
      anon.auth.resetPassword({ token: verifyToken, password: "whatever passphrase" }),
      "BAD_REQUEST",
      {
        appCode: "TOKEN_INVALID",
      },
    );
    await anon.auth.requestPasswordReset({ email });
    const token = await tokenFromLatestEmail(db, email, "/reset-password/");
    await db
      .update(authTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(and(eq(authTokens.userId, userId), eq(authTokens.purpose, "password_reset")));
    await expectTRPCError(
      anon.auth.resetPassword({ token, password: "whatever passphrase" }),
      "BAD_REQUEST",
      {
        appCode: "TOKEN_EXPIRED",
      },
    );
  });

  it("a reset link proves the email: an unverified account becomes verified", async () => {
    const { userId, email } = await signUp();
    const anon = callerFor(db, null);
    await anon.auth.requestPasswordReset({ email });
    const token = await tokenFromLatestEmail(db, email, "/reset-password/");
    await anon.auth.resetPassword({ token, password: "verified by reset" });
    const [u] = await db.select().from(users).where(eq(users.id, userId));
    expect(u!.emailVerified).toBeInstanceOf(Date);
  });

  it("answers the same for an unknown email and sends nothing", async () => {
    const unknown = uniqueEmail("ghost");
    await expect(callerFor(db, null).auth.requestPasswordReset({ email: unknown })).resolves.toEqual({
      ok: true,
    });
    expect(await latestEmailTo(db, unknown)).toBeUndefined();
  });

  it("rate-limits reset requests per address", async () => {
    const user = await createUser(db);
    const anon = callerFor(db, null);
    for (let i = 0; i < 5; i++) await anon.auth.requestPasswordReset({ email: user.email });
    await expectTRPCError(anon.auth.requestPasswordReset({ email: user.email }), "TOO_MANY_REQUESTS", {
      appCode: "RATE_LIMITED",
    });
    // Only the newest link works: each new one replaces the older ones.
    const rows = await db
      .select()
      .from(authTokens)
      .where(and(eq(authTokens.userId, user.id), eq(authTokens.purpose, "password_reset")))
      .orderBy(desc(authTokens.createdAt));
    expect(rows).toHaveLength(5);
    expect(rows.filter((r) => r.usedAt === null)).toHaveLength(1);
  });
});

describe("account", () => {
  it("changes the password after checking the current one", async () => {
    const user = await createUser(db);
    const me = callerFor(db, user);
    await expectTRPCError(
      me.auth.changePassword({ currentPassword: "not it at all", newPassword: "next passphrase" }),
      "BAD_REQUEST",
      { appCode: "VALIDATION", fieldErrors: { currentPassword: "Not your current password." } },
    );
    await expectTRPCError(
      me.auth.changePassword({ currentPassword: TEST_PASSWORD, newPassword: "short" }),
      "BAD_REQUEST",
      {
        fieldErrors: { newPassword: "Use at least 8 characters." },
      },
    );
    await expect(
      me.auth.changePassword({ currentPassword: TEST_PASSWORD, newPassword: "next passphrase" }),
    ).resolves.toEqual({ ok: true });
    await expectAppError(
      verifyCredentials(db, { email: user.email, password: TEST_PASSWORD, ip: null }),
      "UNAUTHORIZED",
    );
    await expect(
      verifyCredentials(db, { email: user.email, password: "next passphrase", ip: null }),
    ).resolves.toMatchObject({ id: user.id });
  });

  it("updates the profile name", async () => {
    const user = await createUser(db);
    await expect(callerFor(db, user).auth.updateProfile({ name: "  Priya Shah  " })).resolves.toEqual({
      id: user.id,
      name: "Priya Shah",
      email: user.email,
    });
    const [u] = await db.select().from(users).where(eq(users.id, user.id));
    expect(u!.name).toBe("Priya Shah");
    await expectTRPCError(callerFor(db, user).auth.updateProfile({ name: "" }), "BAD_REQUEST", {
      fieldErrors: { name: "Enter your name." },
    });
  });

  it("requires a session for account procedures", async () => {
    const anon = callerFor(db, null);
    await expectTRPCError(anon.auth.me(), "UNAUTHORIZED", { appCode: "UNAUTHORIZED" });
    await expectTRPCError(anon.auth.updateProfile({ name: "X" }), "UNAUTHORIZED");
    await expectTRPCError(
      anon.auth.changePassword({ currentPassword: "x", newPassword: "yyyyyyyy" }),
      "UNAUTHORIZED",
    );
  });

  it("returns the signed-in user from me", async () => {
    const user = await createUser(db);
    await expect(callerFor(db, user).auth.me()).resolves.toEqual({
      id: user.id,
      email: user.email,
      name: user.name,
      isPlatformAdmin: false,
    });
  });
});
