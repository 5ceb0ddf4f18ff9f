import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { isUniqueViolation } from "@/db/errors";
import { authTokens, userSessions, users } from "@/db/schema";
import { hashPassword, verifyPassword } from "@/server/auth/password";
import { chargeSignInAttempt, checkAuthMailAllowed, recordSuccessfulSignIn } from "@/server/auth/rate-limit";
import { generateToken, hashToken } from "@/server/auth/tokens";
import { queueEmail } from "@/server/email/queue";
import { env } from "@/server/env";
import { AppError } from "@/server/errors";
import { recordAudit } from "@/server/services/audit";
import { describeInvitation } from "@/server/services/members";
import { revokeSessions } from "@/server/services/sessions";

/** Email verification links live 24 hours; password reset links 1 hour (OWASP Forgot Password). */
export const VERIFY_TTL_MS = 24 * 60 * 60 * 1000;
export const RESET_TTL_MS = 60 * 60 * 1000;

export type User = typeof users.$inferSelect;

/** A user by email, case-insensitive. */
export async function findUserByEmail(db: DbOrTx, email: string): Promise<User | undefined> {
  const [u] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${email.toLowerCase()}`)
    .limit(1);
  return u;
}

async function issueToken(db: DbOrTx, userId: string, purpose: "email_verification" | "password_reset") {
  const token = generateToken();
  // A new link replaces older unused ones of the same purpose.
  await db
    .update(authTokens)
    .set({ usedAt: new Date() })
    .where(and(eq(authTokens.userId, userId), eq(authTokens.purpose, purpose), isNull(authTokens.usedAt)));
  await db.insert(authTokens).values({
    userId,
    purpose,
    tokenHash: hashToken(token),
    expiresAt: new Date(Date.now() + (purpose === "password_reset" ? RESET_TTL_MS : VERIFY_TTL_MS)),
  });
  return token;
}

/** Marks a token used and returns its user id. Errors: TOKEN_INVALID (unknown or used), TOKEN_EXPIRED. */
async function consumeToken(db: DbOrTx, token: string, purpose: "email_verification" | "password_reset") {
  const [row] = await db
    .select()
    .from(authTokens)
    .where(and(eq(authTokens.tokenHash, hashToken(token)), eq(authTokens.purpose, purpose)))
    .limit(1);
  const what = purpose === "password_reset" ? "reset" : "verification";
  if (!row || row.usedAt) {
    throw new AppError(
      "TOKEN_INVALID",
      `This ${what} link is not valid or was already used. Ask for a new one.`,
    );
  }
  if (row.expiresAt < new Date())
    throw new AppError("TOKEN_EXPIRED", `This ${what} link has expired. Ask for a new one.`);
  const [claimed] = await db
    .update(authTokens)
    .set({ usedAt: new Date() })
    .where(and(eq(authTokens.id, row.id), isNull(authTokens.usedAt), gt(authTokens.expiresAt, new Date())))
    .returning({ userId: authTokens.userId });
  if (!claimed) throw new AppError("TOKEN_INVALID", `This ${what} link was already used.`);
  return claimed.userId;
}

async function sendVerification(db: Db, user: Pick<User, "id" | "email" | "name">, next?: string) {
  const token = await issueToken(db, user.id, "email_verification");
  const url = new URL(`/verify-email/${token}`, env.APP_URL);
  if (next) url.searchParams.set("next", next);
  await queueEmail(db, {
    template: "verify-email",
    to: user.email,
    props: { name: user.name ?? "", url: url.toString() },
  });
}

/**
 * Creates an account with email and password and emails a verification link. With a valid
 * `invitationToken` for the same email the address counts as verified (the invitation was emailed
 * there) and no link is sent. Output: `{ userId, emailVerified }`.
 * Errors: CONFLICT on `email` when an account exists.
 */
export async function signUp(
  db: Db,
  input: { name: string; email: string; password: string; next?: string; invitationToken?: string },
): Promise<{ userId: string; emailVerified: boolean }> {
  const emailTaken = () =>
    new AppError("CONFLICT", "An account with this email exists. Sign in or reset your password.", {
      email: "An account with this email exists.",
    });
  const existing = await findUserByEmail(db, input.email);
  if (existing) throw emailTaken();
  const invitedHere = input.invitationToken
    ? await invitationEmailMatches(db, input.invitationToken, input.email)
    : false;
  const passwordHash = await hashPassword(input.password);
  let user: User | undefined;
  try {
    [user] = await db
      .insert(users)
      .values({
        name: input.name,
        email: input.email.toLowerCase(),
        passwordHash,
        emailVerified: invitedHere ? new Date() : null,
      })
      .returning();
  } catch (e) {
    // Two sign-ups with one email at once: both pass the check above; the unique index decides.
    if (isUniqueViolation(e, "users_email_key")) throw emailTaken();
    throw e;
  }
  if (!invitedHere) await sendVerification(db, user!, input.next);
  return { userId: user!.id, emailVerified: invitedHere };
}

/** Whether `token` is a usable invitation addressed to `email`. */
async function invitationEmailMatches(db: Db, token: string, email: string): Promise<boolean> {
  try {
    const invitation = await describeInvitation(db, token);
    return invitation.email.toLowerCase() === email.toLowerCase();
  } catch {
    return false;
  }
}

/** Verifies the email of the token's user. Output: the user's email. Errors: TOKEN_INVALID/EXPIRED. */
export async function verifyEmail(db: Db, token: string): Promise<{ email: string }> {
  const userId = await consumeToken(db, token, "email_verification");
  const [u] = await db
    .update(users)
    .set({ emailVerified: new Date(), updatedAt: new Date() })
    .where(eq(users.id, userId))
    .returning({ email: users.email });
  return { email: u!.email };
}

/**
 * Sends a new verification link. Answers the same whether or not the account exists (no account
 * enumeration, OWASP). Errors: RATE_LIMITED.
 */
export async function resendVerification(db: Db, email: string): Promise<void> {
  await checkAuthMailAllowed(email);
  const user = await findUserByEmail(db, email);
  if (user && !user.emailVerified) await sendVerification(db, user);
}

/**
 * Emails a password reset link when the account exists; answers the same either way.
 * Errors: RATE_LIMITED.
 */
export async function requestPasswordReset(db: Db, email: string): Promise<void> {
  await checkAuthMailAllowed(email);
  const user = await findUserByEmail(db, email);
  if (!user) return;
  const token = await issueToken(db, user.id, "password_reset");
  await queueEmail(db, {
    template: "reset-password",
    to: user.email,
    props: { name: user.name ?? "", url: `${env.APP_URL}/reset-password/${token}` },
  });
}

/**
 * Sets a new password from a reset link and signs the user out of every session. The link proves the
 * email, so it is marked verified.
 * Errors: TOKEN_INVALID, TOKEN_EXPIRED.
 */
export async function resetPassword(
  db: Db,
  input: { token: string; password: string },
): Promise<{ email: string }> {
  const userId = await consumeToken(db, input.token, "password_reset");
  const passwordHash = await hashPassword(input.password);
  const [u] = await db
    .update(users)
    .set({ passwordHash, emailVerified: sql`coalesce(${users.emailVerified}, now())`, updatedAt: new Date() })
    .where(eq(users.id, userId))
    .returning({ email: users.email });
  // Whoever held the old password is signed out everywhere.
  await revokeSessions(db, userId, null);
  await recordAudit(db, {
    actorUserId: userId,
    action: "auth.password_reset",
    targetType: "user",
    targetId: userId,
  });
  return { email: u!.email };
}

/** Days a past sign-in from an IP makes it a known source of the account (see `chargeSignInAttempt`). */
const KNOWN_SOURCE_DAYS = 90;

/** Whether the user signed in from `ip` in the last `KNOWN_SOURCE_DAYS` days (a `user_sessions` row). */
async function hasSignedInFrom(db: Db, userId: string, ip: string | null): Promise<boolean> {
  if (!ip) return false;
  const since = new Date(Date.now() - KNOWN_SOURCE_DAYS * 86_400_000);
  const [row] = await db
    .select({ id: userSessions.id })
    .from(userSessions)
    .where(and(eq(userSessions.userId, userId), eq(userSessions.ip, ip), gt(userSessions.createdAt, since)))
    .limit(1);
  return Boolean(row);
}

/**
 * Checks email + password for sign-in and audits the attempt. The attempt is charged to the sign-in limits
 * (per account and IP, per account, per IP: `chargeSignInAttempt`) before the password is checked.
 * Output: the user. Errors: UNAUTHORIZED (wrong email or password, one message for both),
 * EMAIL_NOT_VERIFIED, RATE_LIMITED.
 */
export async function verifyCredentials(
  db: Db,
  input: { email: string; password: string; ip: string | null },
): Promise<User> {
  const user = await findUserByEmail(db, input.email);
  await chargeSignInAttempt(input.email, input.ip, {
    knownSource: user ? await hasSignedInFrom(db, user.id, input.ip) : false,
  });
  const ok = user?.passwordHash ? await verifyPassword(user.passwordHash, input.password) : false;
  if (!user || !ok) {
    await recordAudit(db, {
      actorUserId: user?.id ?? null,
      action: "auth.sign_in_failed",
      metadata: { email: input.email.toLowerCase(), reason: user ? "wrong_password" : "unknown_email" },
      ip: input.ip,
    });
    throw new AppError("UNAUTHORIZED", "Wrong email or password.");
  }
  if (!user.emailVerified) {
    throw new AppError("EMAIL_NOT_VERIFIED", "Verify your email first: we sent you a link.");
  }
  await recordSuccessfulSignIn(input.email, input.ip);
  await recordAudit(db, {
    actorUserId: user.id,
    action: "auth.sign_in",
    metadata: { method: "password" },
    ip: input.ip,
  });
  return user;
}

/** Updates the signed-in user's display name. */
export async function updateProfile(db: Db, userId: string, input: { name: string }) {
  const [u] = await db
    .update(users)
    .set({ name: input.name, updatedAt: new Date() })
    .where(eq(users.id, userId))
    .returning({ id: users.id, name: users.name, email: users.email });
  if (!u) throw new AppError("NOT_FOUND");
  return u;
}

/**
 * Changes the password after checking the current one, and signs out every other session of the user
 * (`currentSessionId`, the device making the change, stays signed in).
 * Errors: VALIDATION on `currentPassword`.
 */
export async function changePassword(
  db: Db,
  userId: string,
  input: { currentPassword: string; newPassword: string },
  currentSessionId: string | null = null,
) {
  const [u] = await db.select().from(users).where(eq(users.id, userId)).limit(1);
  if (!u) throw new AppError("NOT_FOUND");
  if (u.passwordHash && !(await verifyPassword(u.passwordHash, input.currentPassword))) {
    throw new AppError("VALIDATION", "Your current password is not right.", {
      currentPassword: "Not your current password.",
    });
  }
  await db
    .update(users)
    .set({ passwordHash: await hashPassword(input.newPassword), updatedAt: new Date() })
    .where(eq(users.id, userId));
  await revokeSessions(db, userId, currentSessionId);
  return { ok: true as const };
}

/**
 * Creates (or finds) a verified user: for the CLI (`seed`, `create-admin`, `business create --owner`).
 * A password is set only when given.
 */
export async function ensureUser(
  db: Db,
  input: { email: string; name?: string; password?: string; isPlatformAdmin?: boolean },
): Promise<User> {
  const existing = await findUserByEmail(db, input.email);
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  if (existing) {
    const [u] = await db
      .update(users)
      .set({
        ...(passwordHash ? { passwordHash } : {}),
        ...(input.isPlatformAdmin ? { isPlatformAdmin: true } : {}),
        emailVerified: existing.emailVerified ?? new Date(),
        updatedAt: new Date(),
      })
      .where(eq(users.id, existing.id))
      .returning();
    return u!;
  }
  const [u] = await db
    .insert(users)
    .values({
      email: input.email.toLowerCase(),
      name: input.name ?? input.email.split("@")[0],
      passwordHash: passwordHash ?? null,
      emailVerified: new Date(),
      isPlatformAdmin: input.isPlatformAdmin ?? false,
    })
    .returning();
  return u!;
}
