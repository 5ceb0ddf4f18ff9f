"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { applyFieldErrors, messageOf } from "@/components/auth/trpc-errors";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button, type ButtonProps } from "@/components/ui/button";
import { Form, FormControl, FormField, FormItem, FormLabel, FormMessage } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";
import { requestEmailInput } from "@/server/domain/auth";

function sentMessage(email: string) {
  return `If ${email} still needs verifying, a new link is on its way. Check your inbox and spam folder.`;
}

/** "Resend the link" for a known address: asks for a new verification email and toasts the result. */
export function ResendVerificationButton({
  email,
  variant = "outline",
  className,
  size,
}: {
  email: string;
  variant?: ButtonProps["variant"];
  size?: ButtonProps["size"];
  className?: string;
}) {
  const trpc = useTRPC();
  const resend = useMutation(
    trpc.auth.resendVerification.mutationOptions({
      onSuccess: () => toast.success("Link sent", { description: sentMessage(email) }),
      onError: (error) => toast.error(messageOf(error)),
    }),
  );
  return (
    <Button
      type="button"
      variant={variant}
      size={size}
      className={className}
      loading={resend.isPending}
      onClick={() => resend.mutate({ email })}
    >
      Resend the link
    </Button>
  );
}

type Values = z.input<typeof requestEmailInput>;

/** An email field + "Resend the link", for when the address is not known (an expired link). */
export function ResendVerificationForm({ defaultEmail = "" }: { defaultEmail?: string }) {
  const trpc = useTRPC();
  const form = useForm<Values, unknown, z.output<typeof requestEmailInput>>({
    resolver: zodResolver(requestEmailInput),
    defaultValues: { email: defaultEmail },
  });
  const resend = useMutation(trpc.auth.resendVerification.mutationOptions());

  const onSubmit = form.handleSubmit((values) =>
    resend.mutateAsync(values).then(
      () => toast.success("Link sent", { description: sentMessage(values.email) }),
      (error: unknown) => {
        if (!applyFieldErrors(error, form.setError, ["email"])) toast.error(messageOf(error));
      },
    ),
  );

  return (
    <Form {...form}>
      <form onSubmit={onSubmit} noValidate className="grid gap-3">
        <FormField
          control={form.control}
          name="email"
          render={({ field }) => (
            <FormItem>
              <FormLabel>Email</FormLabel>
              <FormControl>
                <Input
                  type="email"
                  autoComplete="email"
                  inputMode="email"
                  placeholder="you@example.com"
                  {...field}
                />
              </FormControl>
              <FormMessage />
            </FormItem>
          )}
        />
        <Button type="submit" loading={resend.isPending}>
          Resend the link
        </Button>
      </form>
    </Form>
  );
}
