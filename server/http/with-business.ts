import type { Db } from "@/db/client";
import { getDb } from "@/db/client";
import type { Permission } from "@/server/auth/permissions";
import { AppError } from "@/server/errors";
import { withApiKeyRateLimit } from "@/server/http/api-rate-limit";
import { errorResponse } from "@/server/http-errors";
import { authenticateApiKey, bearerToken } from "@/server/services/api-keys";
import { authorizeBusiness, type BusinessAccess, type BusinessRef, type Principal } from "@/server/tenancy";

/** What a route handler behind `withBusiness` is given. */
export interface BusinessGate {
  db: Db;
  principal: Principal;
  /**
   * Passes the tenancy gate for the business `ref` names (by id or slug; an API key may leave it out for
   * its own business) with the route's permission. Throws NOT_FOUND / FORBIDDEN (answered 404 / 403).
   * A handler calls it once it knows the business: before reading a body when the URL says which, after
   * reading the form fields of an upload, or after looking up the business a record belongs to.
   */
  business(ref?: BusinessRef): Promise<BusinessAccess>;
}

export interface WithBusinessOptions {
  /** Who may call: `session` (the app's pages), `apiKey` (REST v1), or `both` (default). */
  accept?: "session" | "apiKey" | "both";
  /** How a failure is logged, e.g. "customer export failed". */
  what: string;
}

type Segment<P> = { params: Promise<P> };

/** The session user of this request; loaded lazily because Auth.js needs a Next.js request scope. */
async function sessionUser() {
  const { getSessionUser } = await import("@/server/auth");
  return getSessionUser();
}

/**
 * Wraps a business-scoped route handler (uploads, downloads, exports) in the tenancy gate shared with
 * `businessProcedure` and the page loaders:
 * - authenticates before any body is read: an API key from `Authorization: Bearer` (rate limited per key,
 *   429 past `API_RATE_LIMIT_PER_MINUTE`), else the session cookie; 401 without either, or with the kind
 *   of principal the route does not accept;
 * - gives the handler `gate.business(ref)`, which decides membership and `permission` in `authorizeBusiness`
 *   (404 outside the business, 403 without the permission);
 * - answers errors as JSON `{ message, code, issues? }` (`errorResponse`), an unexpected one as 500 with an
 *   error id only;
 * - refuses to let a successful answer out of a handler that never passed the gate (500, logged), so a
 *   new route cannot forget it.
 */
export function withBusiness<P = Record<string, string>>(
  permission: Permission,
  handler: (req: Request, gate: BusinessGate, params: P) => Promise<Response>,
  options: WithBusinessOptions,
): (req: Request, segment?: Segment<P>) => Promise<Response> {
  const accept = options.accept ?? "both";
  return async (req, segment) => {
    const token = bearerToken(req.headers);
    const run = async (): Promise<Response> => {
      try {
        const db = await getDb();
        let principal: Principal;
        if (token !== null) {
          if (accept === "session")
            throw new AppError("UNAUTHORIZED", "This address takes a signed-in session, not an API key.");
          principal = { user: null, apiKey: await authenticateApiKey(db, token) };
        } else {
          if (accept === "apiKey")
            throw new AppError("UNAUTHORIZED", "Send an API key: Authorization: Bearer <key>.");
          principal = { user: await sessionUser(), apiKey: null };
        }
        if (!principal.user && !principal.apiKey) throw new AppError("UNAUTHORIZED");
        let passed = false;
        const gate: BusinessGate = {
          db,
          principal,
          async business(ref = {}) {
            const access = await authorizeBusiness(db, principal, ref, permission);
            passed = true;
            return access;
          },
        };
        const params = segment?.params ? await segment.params : ({} as P);
        const res = await handler(req, gate, params);
        if (res.ok && !passed) throw new Error(`${options.what}: answered without passing the tenancy gate`);
        return res;
      } catch (e) {
        return errorResponse(e, options.what);
      }
    };
    return token !== null ? withApiKeyRateLimit(req, run) : run();
  };
}
