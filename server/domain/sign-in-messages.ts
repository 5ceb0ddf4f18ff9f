import { retryMessage } from "@/server/domain/retry-message";

/** Refusal codes our Credentials provider puts on `CredentialsSignin.code` (server/auth/index.ts). */
export const signInRefusalCodes = [
  "invalid_input",
  "email_not_verified",
  "rate_limited",
  "wrong_credentials",
] as const;
export type SignInRefusalCode = (typeof signInRefusalCodes)[number];

/**
 * The refusal code of a rate-limited sign-in with the seconds to wait: `rate_limited:<seconds>` (Auth.js
 * carries a `CredentialsSignin` code as a string, also in the sign-in page's URL without JavaScript).
 */
export function rateLimitedCode(retryAfterSeconds: number): string {
  return `rate_limited:${Math.max(1, Math.ceil(retryAfterSeconds))}`;
}

/** A refusal code as sent (`rate_limited:900`) → the code and the seconds to wait, if it says. */
export function parseRefusalCode(
  code: unknown,
): { code: SignInRefusalCode; retryAfterSeconds?: number } | null {
  if (typeof code !== "string") return null;
  const [name, seconds] = code.split(":", 2);
  if (!(signInRefusalCodes as readonly string[]).includes(name!)) return null;
  const wait = Number(seconds);
  return name === "rate_limited" && Number.isInteger(wait) && wait > 0 && wait <= 7 * 86_400
    ? { code: "rate_limited", retryAfterSeconds: wait }
    : { code: name as SignInRefusalCode };
}

/** What the sign-in form action answers (for `useActionState`). */
export interface SignInState {
  /** A refusal code, or "error" for anything else (OAuth errors, configuration). */
  code?: SignInRefusalCode | "error";
  message?: string;
  /** The email that was tried, to keep it in the field and to resend a verification link. */
  email: string;
  fieldErrors?: Partial<Record<"email" | "password", string>>;
}

/** A sentence for a sign-in refusal code (`rate_limited:<seconds>` says when to retry). */
export function refusalMessage(code: string | undefined): string {
  const parsed = parseRefusalCode(code);
  switch (parsed?.code) {
    case "wrong_credentials":
      return "Wrong email or password.";
    case "email_not_verified":
      return "Verify your email first.";
    case "rate_limited":
      return parsed?.retryAfterSeconds
        ? retryMessage(parsed.retryAfterSeconds)
        : "Too many attempts. Try again in a few minutes.";
    case "invalid_input":
      return "Enter your email and password.";
    default:
      return "Wrong email or password.";
  }
}

/** Whether `code` is one of our refusal codes, with or without its detail (`rate_limited:900`). */
export function isRefusalCode(code: unknown): code is string {
  return parseRefusalCode(code) !== null;
}

/**
 * A sentence for the `?error=` type Auth.js puts on the sign-in page URL when it redirects there
 * (Google sign-in problems, a failed callback). Unknown types get a generic sentence.
 */
export function authErrorMessage(type: string, code?: string): string {
  switch (type) {
    case "CredentialsSignin":
      return refusalMessage(code);
    case "OAuthAccountNotLinked":
      return "This email is already used by another sign-in method. Sign in with your password.";
    case "AccessDenied":
      return "Sign-in was cancelled or is not allowed for this account.";
    case "Verification":
      return "This sign-in link is not valid or has expired.";
    case "Configuration":
      return "Sign-in is not configured correctly on this server. Ask your administrator.";
    default:
      return "We could not sign you in. Try again.";
  }
}
