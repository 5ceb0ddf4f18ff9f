"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { AlertCircleIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { PasswordInput } from "@/components/auth/password-input";
import { withQuery } from "@/components/auth/redirect-target";
import { appCodeOf, applyFieldErrors, messageOf } from "@/components/auth/trpc-errors";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import {
  Form,
  FormControl,
  FormDescription,
  FormField,
  FormItem,
  FormLabel,
  FormMessage,
} from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { Link } from "@/components/ui/link";
import { signUpInput } from "@/server/domain/auth";

const schema = signUpInput.omit({ invitationToken: true });
type Values = z.input<typeof schema>;

interface SignUpFormProps {
  /** Same-origin path to go to after verifying and signing in; the emailed link carries it. */
  next?: string;
  defaultEmail?: string;
  /** When set, the email is the invited one and cannot be changed. */
  lockedEmail?: string;
  /** The invitation token behind `lockedEmail`: signing up through it proves the address. */
  invitationToken?: string;
}

/** Name, email, password → `auth.signUp`, then on to "check your inbox" (or to sign in when invited). */
export function SignUpForm({ next, defaultEmail = "", lockedEmail, invitationToken }: SignUpFormProps) {
  const trpc = useTRPC();
  const router = useRouter();
  const [problem, setProblem] = useState<{ message: string; conflict: boolean } | null>(null);
  const form = useForm<Values, unknown, z.output<typeof schema>>({
    resolver: zodResolver(schema),
    defaultValues: { name: "", email: lockedEmail ?? defaultEmail, password: "" },
  });
  const signUp = useMutation(trpc.auth.signUp.mutationOptions());
  const [redirecting, setRedirecting] = useState(false);

  const onSubmit = form.handleSubmit(async (values) => {
    setProblem(null);
    try {
      const email = lockedEmail ?? values.email;
      const result = await signUp.mutateAsync({ ...values, email, next, invitationToken });
      setRedirecting(true);
      // An invited address is verified by the invitation itself: straight on to sign in and accept.
      router.push(
        result.emailVerified
          ? withQuery("/sign-in", { email, next })
          : withQuery("/verify-email", { email, next }),
      );
    } catch (error) {
      const shown = applyFieldErrors(error, form.setError, ["name", "email", "password"]);
      const conflict = appCodeOf(error) === "CONFLICT";
      if (!shown || conflict) setProblem({ message: messageOf(error), conflict });
    }
  });

  const email = form.watch("email");

  return (
    <Form {...form}>
      {/* Without JavaScript the browser posts the fields (never a GET with the password in the URL). */}
      <form
        method="post"
        action="/api/auth-forms/sign-up"
        onSubmit={onSubmit}
        noValidate
        className="grid gap-4"
      >
        {next ? <input type="hidden" name="next" value={next} /> : null}
        {invitationToken ? <input type="hidden" name="invitationToken" value={invitationToken} /> : null}
        {problem ? (
          <Alert variant="destructive">
            <AlertCircleIcon aria-hidden="true" />
            <AlertTitle>{problem.message}</AlertTitle>
            {problem.conflict ? (
              <AlertDescription>
                <p>
                  <Link
                    href={withQuery("/sign-in", { email, next })}
                    className="font-medium underline underline-offset-4"
                  >
                    Sign in
                  </Link>{" "}
                  or{" "}
                  <Link
                    href={withQuery("/forgot-password", { email })}
                    className="font-medium underline underline-offset-4"
                  >
                    reset your password
                  </Link>
                  .
                </p>
              </AlertDescription>
            ) : null}
          </Alert>
        ) : null}

        <FormField
          control={form.control}
          name="name"
          render={({ field }) => (
            <FormItem>
              <FormLabel>Name</FormLabel>
              <FormControl>
                <Input autoComplete="name" autoCapitalize="words" placeholder="Asha Patel" {...field} />
              </FormControl>
              <FormMessage />
            </FormItem>
          )}
        />
        <FormField
          control={form.control}
          name="email"
          render={({ field }) => (
            <FormItem>
              <FormLabel>Email</FormLabel>
              <FormControl>
                <Input
                  type="email"
                  inputMode="email"
                  autoComplete="email"
                  autoCapitalize="none"
                  spellCheck={false}
                  placeholder="you@example.com"
                  readOnly={Boolean(lockedEmail)}
                  className={lockedEmail ? "bg-muted text-muted-foreground dark:bg-muted" : undefined}
                  {...field}
                />
              </FormControl>
              {lockedEmail ? <FormDescription>The invitation is for this address.</FormDescription> : null}
              <FormMessage />
            </FormItem>
          )}
        />
        <FormField
          control={form.control}
          name="password"
          render={({ field }) => (
            <FormItem>
              <FormLabel>Password</FormLabel>
              <FormControl>
                <PasswordInput autoComplete="new-password" {...field} />
              </FormControl>
              <FormDescription>At least 8 characters. A long phrase is easier to remember.</FormDescription>
              <FormMessage />
            </FormItem>
          )}
        />

        <Button type="submit" className="mt-1 w-full" loading={form.formState.isSubmitting || redirecting}>
          Create account
        </Button>
        <p className="text-center text-xs leading-relaxed text-muted-foreground">
          By creating an account you agree to the terms of service and privacy policy of this Mini CRM
          installation.
        </p>
      </form>
    </Form>
  );
}
