import { isAppError } from "@/server/errors";
import { logger } from "@/server/logger";

/**
 * The JSON error answer of our route handlers (uploads, exports): an AppError answers its HTTP status
 * with `{ message, code, issues? }` (`issues`: field → message); anything else is logged with `what`
 * and answers 500 without details. The tRPC and REST procedures map errors in server/api/trpc.ts.
 */
export function errorResponse(e: unknown, what: string): Response {
  if (isAppError(e)) {
    return Response.json(
      { message: e.message, code: e.code, ...(e.fieldErrors ? { issues: e.fieldErrors } : {}) },
      { status: e.httpStatus, headers: { "cache-control": "no-store" } },
    );
  }
  logger.error({ err: e }, what);
  return Response.json(
    { message: "Something went wrong. Try again.", code: "INTERNAL" },
    { status: 500, headers: { "cache-control": "no-store" } },
  );
}
