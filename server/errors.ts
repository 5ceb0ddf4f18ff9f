import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";

/**
 * The one vocabulary of user-facing errors. Services throw `AppError(code)`; `toTRPCCode` and
 * `httpStatus` map each code once for tRPC, REST and route handlers.
 */
export const appErrorCodes = {
  BAD_REQUEST: { trpc: "BAD_REQUEST", http: 400 },
  VALIDATION: { trpc: "BAD_REQUEST", http: 422 },
  UNAUTHORIZED: { trpc: "UNAUTHORIZED", http: 401 },
  FORBIDDEN: { trpc: "FORBIDDEN", http: 403 },
  NOT_FOUND: { trpc: "NOT_FOUND", http: 404 },
  CONFLICT: { trpc: "CONFLICT", http: 409 },
  TOKEN_INVALID: { trpc: "BAD_REQUEST", http: 400 },
  TOKEN_EXPIRED: { trpc: "BAD_REQUEST", http: 410 },
  EMAIL_NOT_VERIFIED: { trpc: "FORBIDDEN", http: 403 },
  LAST_OWNER: { trpc: "PRECONDITION_FAILED", http: 412 },
  RATE_LIMITED: { trpc: "TOO_MANY_REQUESTS", http: 429 },
  /** An outside service (e.g. WhatsApp) failed for now; the same request can be retried later. */
  UNAVAILABLE: { trpc: "SERVICE_UNAVAILABLE", http: 503 },
  INTERNAL: { trpc: "INTERNAL_SERVER_ERROR", http: 500 },
} as const satisfies Record<string, { trpc: TRPC_ERROR_CODE_KEY; http: number }>;

export type AppErrorCode = keyof typeof appErrorCodes;

/** Field-level problems: field path (dot separated) → message. */
export type FieldErrors = Record<string, string>;

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly fieldErrors?: FieldErrors;

  /**
   * @param code one of `appErrorCodes`
   * @param message a sentence a user can read
   * @param fieldErrors for VALIDATION/CONFLICT: which input field caused it
   */
  constructor(code: AppErrorCode, message?: string, fieldErrors?: FieldErrors) {
    super(message ?? defaultMessage(code));
    this.name = "AppError";
    this.code = code;
    this.fieldErrors = fieldErrors;
  }

  get httpStatus(): number {
    return appErrorCodes[this.code].http;
  }

  get trpcCode(): TRPC_ERROR_CODE_KEY {
    return appErrorCodes[this.code].trpc;
  }
}

function defaultMessage(code: AppErrorCode): string {
  switch (code) {
    case "NOT_FOUND":
      return "Not found.";
    case "FORBIDDEN":
      return "Your role does not allow this.";
    case "UNAUTHORIZED":
      return "Sign in or provide a valid API key.";
    case "RATE_LIMITED":
      return "Too many attempts. Try again later.";
    case "UNAVAILABLE":
      return "A service is temporarily unavailable. Try again shortly.";
    case "LAST_OWNER":
      return "A business needs at least one owner.";
    default:
      return "Something went wrong.";
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
