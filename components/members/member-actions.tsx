"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { DoorOpenIcon, UserMinusIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { messageOf } from "@/components/auth/trpc-errors";
import { useBusiness } from "@/components/layout/business-context";
import { useTRPC } from "@/components/providers/trpc-provider";
import { NativeSelect } from "@/components/settings/native-select";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toast";
import { type Role, roleLabels, roles } from "@/server/auth/permissions";

export interface MemberRow {
  id: string;
  userId: string;
  name: string | null;
  email: string;
  role: Role;
  joinedAt: Date;
}

export function memberName(m: Pick<MemberRow, "name" | "email">): string {
  return m.name?.trim() || m.email;
}

/** Role picker for owners (members.manage). A refused change (the last owner) shows as a toast. */
export function MemberRoleSelect({ member, isSelf }: { member: MemberRow; isSelf: boolean }) {
  const business = useBusiness();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const change = useMutation(
    trpc.members.changeRole.mutationOptions({
      onSuccess: async (_row, variables) => {
        toast.success(`${isSelf ? "You are" : `${memberName(member)} is`} now ${roleLabels[variables.role]}`);
        await queryClient.invalidateQueries({ queryKey: trpc.members.list.queryKey() });
        // Your own role decides what the app shows you.
        if (isSelf) router.refresh();
      },
      onError: (error) => toast.error(messageOf(error)),
    }),
  );
  const value = change.isPending && change.variables ? change.variables.role : member.role;
  return (
    <NativeSelect
      aria-label={`Change access of ${memberName(member)}`}
      value={value}
      disabled={change.isPending}
      wrapperClassName="w-32"
      className="h-8"
      onChange={(e) =>
        change.mutate({ businessId: business.id, memberId: member.id, role: e.target.value as Role })
      }
    >
      {roles.map((r) => (
        <option key={r} value={r}>
          {roleLabels[r]}
        </option>
      ))}
    </NativeSelect>
  );
}

/** "Remove" with a confirmation (owners, for someone else). */
export function RemoveMemberButton({ member }: { member: MemberRow }) {
  const business = useBusiness();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const remove = useMutation(
    trpc.members.remove.mutationOptions({
      onSuccess: async () => {
        toast.success(`${memberName(member)} was removed`);
        await queryClient.invalidateQueries({ queryKey: trpc.members.list.queryKey() });
      },
      onError: (error) => toast.error(messageOf(error)),
    }),
  );
  return (
    <AlertDialog>
      <AlertDialogTrigger asChild>
        <Button
          variant="ghost"
          size="sm"
          loading={remove.isPending}
          className="text-destructive hover:text-destructive"
        >
          <UserMinusIcon aria-hidden="true" />
          Remove<span className="sr-only"> {memberName(member)}</span>
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Remove {memberName(member)}?</AlertDialogTitle>
          <AlertDialogDescription>
            They lose access to {business.name} at once. You can invite them again later.
          </AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel>Cancel</AlertDialogCancel>
          <AlertDialogAction
            variant="destructive"
            onClick={() => remove.mutate({ businessId: business.id, memberId: member.id })}
          >
            Remove member
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}

/** "Leave business" for yourself, with a confirmation; then goes to your other businesses. */
export function LeaveBusinessButton() {
  const business = useBusiness();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const leave = useMutation(
    trpc.members.leave.mutationOptions({
      onSuccess: async () => {
        toast.success(`You left ${business.name}`);
        await queryClient.invalidateQueries({ queryKey: trpc.business.list.queryKey() });
        router.replace("/b");
      },
      onError: (error) => toast.error(messageOf(error)),
    }),
  );
  return (
    <AlertDialog>
      <AlertDialogTrigger asChild>
        <Button variant="outline" size="sm" loading={leave.isPending || leave.isSuccess}>
          <DoorOpenIcon aria-hidden="true" />
          Leave business
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Leave {business.name}?</AlertDialogTitle>
          <AlertDialogDescription>
            You lose access to its customers and settings. To come back, someone has to invite you again.
          </AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel>Stay</AlertDialogCancel>
          <AlertDialogAction variant="destructive" onClick={() => leave.mutate({ businessId: business.id })}>
            Leave business
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
