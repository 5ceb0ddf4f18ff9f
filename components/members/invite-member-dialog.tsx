"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { UserPlusIcon } from "lucide-react";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import type { z } from "zod";
import { applyFieldErrors, messageOf } from "@/components/auth/trpc-errors";
import { useBusiness } from "@/components/layout/business-context";
import { useTRPC } from "@/components/providers/trpc-provider";
import { NativeSelect } from "@/components/settings/native-select";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
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
import { toast } from "@/components/ui/toast";
import { type Role, roleLabels, roles } from "@/server/auth/permissions";
import { inviteMemberInput } from "@/server/domain/members";

/** What each role may do, in a sentence (mirrors `rolePermissions`). */
export const roleDescriptions: Record<Role, string> = {
  member: "Uses Mini CRM day to day and sees the team. Cannot change settings.",
  admin: "Also edits business details, invites people, manages API keys and reads the audit log.",
  owner: "Full control, including changing roles and removing members.",
};

/** Roles the current user may give: only owners may make owners. */
export function assignableRoles(myRole: Role): Role[] {
  return roles.filter((r) => r !== "owner" || myRole === "owner");
}

/** "Invite member" button and dialog: email and role; emails a link to join. */
export function InviteMemberDialog() {
  const business = useBusiness();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const form = useForm<z.input<typeof inviteMemberInput>, unknown, z.output<typeof inviteMemberInput>>({
    resolver: zodResolver(inviteMemberInput),
    defaultValues: { email: "", role: "member" },
  });
  const role = useWatch({ control: form.control, name: "role" });

  const invite = useMutation(
    trpc.members.invite.mutationOptions({
      onSuccess: async (invitation) => {
        toast.success(`Invitation sent to ${invitation.email}`, {
          description: "The link in the email works for 7 days.",
        });
        await queryClient.invalidateQueries({ queryKey: trpc.members.invitations.queryKey() });
        setOpen(false);
        form.reset();
      },
      onError: (error) => {
        if (!applyFieldErrors(error, form.setError, ["email", "role"])) toast.error(messageOf(error));
      },
    }),
  );

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) form.reset();
      }}
    >
      <DialogTrigger asChild>
        <Button>
          <UserPlusIcon aria-hidden="true" />
          Invite member
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Invite member</DialogTitle>
          <DialogDescription>
            We will email them a link to join {business.name}. If they have no account yet, they create one
            from the link.
          </DialogDescription>
        </DialogHeader>
        <Form {...form}>
          <form
            onSubmit={form.handleSubmit((values) => invite.mutate({ businessId: business.id, ...values }))}
            noValidate
            className="grid gap-5"
          >
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
                      autoComplete="off"
                      autoCapitalize="none"
                      spellCheck={false}
                      placeholder="name@example.com"
                      {...field}
                    />
                  </FormControl>
                  <FormMessage />
                </FormItem>
              )}
            />
            <FormField
              control={form.control}
              name="role"
              render={({ field }) => (
                <FormItem>
                  <FormLabel>Role</FormLabel>
                  <FormControl>
                    <NativeSelect {...field}>
                      {assignableRoles(business.role).map((r) => (
                        <option key={r} value={r}>
                          {roleLabels[r]}
                        </option>
                      ))}
                    </NativeSelect>
                  </FormControl>
                  <FormDescription>{roleDescriptions[role as Role] ?? ""}</FormDescription>
                  <FormMessage />
                </FormItem>
              )}
            />
            <DialogFooter className="pt-2">
              <DialogClose asChild>
                <Button type="button" variant="outline">
                  Cancel
                </Button>
              </DialogClose>
              <Button type="submit" loading={invite.isPending}>
                Send invitation
              </Button>
            </DialogFooter>
          </form>
        </Form>
      </DialogContent>
    </Dialog>
  );
}
