import { randomUUID } from "node:crypto";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import type { OpenApiMeta } from "trpc-to-openapi";
import { z } from "zod";
import type { Db } from "@/db/client";
import { apiKeyPermissions, can, type Permission, type Role } from "@/server/auth/permissions";
import { AppError, isAppError } from "@/server/errors";
import { logger } from "@/server/logger";
import { getMembership } from "@/server/services/businesses/membership";
import { unstorableTextPaths } from "./unstorable-text";

export interface SessionUser {
  id: string;
  email: string;
  name: string | null;
  isPlatformAdmin: boolean;
  /** The signed-in device (`user_sessions` row) of a cookie session; absent in tests and scripts. */
  sessionId?: string;
}

export interface ApiKeyPrincipal {
  id: string;
  businessId: string;
}

/** What every procedure sees. Built by `createContext` (HTTP) or by tests directly. */
export interface Context {
  db: Db;
  user: SessionUser | null;
  apiKey: ApiKeyPrincipal | null;
  ip: string | null;
}

export interface Meta extends OpenApiMeta {
  /** Set by `requirePermission`; read by the cross-business test and the UI. */
  permission?: Permission;
}

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error }) {
      const cause = error.cause;
      const fieldErrors =
        cause instanceof z.ZodError
          ? Object.fromEntries(cause.issues.map((i) => [i.path.join("."), i.message]))
          : isAppError(cause)
            ? cause.fieldErrors
            : undefined;
      return {
        ...shape,
        data: {
          ...shape.data,
          appCode: isAppError(cause) ? cause.code : undefined,
          fieldErrors,
          stack: undefined,
        },
      };
    },
  });

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;
export const mergeRouters = t.mergeRouters;

/**
 * Maps AppError → TRPCError (the one place this happens). An unexpected error is logged in full with an
 * error id and answered with a generic message naming that id: never SQL, parameters or a stack.
 */
const errorMapping = t.middleware(async ({ next, path }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (isAppError(cause)) {
      result.error = new TRPCError({ code: cause.trpcCode, message: cause.message, cause });
    } else if (result.error.code === "INTERNAL_SERVER_ERROR") {
      const errorId = randomUUID();
      logger.error({ err: result.error.cause ?? result.error, path, errorId }, "procedure failed");
      result.error = new TRPCError({
        code: "INTERNAL_SERVER_ERROR",
        message: `Something went wrong on our side. Error id: ${errorId}.`,
      });
    }
  }
  return result;
});

/**
 * Refuses input with a character Postgres text cannot hold (NUL, a lone surrogate) before any procedure
 * parses it: a field error per path (VALIDATION, 400), never a database error.
 */
const storableText = t.middleware(async ({ next, getRawInput }) => {
  const paths = unstorableTextPaths(await getRawInput());
  if (paths.length > 0)
    throw new AppError(
      "VALIDATION",
      "Remove the invisible control characters (such as NUL) from the highlighted fields.",
      Object.fromEntries(
        paths.map((p) => [p, "Contains a character that cannot be stored (NUL or similar)."]),
      ),
    );
  return next();
});

/** Anyone. */
export const publicProcedure = t.procedure.use(errorMapping).use(storableText);

/** A signed-in user (session) or an API key. */
export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user && !ctx.apiKey) throw new AppError("UNAUTHORIZED");
  return next({ ctx: { ...ctx, user: ctx.user, apiKey: ctx.apiKey } });
});

/** A signed-in user; API keys are refused (account-level procedures). */
export const userProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new AppError("UNAUTHORIZED", "Sign in to continue.");
  return next({ ctx: { ...ctx, user: ctx.user } });
});

/** A platform admin. */
export const adminProcedure = userProcedure.use(({ ctx, next }) => {
  if (!ctx.user.isPlatformAdmin) throw new AppError("FORBIDDEN", "Platform admins only.");
  return next();
});

/**
 * Input of every business-scoped procedure. `businessId` may be left out by an API key (it then means
 * the key's business); a signed-in user must give it. The cross-business test finds business
 * procedures by this exact schema object.
 */
export const businessInput = z.object({ businessId: z.uuid().optional() });

/**
 * A member of the business named by `businessId` (or the API key's business). Loads the membership
 * (`business_id = ? and user_id = ?`) and answers NOT_FOUND when there is none, so another business's
 * existence is never revealed. Puts `ctx.business`, `ctx.role` and `ctx.can` in context.
 */
export const businessProcedure = protectedProcedure.input(businessInput).use(async ({ ctx, input, next }) => {
  const businessId = input.businessId ?? ctx.apiKey?.businessId;
  if (!businessId) throw new AppError("VALIDATION", "businessId is required.", { businessId: "Required" });
  let role: Role | "apiKey";
  let business: Awaited<ReturnType<typeof getMembership>>["business"];
  if (ctx.apiKey) {
    if (ctx.apiKey.businessId !== businessId) throw new AppError("NOT_FOUND");
    const m = await getMembership(ctx.db, { businessId, userId: null });
    business = m.business;
    role = "apiKey";
  } else {
    const m = await getMembership(ctx.db, { businessId, userId: ctx.user!.id });
    business = m.business;
    role = m.role!;
  }
  const allowed = (p: Permission) => (role === "apiKey" ? apiKeyPermissions.has(p) : can(role, p));
  return next({
    ctx: {
      ...ctx,
      businessId,
      business,
      role,
      can: allowed,
      /** Who acts, for audit events and `createdBy` columns. */
      actor: { userId: ctx.user?.id ?? null, apiKeyId: ctx.apiKey?.id ?? null },
    },
  });
});

/** `businessProcedure` that also requires `permission` of the caller's role; FORBIDDEN otherwise. */
export function requirePermission(permission: Permission) {
  return businessProcedure.meta({ permission }).use(({ ctx, next }) => {
    if (!ctx.can(permission)) throw new AppError("FORBIDDEN");
    return next();
  });
}
