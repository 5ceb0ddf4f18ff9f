import { MailIcon } from "lucide-react";
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthTitle } from "@/components/auth/auth-title";
import { FormNotice } from "@/components/auth/form-notice";
import { GoogleSignInButton, OrDivider } from "@/components/auth/google-sign-in-button";
import {
  firstParam,
  invitationTokenFromNext,
  optionalRedirectPath,
  type SearchParams,
  safeRedirectPath,
  withQuery,
} from "@/components/auth/redirect-target";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardFooter, CardHeader } from "@/components/ui/card";
import { Link } from "@/components/ui/link";
import { currentUser, serverApi } from "@/server/api/server";
import { googleAuthEnabled } from "@/server/env";

export const metadata: Metadata = { title: "Create your account" };

/** The invitation behind `token`, or null when it is missing, invalid or expired. */
async function findInvitation(token: string | undefined) {
  if (!token || token.length > 200) return null;
  try {
    const api = await serverApi();
    return await api.auth.describeInvitation({ token });
  } catch {
    return null;
  }
}

export default async function SignUpPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const invitationParam = firstParam(params.invitation);
  const next =
    optionalRedirectPath(firstParam(params.next)) ??
    (invitationParam && /^[A-Za-z0-9_-]{10,200}$/.test(invitationParam)
      ? `/invite/${invitationParam}`
      : undefined);
  if (await currentUser()) redirect(safeRedirectPath(next));

  const invitationToken = invitationParam ?? invitationTokenFromNext(next);
  const invitation = await findInvitation(invitationToken);
  const defaultEmail = (firstParam(params.email) ?? "").slice(0, 254);

  return (
    <Card>
      <CardHeader>
        <AuthTitle>Create your account</AuthTitle>
        <CardDescription>
          {invitation
            ? `Join ${invitation.businessName} on Mini CRM.`
            : "Start with your customers in minutes. Free and open source."}
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {invitation ? (
          <Alert role="status">
            <MailIcon aria-hidden="true" />
            <AlertTitle>You are invited to {invitation.businessName}</AlertTitle>
            <AlertDescription>
              <p>
                Create your account with {invitation.email}, sign in, and you will join as {invitation.role}.
              </p>
              {invitation.hasAccount ? (
                <p>
                  This address already has an account:{" "}
                  <Link
                    href={withQuery("/sign-in", { next, email: invitation.email })}
                    className="font-medium text-primary underline underline-offset-4"
                  >
                    sign in instead
                  </Link>
                  .
                </p>
              ) : null}
            </AlertDescription>
          </Alert>
        ) : null}
        {googleAuthEnabled ? (
          <>
            <GoogleSignInButton next={next} />
            <OrDivider />
          </>
        ) : null}
        <FormNotice error={firstParam(params.error)} />
        <SignUpForm
          next={next}
          defaultEmail={defaultEmail}
          lockedEmail={invitation?.email}
          invitationToken={invitation ? invitationToken : undefined}
        />
      </CardContent>
      <CardFooter className="justify-center text-sm text-muted-foreground">
        <p>
          Already have an account?{" "}
          <Link
            href={withQuery("/sign-in", { next, email: invitation?.email })}
            className="font-medium text-primary underline-offset-4 hover:underline"
          >
            Sign in
          </Link>
        </p>
      </CardFooter>
    </Card>
  );
}
