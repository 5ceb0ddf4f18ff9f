import { randomUUID } from "node:crypto";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import type { OpenApiMeta } from "trpc-to-openapi";
import { z } from "zod";
import type { Db } from "@/db/client";
import type { Permission } from "@/server/auth/permissions";
import { AppError, isAppError } from "@/server/errors";
import { logger } from "@/server/logger";
import { type ApiKeyPrincipal, authorizeBusiness, type SessionUser } from "@/server/tenancy";
import { unstorableTextPaths } from "./unstorable-text";

export type { ApiKeyPrincipal, SessionUser } from "@/server/tenancy";

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
 * A member of the business named by `businessId` (or the API key's business), decided by the one
 * tenancy gate (`authorizeBusiness`): NOT_FOUND when there is no membership, so another business's
 * existence is never revealed. Puts `ctx.businessId`, `ctx.business`, `ctx.role`, `ctx.can` and
 * `ctx.actor` in context.
 */
export const businessProcedure = protectedProcedure.input(businessInput).use(async ({ ctx, input, next }) => {
  if (!input.businessId && !ctx.apiKey)
    throw new AppError("VALIDATION", "businessId is required.", { businessId: "Required" });
  const access = await authorizeBusiness(ctx.db, ctx, { businessId: input.businessId });
  return next({ ctx: { ...ctx, ...access } });
});

/** `businessProcedure` that also requires `permission` of the caller's role; FORBIDDEN otherwise. */
export function requirePermission(permission: Permission) {
  return businessProcedure.meta({ permission }).use(({ ctx, next }) => {
    if (!ctx.can(permission)) throw new AppError("FORBIDDEN");
    return next();
  });
}

/**
 * A procedure's `.output()` schema that documents the answer (OpenAPI reads it) but is not checked again on
 * every call: for the hottest reads, whose answer a typed mapper builds field by field (e.g.
 * `toCustomerOutput`), so nothing outside the schema can get in. Checking a page of 50 customers took
 * about a twentieth of each REST request's time in the app process under load. Each use has a test that
 * parses a real answer with `schema` and finds it unchanged (valid, and no extra keys). Input: a zod
 * schema; output: an object that inherits everything else from it.
 */
export function documentedOutput<T extends z.ZodType>(schema: T): T {
  const wrapped = Object.create(schema) as T;
  Object.defineProperty(wrapped, "parseAsync", { value: async (value: unknown) => value });
  return wrapped;
}
