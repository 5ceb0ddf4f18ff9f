import type { Metadata } from "next";
import { AuthTitle } from "@/components/auth/auth-title";
import { FormNotice } from "@/components/auth/form-notice";
import { firstParam, type SearchParams } from "@/components/auth/redirect-target";
import { ResetPasswordForm } from "@/components/auth/reset-password-form";
import { Card, CardContent, CardDescription, CardFooter, CardHeader } from "@/components/ui/card";
import { Link } from "@/components/ui/link";

export const metadata: Metadata = { title: "Set a new password", referrer: "no-referrer" };

export default async function ResetPasswordPage({
  params,
  searchParams,
}: {
  params: Promise<{ token: string }>;
  searchParams: SearchParams;
}) {
  const { token } = await params;
  const error = firstParam((await searchParams).error);
  return (
    <Card>
      <CardHeader>
        <AuthTitle>Set a new password</AuthTitle>
        <CardDescription>
          Choose a new password for your account. You will sign in with it next.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <FormNotice error={error} />
        <ResetPasswordForm token={token} />
      </CardContent>
      <CardFooter className="justify-center gap-1 text-sm text-muted-foreground">
        <span>Link not working?</span>
        <Link href="/forgot-password" className="font-medium text-primary underline-offset-4 hover:underline">
          Request a new one
        </Link>
      </CardFooter>
    </Card>
  );
}
