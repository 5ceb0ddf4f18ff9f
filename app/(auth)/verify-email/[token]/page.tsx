"use client";

import { useMutation } from "@tanstack/react-query";
import { CircleAlertIcon, CircleCheckIcon } from "lucide-react";
import { use, useEffect, useRef } from "react";
import { AuthTitle } from "@/components/auth/auth-title";
import { optionalRedirectPath, withQuery } from "@/components/auth/redirect-target";
import { ResendVerificationForm } from "@/components/auth/resend-verification";
import { appCodeOf, messageOf } from "@/components/auth/trpc-errors";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader } from "@/components/ui/card";
import { Link } from "@/components/ui/link";
import { Spinner } from "@/components/ui/spinner";

interface VerifyEmailTokenPageProps {
  params: Promise<{ token: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

/** Opened from the emailed link: verifies once on mount, then offers "Continue to sign in". */
export default function VerifyEmailTokenPage({ params, searchParams }: VerifyEmailTokenPageProps) {
  const { token } = use(params);
  const query = use(searchParams);
  const nextParam = Array.isArray(query.next) ? query.next[0] : query.next;
  const next = optionalRedirectPath(nextParam);

  const trpc = useTRPC();
  const verify = useMutation(trpc.auth.verifyEmail.mutationOptions());
  const { mutate } = verify;
  // A token is single-use: React's strict mode runs effects twice in development, so guard it.
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    mutate({ token });
  }, [mutate, token]);

  if (verify.isSuccess) {
    const email = verify.data.email;
    return (
      <Card>
        <CardHeader className="justify-items-center text-center">
          <div
            aria-hidden="true"
            className="mb-2 grid size-12 place-items-center rounded-full bg-success/15 text-success"
          >
            <CircleCheckIcon className="size-6" />
          </div>
          <AuthTitle>Email verified</AuthTitle>
          <CardDescription className="text-balance">
            <span className="break-words">{email}</span> is confirmed. Sign in to start using Mini CRM.
          </CardDescription>
        </CardHeader>
        <CardFooter>
          <Button asChild className="w-full">
            <Link href={withQuery("/sign-in", { verified: "1", email, next })}>Continue to sign in</Link>
          </Button>
        </CardFooter>
      </Card>
    );
  }

  if (verify.isError) {
    const expired = appCodeOf(verify.error) === "TOKEN_EXPIRED";
    return (
      <Card>
        <CardHeader className="justify-items-center text-center">
          <div
            aria-hidden="true"
            className="mb-2 grid size-12 place-items-center rounded-full bg-destructive/10 text-destructive"
          >
            <CircleAlertIcon className="size-6" />
          </div>
          <AuthTitle>{expired ? "This link has expired" : "This link does not work"}</AuthTitle>
          <CardDescription role="alert" className="text-balance">
            {messageOf(verify.error)}
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-3">
          <p className="text-sm text-muted-foreground">Enter your email and we will send a new link.</p>
          <ResendVerificationForm />
        </CardContent>
        <CardFooter className="justify-center gap-1 text-sm text-muted-foreground">
          <span>Verified already?</span>
          <Link
            href={withQuery("/sign-in", { next })}
            className="font-medium text-primary underline-offset-4 hover:underline"
          >
            Sign in
          </Link>
        </CardFooter>
      </Card>
    );
  }

  return (
    <Card aria-busy="true">
      <CardHeader className="justify-items-center text-center">
        <Spinner className="mb-2 size-8 text-primary" label="Verifying your email" />
        <AuthTitle>Verifying your email…</AuthTitle>
        <CardDescription>This takes a moment.</CardDescription>
      </CardHeader>
    </Card>
  );
}
