"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { AlertCircleIcon, MailCheckIcon } from "lucide-react";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { applyFieldErrors, messageOf } from "@/components/auth/trpc-errors";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Form, FormControl, FormField, FormItem, FormLabel, FormMessage } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { requestEmailInput } from "@/server/domain/auth";

type Values = z.input<typeof requestEmailInput>;

/** Email → `auth.requestPasswordReset`; then the same "check your inbox" answer for any address. */
export function ForgotPasswordForm({ defaultEmail = "" }: { defaultEmail?: string }) {
  const trpc = useTRPC();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const form = useForm<Values, unknown, z.output<typeof requestEmailInput>>({
    resolver: zodResolver(requestEmailInput),
    defaultValues: { email: defaultEmail },
  });
  const request = useMutation(trpc.auth.requestPasswordReset.mutationOptions());

  const onSubmit = form.handleSubmit(async (values) => {
    setProblem(null);
    try {
      await request.mutateAsync(values);
      setSentTo(values.email);
    } catch (error) {
      if (!applyFieldErrors(error, form.setError, ["email"])) setProblem(messageOf(error));
    }
  });

  if (sentTo) {
    return (
      <div className="grid gap-4">
        <Alert role="status">
          <MailCheckIcon aria-hidden="true" />
          <AlertTitle>Check your inbox</AlertTitle>
          <AlertDescription>
            <p>
              If an account exists for <strong className="break-words text-foreground">{sentTo}</strong>, we
              sent it a link to set a new password. The link works for 1 hour.
            </p>
          </AlertDescription>
        </Alert>
        <Button type="button" variant="outline" loading={request.isPending} onClick={() => setSentTo(null)}>
          Use another email
        </Button>
      </div>
    );
  }

  return (
    <Form {...form}>
      {/* Without JavaScript the browser posts the address to the same procedure. */}
      <form
        method="post"
        action="/api/auth-forms/forgot-password"
        onSubmit={onSubmit}
        noValidate
        className="grid gap-4"
      >
        {problem ? (
          <Alert variant="destructive">
            <AlertCircleIcon aria-hidden="true" />
            <AlertTitle>{problem}</AlertTitle>
          </Alert>
        ) : null}
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
                  {...field}
                />
              </FormControl>
              <FormMessage />
            </FormItem>
          )}
        />
        <Button type="submit" className="w-full" loading={form.formState.isSubmitting}>
          Send reset link
        </Button>
      </form>
    </Form>
  );
}
