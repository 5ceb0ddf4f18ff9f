"use client";

import { AlertCircleIcon } from "lucide-react";
import { useActionState, useEffect, useRef, useState } from "react";
import { signInWithPassword } from "@/app/(auth)/actions";
import { PasswordInput } from "@/components/auth/password-input";
import { withQuery } from "@/components/auth/redirect-target";
import { ResendVerificationButton } from "@/components/auth/resend-verification";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Link } from "@/components/ui/link";
import type { SignInState } from "@/server/domain/sign-in-messages";

/**
 * Email + password sign-in posting to the `signInWithPassword` server action (works before
 * hydration too). `initialState` carries a prefilled email and an error from the URL.
 */
export function SignInForm({ next, initialState }: { next?: string; initialState: SignInState }) {
  const [state, formAction, pending] = useActionState(signInWithPassword, initialState);
  const [email, setEmail] = useState(initialState.email);
  const passwordRef = useRef<HTMLInputElement>(null);
  const emailRef = useRef<HTMLInputElement>(null);

  // After a refusal, put the cursor where the user has to act next.
  useEffect(() => {
    if (state === initialState) return;
    if (state.fieldErrors?.email) emailRef.current?.focus();
    else if (state.fieldErrors?.password || state.code === "wrong_credentials") passwordRef.current?.focus();
  }, [state, initialState]);

  const emailError = state.fieldErrors?.email;
  const passwordError = state.fieldErrors?.password;
  const showAlert = Boolean(state.message);

  return (
    <form action={formAction} noValidate className="grid gap-4">
      {next ? <input type="hidden" name="next" value={next} /> : null}

      {showAlert ? (
        <Alert variant="destructive">
          <AlertCircleIcon aria-hidden="true" />
          <AlertTitle>{state.message}</AlertTitle>
          {state.code === "email_not_verified" ? (
            <AlertDescription>
              <p>Open the link we emailed you, or get a new one.</p>
              <ResendVerificationButton email={state.email} size="sm" className="mt-1" />
            </AlertDescription>
          ) : state.code === "rate_limited" ? (
            <AlertDescription>
              <p>
                Forgot your password?{" "}
                <Link
                  href={withQuery("/forgot-password", { email })}
                  className="font-medium underline underline-offset-4"
                >
                  Reset it
                </Link>
                .
              </p>
            </AlertDescription>
          ) : null}
        </Alert>
      ) : null}

      <div className="grid gap-2">
        <Label htmlFor="sign-in-email">Email</Label>
        <Input
          ref={emailRef}
          id="sign-in-email"
          name="email"
          type="email"
          inputMode="email"
          autoComplete="email"
          autoCapitalize="none"
          spellCheck={false}
          required
          placeholder="you@example.com"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          aria-invalid={emailError ? true : undefined}
          aria-describedby={emailError ? "sign-in-email-error" : undefined}
        />
        {emailError ? (
          <p id="sign-in-email-error" className="text-sm font-medium text-destructive">
            {emailError}
          </p>
        ) : null}
      </div>

      <div className="grid gap-2">
        <div className="flex items-center justify-between gap-2">
          <Label htmlFor="sign-in-password">Password</Label>
          <Link
            href={withQuery("/forgot-password", { email: email.trim() || undefined })}
            className="rounded-sm text-sm text-muted-foreground underline-offset-4 hover:text-foreground hover:underline focus-visible:outline-2 focus-visible:outline-ring"
          >
            Forgot password?
          </Link>
        </div>
        <PasswordInput
          ref={passwordRef}
          id="sign-in-password"
          name="password"
          autoComplete="current-password"
          required
          aria-invalid={passwordError ? true : undefined}
          aria-describedby={passwordError ? "sign-in-password-error" : undefined}
        />
        {passwordError ? (
          <p id="sign-in-password-error" className="text-sm font-medium text-destructive">
            {passwordError}
          </p>
        ) : null}
      </div>

      <Button type="submit" className="mt-1 w-full" loading={pending}>
        Sign in
      </Button>
    </form>
  );
}
