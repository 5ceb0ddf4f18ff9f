"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import { PasswordInput } from "@/components/auth/password-input";
import { applyFieldErrors, messageOf } from "@/components/auth/trpc-errors";
import { useCurrentUser } from "@/components/layout/business-context";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
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
import { Label } from "@/components/ui/label";
import { toast } from "@/components/ui/toast";
import { changePasswordInput, updateProfileInput } from "@/server/domain/auth";
import { PushNotificationsCard } from "./push-notifications-card";
import { SessionsCard } from "./sessions-card";

/** Your name (editable), your sign-in email (read-only) and a password change. */
export function ProfileSettings() {
  return (
    <div className="grid gap-6">
      <ProfileCard />
      <PasswordCard />
      <PushNotificationsCard />
      <SessionsCard />
    </div>
  );
}

function ProfileCard() {
  const user = useCurrentUser();
  const trpc = useTRPC();
  const router = useRouter();
  const form = useForm({
    resolver: zodResolver(updateProfileInput),
    defaultValues: { name: user.name ?? "" },
  });
  const update = useMutation(
    trpc.auth.updateProfile.mutationOptions({
      onSuccess: (saved) => {
        toast.success("Profile saved");
        form.reset({ name: saved.name ?? "" });
        // The name also shows in the user menu, which the server renders.
        router.refresh();
      },
      onError: (error) => {
        if (!applyFieldErrors(error, form.setError, ["name"])) toast.error(messageOf(error));
      },
    }),
  );

  return (
    <Card>
      <CardHeader>
        <CardTitle as="h2">Profile</CardTitle>
        <CardDescription>How your teammates see you.</CardDescription>
      </CardHeader>
      <Form {...form}>
        <form
          onSubmit={form.handleSubmit((values) => update.mutate(values))}
          noValidate
          className="grid gap-6"
        >
          <CardContent className="grid gap-5">
            <div className="grid gap-2">
              <Label htmlFor="profile-email">Email</Label>
              <Input
                id="profile-email"
                type="email"
                value={user.email}
                readOnly
                aria-describedby="profile-email-hint"
                className="bg-muted/50 text-muted-foreground"
              />
              <p id="profile-email-hint" className="text-sm text-muted-foreground">
                You sign in with this email. It cannot be changed here.
              </p>
            </div>
            <FormField
              control={form.control}
              name="name"
              render={({ field }) => (
                <FormItem>
                  <FormLabel>Name</FormLabel>
                  <FormControl>
                    <Input autoComplete="name" maxLength={100} {...field} />
                  </FormControl>
                  <FormMessage />
                </FormItem>
              )}
            />
          </CardContent>
          <CardFooter className="justify-end border-t">
            <Button type="submit" loading={update.isPending} disabled={!form.formState.isDirty}>
              Save profile
            </Button>
          </CardFooter>
        </form>
      </Form>
    </Card>
  );
}

function PasswordCard() {
  const user = useCurrentUser();
  const trpc = useTRPC();
  const form = useForm({
    resolver: zodResolver(changePasswordInput),
    defaultValues: { currentPassword: "", newPassword: "" },
  });
  const change = useMutation(
    trpc.auth.changePassword.mutationOptions({
      onSuccess: () => {
        toast.success("Password changed");
        form.reset();
      },
      onError: (error) => {
        if (!applyFieldErrors(error, form.setError, ["currentPassword", "newPassword"]))
          toast.error(messageOf(error));
      },
    }),
  );

  return (
    <Card>
      <CardHeader>
        <CardTitle as="h2">Password</CardTitle>
        <CardDescription>
          Use at least 8 characters. A few words you can remember make a strong password.
        </CardDescription>
      </CardHeader>
      <Form {...form}>
        {/* method="post": submitted before the script loads, the passwords never go into a URL. */}
        <form
          method="post"
          onSubmit={form.handleSubmit((values) => change.mutate(values))}
          noValidate
          className="grid gap-6"
        >
          {/* Lets password managers know whose password this is. */}
          <input type="email" name="username" autoComplete="username" value={user.email} readOnly hidden />
          <CardContent className="grid gap-5 sm:grid-cols-2">
            <FormField
              control={form.control}
              name="currentPassword"
              render={({ field }) => (
                <FormItem>
                  <FormLabel>Current password</FormLabel>
                  <FormControl>
                    <PasswordInput autoComplete="current-password" {...field} />
                  </FormControl>
                  <FormMessage />
                </FormItem>
              )}
            />
            <FormField
              control={form.control}
              name="newPassword"
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
          </CardContent>
          <CardFooter className="justify-end border-t">
            <Button type="submit" loading={change.isPending}>
              Change password
            </Button>
          </CardFooter>
        </form>
      </Form>
    </Card>
  );
}
