"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { AlertCircleIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { PasswordInput } from "@/components/auth/password-input";
import { withQuery } from "@/components/auth/redirect-target";
import { appCodeOf, applyFieldErrors, fieldErrorsOf, messageOf } from "@/components/auth/trpc-errors";
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
import { Link } from "@/components/ui/link";
import { resetPasswordInput } from "@/server/domain/auth";

const schema = resetPasswordInput
  .omit({ token: true })
  .extend({ confirmPassword: z.string().min(1, "Type the new password again.") })
  .refine((v) => v.password === v.confirmPassword, {
    path: ["confirmPassword"],
    message: "The passwords do not match.",
  });
type Values = z.input<typeof schema>;

/** New password + confirmation → `auth.resetPassword`, then to sign-in with `?reset=1`. */
export function ResetPasswordForm({ token }: { token: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [problem, setProblem] = useState<{ message: string; linkBroken: boolean } | null>(null);
  const [redirecting, setRedirecting] = useState(false);
  const form = useForm<Values, unknown, z.output<typeof schema>>({
    resolver: zodResolver(schema),
    defaultValues: { password: "", confirmPassword: "" },
  });
  const reset = useMutation(trpc.auth.resetPassword.mutationOptions());

  const onSubmit = form.handleSubmit(async (values) => {
    setProblem(null);
    try {
      const { email } = await reset.mutateAsync({ token, password: values.password });
      setRedirecting(true);
      router.push(withQuery("/sign-in", { reset: "1", email }));
    } catch (error) {
      if (applyFieldErrors(error, form.setError, ["password"])) return;
      const code = appCodeOf(error);
      setProblem({
        message: messageOf(error),
        linkBroken: code === "TOKEN_INVALID" || code === "TOKEN_EXPIRED" || "token" in fieldErrorsOf(error),
      });
    }
  });

  return (
    <Form {...form}>
      {/* Without JavaScript the browser posts the new password (never a GET with it in the URL). */}
      <form
        method="post"
        action="/api/auth-forms/reset-password"
        onSubmit={onSubmit}
        noValidate
        className="grid gap-4"
      >
        <input type="hidden" name="token" value={token} />
        {problem ? (
          <Alert variant="destructive">
            <AlertCircleIcon aria-hidden="true" />
            <AlertTitle>{problem.message}</AlertTitle>
            {problem.linkBroken ? (
              <AlertDescription>
                <p>
                  <Link href="/forgot-password" className="font-medium underline underline-offset-4">
                    Request a new link
                  </Link>
                  .
                </p>
              </AlertDescription>
            ) : null}
          </Alert>
        ) : null}
        <FormField
          control={form.control}
          name="password"
          render={({ field }) => (
            <FormItem>
              <FormLabel>New password</FormLabel>
              <FormControl>
                <PasswordInput autoComplete="new-password" {...field} />
              </FormControl>
              <FormDescription>At least 8 characters.</FormDescription>
              <FormMessage />
            </FormItem>
          )}
        />
        <FormField
          control={form.control}
          name="confirmPassword"
          render={({ field }) => (
            <FormItem>
              <FormLabel>Confirm password</FormLabel>
              <FormControl>
                <PasswordInput autoComplete="new-password" {...field} />
              </FormControl>
              <FormMessage />
            </FormItem>
          )}
        />
        <Button type="submit" className="mt-1 w-full" loading={form.formState.isSubmitting || redirecting}>
          Set new password
        </Button>
      </form>
    </Form>
  );
}
