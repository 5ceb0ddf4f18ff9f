"use server";

import { unstable_rethrow } from "next/navigation";
import { AuthError, CredentialsSignin } from "next-auth";
import { optionalRedirectPath, safeRedirectPath, withQuery } from "@/components/auth/redirect-target";
import { signIn, signOut } from "@/server/auth";
import { signInInput } from "@/server/domain/auth";
import { parseRefusalCode, refusalMessage, type SignInState } from "@/server/domain/sign-in-messages";

function field(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === "string" ? value : "";
}

/**
 * Email + password sign-in, for `useActionState`. On success Auth.js sets the session cookie and
 * redirects to the form's `next` (a same-origin path, else `/b`): that redirect is thrown and must
 * propagate. On refusal answers the message for the provider's `CredentialsSignin.code`.
 */
export async function signInWithPassword(_prev: SignInState, formData: FormData): Promise<SignInState> {
  const email = field(formData, "email").trim();
  const password = field(formData, "password");
  const parsed = signInInput.safeParse({ email, password });
  if (!parsed.success) {
    const fieldErrors: SignInState["fieldErrors"] = {};
    for (const issue of parsed.error.issues) {
      const key = issue.path[0];
      if ((key === "email" || key === "password") && !fieldErrors[key]) fieldErrors[key] = issue.message;
    }
    return { code: "invalid_input", email, fieldErrors };
  }
  try {
    await signIn("credentials", {
      email: parsed.data.email,
      password: parsed.data.password,
      redirectTo: safeRedirectPath(formData.get("next")),
    });
    return { email };
  } catch (error) {
    // NEXT_REDIRECT (the success path) and other Next.js control-flow errors must reach Next.
    unstable_rethrow(error);
    if (
      error instanceof CredentialsSignin ||
      (error instanceof AuthError && error.type === "CredentialsSignin")
    ) {
      const code = (error as CredentialsSignin).code;
      const parsed = parseRefusalCode(code);
      return {
        code: parsed?.code ?? "wrong_credentials",
        message: refusalMessage(parsed ? code : "wrong_credentials"),
        email,
      };
    }
    if (error instanceof AuthError) {
      return { code: "error", message: "We could not sign you in. Try again.", email };
    }
    throw error;
  }
}

/** Starts Google sign-in (form action). Redirects to Google, then back to `next` (default `/b`). */
export async function signInWithGoogle(formData: FormData): Promise<void> {
  await signIn("google", { redirectTo: safeRedirectPath(formData.get("next")) });
}

/**
 * Signs out and goes to `/sign-in`. When used as a form action, optional `next` and `email` fields
 * are carried to the sign-in page (e.g. to accept an invitation with another account).
 */
export async function signOutAction(formData?: FormData): Promise<void> {
  const next = optionalRedirectPath(formData?.get("next"));
  const emailValue = formData?.get("email");
  const email = typeof emailValue === "string" && emailValue.length <= 254 ? emailValue : undefined;
  await signOut({ redirectTo: withQuery("/sign-in", { next, email }) });
}
