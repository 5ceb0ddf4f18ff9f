/** Refusal codes our Credentials provider puts on `CredentialsSignin.code` (server/auth/index.ts). */
export const signInRefusalCodes = [
  "invalid_input",
  "email_not_verified",
  "rate_limited",
  "wrong_credentials",
] as const;
export type SignInRefusalCode = (typeof signInRefusalCodes)[number];

/** What the sign-in form action answers (for `useActionState`). */
export interface SignInState {
  /** A refusal code, or "error" for anything else (OAuth errors, configuration). */
  code?: SignInRefusalCode | "error";
  message?: string;
  /** The email that was tried, to keep it in the field and to resend a verification link. */
  email: string;
  fieldErrors?: Partial<Record<"email" | "password", string>>;
}

/** A sentence for a sign-in refusal code. */
export function refusalMessage(code: string | undefined): string {
  switch (code) {
    case "wrong_credentials":
      return "Wrong email or password.";
    case "email_not_verified":
      return "Verify your email first.";
    case "rate_limited":
      return "Too many attempts. Try again in 15 minutes.";
    case "invalid_input":
      return "Enter your email and password.";
    default:
      return "Wrong email or password.";
  }
}

export function isRefusalCode(code: unknown): code is SignInRefusalCode {
  return typeof code === "string" && (signInRefusalCodes as readonly string[]).includes(code);
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
