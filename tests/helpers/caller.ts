import { getTRPCErrorShape, TRPCError } from "@trpc/server";
import { desc, sql } from "drizzle-orm";
import { expect } from "vitest";
import type { Db } from "@/db/client";
import { emailMessages } from "@/db/schema";
import { appRouter, createCaller } from "@/server/api/root";
import type { Context, SessionUser } from "@/server/api/trpc";

/** A tRPC caller acting as `user` (a session), or anonymous with `null`. */
export function callerFor(
  db: Db,
  user: (Pick<SessionUser, "id" | "email"> & Partial<SessionUser>) | null,
  opts: { ip?: string | null } = {},
) {
  const ctx: Context = {
    db,
    user: user
      ? {
          id: user.id,
          email: user.email,
          name: user.name ?? null,
          isPlatformAdmin: user.isPlatformAdmin ?? false,
          ...(user.sessionId ? { sessionId: user.sessionId } : {}),
        }
      : null,
    apiKey: null,
    ip: opts.ip ?? null,
  };
  return createCaller(ctx);
}

/** A tRPC caller authenticated by an API key (as `createContext` builds it for a Bearer header). */
export function callerForApiKey(db: Db, apiKey: { id: string; businessId: string }) {
  const ctx: Context = { db, user: null, apiKey: { id: apiKey.id, businessId: apiKey.businessId }, ip: null };
  return createCaller(ctx);
}

export type EmailRow = typeof emailMessages.$inferSelect;

/** The latest email queued to `email` (case-insensitive), with its `links`; undefined when none. */
export async function latestEmailTo(db: Db, email: string): Promise<EmailRow | undefined> {
  const [row] = await db
    .select()
    .from(emailMessages)
    .where(sql`lower(${emailMessages.to}) = ${email.toLowerCase()}`)
    .orderBy(desc(emailMessages.createdAt))
    .limit(1);
  return row;
}

/**
 * The token of the link under `pathPrefix` (e.g. "/verify-email/") in the latest email to `email`.
 * Fails the test when there is no such email or link.
 */
export async function tokenFromLatestEmail(db: Db, email: string, pathPrefix: string): Promise<string> {
  const message = await latestEmailTo(db, email);
  expect(message, `an email to ${email}`).toBeDefined();
  const link = message!.links.find((l) => new URL(l).pathname.startsWith(pathPrefix));
  expect(link, `a ${pathPrefix} link in ${JSON.stringify(message!.links)}`).toBeDefined();
  const token = new URL(link!).pathname.slice(pathPrefix.length).split("/")[0]!;
  expect(token.length).toBeGreaterThan(10);
  return decodeURIComponent(token);
}

/** The error shape a client receives for `error` (the app's real `errorFormatter`: appCode, fieldErrors). */
export function errorShape(error: TRPCError) {
  return getTRPCErrorShape({
    config: appRouter._def._config,
    error,
    type: "unknown",
    path: undefined,
    input: undefined,
    ctx: undefined,
  });
}

/**
 * Awaits `promise`, expects it to reject with a TRPCError of `code`, and checks the client-facing
 * `appCode` and `fieldErrors` when given (`fieldErrors` is matched as a subset, with exact messages or
 * `expect.any(String)`). Output: the error, for further checks.
 */
export async function expectTRPCError(
  promise: Promise<unknown>,
  code: TRPCError["code"],
  expected: { appCode?: string; fieldErrors?: Record<string, unknown>; message?: string | RegExp } = {},
): Promise<TRPCError> {
  const error = await promise.then(
    (value) => {
      throw new Error(`expected ${code}, got a result: ${JSON.stringify(value)}`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  const err = error as TRPCError;
  expect(err.code, err.message).toBe(code);
  const { data } = errorShape(err);
  if (expected.appCode !== undefined) expect(data.appCode).toBe(expected.appCode);
  if (expected.fieldErrors) expect(data.fieldErrors).toMatchObject(expected.fieldErrors);
  if (expected.message !== undefined) {
    if (typeof expected.message === "string") expect(err.message).toBe(expected.message);
    else expect(err.message).toMatch(expected.message);
  }
  return err;
}
