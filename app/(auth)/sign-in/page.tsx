import { CircleCheckIcon } from "lucide-react";
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthTitle } from "@/components/auth/auth-title";
import { GoogleSignInButton, OrDivider } from "@/components/auth/google-sign-in-button";
import {
  firstParam,
  optionalRedirectPath,
  type SearchParams,
  safeRedirectPath,
  withQuery,
} from "@/components/auth/redirect-target";
import { SignInForm } from "@/components/auth/sign-in-form";
import { Alert, AlertTitle } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardFooter, CardHeader } from "@/components/ui/card";
import { Link } from "@/components/ui/link";
import { currentUser } from "@/server/api/server";
import { authErrorMessage, parseRefusalCode, type SignInState } from "@/server/domain/sign-in-messages";
import { googleAuthEnabled } from "@/server/env";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const next = optionalRedirectPath(firstParam(params.next));
  if (await currentUser()) redirect(safeRedirectPath(next));

  const email = (firstParam(params.email) ?? "").slice(0, 254);
  const errorType = firstParam(params.error);
  const code = firstParam(params.code);
  const initialState: SignInState = { email };
  if (errorType) {
    initialState.code = (errorType === "CredentialsSignin" && parseRefusalCode(code)?.code) || "error";
    initialState.message = authErrorMessage(errorType, code);
  }
  const success =
    firstParam(params.verified) === "1"
      ? "Email verified. Sign in to continue."
      : firstParam(params.reset) === "1"
        ? "Password updated. Sign in with your new password."
        : null;

  return (
    <Card>
      <CardHeader>
        <AuthTitle>Sign in</AuthTitle>
        <CardDescription>Welcome back. Sign in to your Mini CRM account.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {success ? (
          <Alert role="status" className="border-success/40 text-success">
            <CircleCheckIcon aria-hidden="true" />
            <AlertTitle>{success}</AlertTitle>
          </Alert>
        ) : null}
        {googleAuthEnabled ? (
          <>
            <GoogleSignInButton next={next} />
            <OrDivider />
          </>
        ) : null}
        <SignInForm next={next} initialState={initialState} />
      </CardContent>
      <CardFooter className="justify-center text-sm text-muted-foreground">
        <p>
          New to Mini CRM?{" "}
          <Link
            href={withQuery("/sign-up", { next })}
            className="font-medium text-primary underline-offset-4 hover:underline"
          >
            Create an account
          </Link>
        </p>
      </CardFooter>
    </Card>
  );
}
