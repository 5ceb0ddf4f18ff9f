import type { Metadata } from "next";
import { AuthTitle } from "@/components/auth/auth-title";
import { DevMailboxHint, devMailboxEnabled } from "@/components/auth/dev-mailbox-hint";
import { ForgotPasswordForm } from "@/components/auth/forgot-password-form";
import { FormNotice } from "@/components/auth/form-notice";
import { firstParam, type SearchParams } from "@/components/auth/redirect-target";
import { Card, CardContent, CardDescription, CardFooter, CardHeader } from "@/components/ui/card";
import { Link } from "@/components/ui/link";

export const metadata: Metadata = { title: "Reset your password" };

export default async function ForgotPasswordPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const email = (firstParam(params.email) ?? "").slice(0, 254);
  return (
    <Card>
      <CardHeader>
        <AuthTitle>Reset your password</AuthTitle>
        <CardDescription>
          Enter the email you sign in with and we will send you a link to set a new password.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <FormNotice error={firstParam(params.error)} sent={firstParam(params.sent)} />
        <ForgotPasswordForm defaultEmail={email} />
        {devMailboxEnabled() ? <DevMailboxHint /> : null}
      </CardContent>
      <CardFooter className="justify-center gap-1 text-sm text-muted-foreground">
        <span>Remembered it?</span>
        <Link href="/sign-in" className="font-medium text-primary underline-offset-4 hover:underline">
          Back to sign in
        </Link>
      </CardFooter>
    </Card>
  );
}
