import { MailCheckIcon } from "lucide-react";
import type { Metadata } from "next";
import { AuthTitle } from "@/components/auth/auth-title";
import { DevMailboxHint, devMailboxEnabled } from "@/components/auth/dev-mailbox-hint";
import {
  firstParam,
  optionalRedirectPath,
  type SearchParams,
  withQuery,
} from "@/components/auth/redirect-target";
import { ResendVerificationButton, ResendVerificationForm } from "@/components/auth/resend-verification";
import { Card, CardContent, CardDescription, CardFooter, CardHeader } from "@/components/ui/card";
import { Link } from "@/components/ui/link";
import { emailSchema } from "@/server/domain/auth";

export const metadata: Metadata = { title: "Check your inbox" };

export default async function VerifyEmailPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const parsed = emailSchema.safeParse(firstParam(params.email) ?? "");
  const email = parsed.success ? parsed.data : undefined;
  const next = optionalRedirectPath(firstParam(params.next));

  return (
    <Card>
      <CardHeader className="justify-items-center text-center">
        <div
          aria-hidden="true"
          className="mb-2 grid size-12 place-items-center rounded-full bg-primary/10 text-primary"
        >
          <MailCheckIcon className="size-6" />
        </div>
        <AuthTitle>Check your inbox</AuthTitle>
        <CardDescription className="text-balance">
          {email ? (
            <>
              We sent a verification link to <strong className="break-words text-foreground">{email}</strong>.
              Open it to activate your account. The link works for 24 hours.
            </>
          ) : (
            "We sent you a verification link. Open it to activate your account. The link works for 24 hours."
          )}
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {devMailboxEnabled() ? <DevMailboxHint /> : null}
        <div className="grid gap-2 text-sm text-muted-foreground">
          <p>No email after a few minutes? Check your spam folder, or ask for a new link.</p>
        </div>
        {email ? <ResendVerificationButton email={email} className="w-full" /> : <ResendVerificationForm />}
      </CardContent>
      <CardFooter className="justify-center gap-1 text-sm text-muted-foreground">
        <span>Verified already?</span>
        <Link
          href={withQuery("/sign-in", { email, next })}
          className="font-medium text-primary underline-offset-4 hover:underline"
        >
          Sign in
        </Link>
      </CardFooter>
    </Card>
  );
}
