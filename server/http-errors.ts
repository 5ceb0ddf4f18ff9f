import { randomUUID } from "node:crypto";
import { isAppError } from "@/server/errors";
import { logger } from "@/server/logger";

/**
 * The JSON error answer of our route handlers (uploads, exports): an AppError answers its HTTP status
 * with `{ message, code, issues? }` (`issues`: field → message); anything else is logged with `what`
 * with an error id and answers 500 naming only that id (never SQL, parameters or a stack). The tRPC and REST procedures map errors in server/api/trpc.ts.
 */
export function errorResponse(e: unknown, what: string): Response {
  if (isAppError(e)) {
    return Response.json(
      { message: e.message, code: e.code, ...(e.fieldErrors ? { issues: e.fieldErrors } : {}) },
      { status: e.httpStatus, headers: { "cache-control": "no-store" } },
    );
  }
  const errorId = randomUUID();
  logger.error({ err: e, errorId }, what);
  return Response.json(
    { message: `Something went wrong on our side. Error id: ${errorId}.`, code: "INTERNAL", errorId },
    { status: 500, headers: { "cache-control": "no-store" } },
  );
}
