"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { MailIcon, RotateCwIcon, XIcon } from "lucide-react";
import { messageOf } from "@/components/auth/trpc-errors";
import { useBusiness, useCan, useCurrentUser } from "@/components/layout/business-context";
import { useTRPC } from "@/components/providers/trpc-provider";
import { QueryError } from "@/components/settings/query-error";
import { SettingsCardAction } from "@/components/settings/settings-card-action";
import { ListSkeleton } from "@/components/settings/settings-skeleton";
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
import { Avatar, AvatarFallback } from "@/components/ui/avatar";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { toast } from "@/components/ui/toast";
import { cn } from "@/components/ui/utils";
import { type Role, roleLabels } from "@/server/auth/permissions";
import { formatDate, initialsOf } from "@/server/domain/format";
import { InviteMemberDialog } from "./invite-member-dialog";
import {
  LeaveBusinessButton,
  MemberRoleSelect,
  type MemberRow,
  memberName,
  RemoveMemberButton,
} from "./member-actions";

function RoleBadge({ role }: { role: Role }) {
  return (
    <Badge variant={role === "owner" ? "default" : role === "admin" ? "secondary" : "outline"}>
      {roleLabels[role]}
    </Badge>
  );
}

function MemberIdentity({ member, isSelf }: { member: MemberRow; isSelf: boolean }) {
  return (
    <div className="flex min-w-0 items-center gap-3">
      <Avatar className="size-9">
        <AvatarFallback>{initialsOf(member.name, member.email)}</AvatarFallback>
      </Avatar>
      <div className="grid min-w-0 leading-tight">
        <span className="flex min-w-0 items-center gap-2 font-medium">
          <span className="truncate">{memberName(member)}</span>
          {isSelf ? (
            <Badge variant="outline" className="font-normal">
              You
            </Badge>
          ) : null}
        </span>
        {member.name ? <span className="truncate text-sm text-muted-foreground">{member.email}</span> : null}
      </div>
    </div>
  );
}

/** Role (a select for owners, a badge otherwise) and the row's actions. */
function memberControls({
  member,
  isSelf,
  canManage,
}: {
  member: MemberRow;
  isSelf: boolean;
  canManage: boolean;
}) {
  return {
    role: canManage ? <MemberRoleSelect member={member} isSelf={isSelf} /> : <RoleBadge role={member.role} />,
    actions: isSelf ? <LeaveBusinessButton /> : canManage ? <RemoveMemberButton member={member} /> : null,
  };
}

const memberColumns = "md:grid md:grid-cols-[minmax(0,1fr)_8.5rem_8rem_10rem] md:items-center md:gap-4";

/**
 * One list for every screen size (no hidden duplicate): a card per member on phones, table-like
 * columns from `md` up. The column headings are visual only; each row carries its own labels.
 */
function MembersList({ members }: { members: MemberRow[] }) {
  const { timeZone } = useBusiness();
  const me = useCurrentUser();
  const canManage = useCan("members.manage");

  return (
    <div className="min-w-0">
      <div
        aria-hidden="true"
        className={cn("hidden border-b px-2 pb-2 text-xs font-medium text-muted-foreground", memberColumns)}
      >
        <span>Member</span>
        <span>Role</span>
        <span>Joined</span>
        <span />
      </div>
      <ul className="grid gap-3 md:gap-0 md:divide-y">
        {members.map((m) => {
          const isSelf = m.userId === me.id;
          const { role, actions } = memberControls({ member: m, isSelf, canManage });
          return (
            <li
              key={m.id}
              className={cn(
                "flex min-w-0 flex-wrap items-center gap-x-3 gap-y-3 rounded-lg border p-3",
                "md:rounded-none md:border-0 md:px-2 md:py-3",
                memberColumns,
              )}
            >
              <div className="min-w-0 basis-full md:basis-auto">
                <MemberIdentity member={m} isSelf={isSelf} />
              </div>
              <div>{role}</div>
              <div className="text-xs text-muted-foreground md:text-sm">
                <span className="md:sr-only">Joined </span>
                {formatDate(m.joinedAt, timeZone)}
              </div>
              <div className="ml-auto md:ml-0 md:justify-self-end">{actions}</div>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

interface InvitationRow {
  id: string;
  email: string;
  role: Role;
  expiresAt: Date;
}

function InvitationActions({ invitation }: { invitation: InvitationRow }) {
  const business = useBusiness();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.members.invitations.queryKey() });
  const resend = useMutation(
    trpc.members.resendInvitation.mutationOptions({
      onSuccess: async () => {
        toast.success(`Invitation sent again to ${invitation.email}`);
        await invalidate();
      },
      onError: (error) => toast.error(messageOf(error)),
    }),
  );
  const revoke = useMutation(
    trpc.members.revokeInvitation.mutationOptions({
      onSuccess: async () => {
        toast.success(`Invitation to ${invitation.email} revoked`);
        await invalidate();
      },
      onError: (error) => toast.error(messageOf(error)),
    }),
  );
  const input = { businessId: business.id, invitationId: invitation.id };
  return (
    <div className="flex shrink-0 items-center gap-1">
      <Button variant="ghost" size="sm" loading={resend.isPending} onClick={() => resend.mutate(input)}>
        <RotateCwIcon aria-hidden="true" />
        Resend<span className="sr-only"> invitation to {invitation.email}</span>
      </Button>
      <AlertDialog>
        <AlertDialogTrigger asChild>
          <Button
            variant="ghost"
            size="sm"
            loading={revoke.isPending}
            className="text-destructive hover:text-destructive"
          >
            <XIcon aria-hidden="true" />
            Revoke<span className="sr-only"> invitation to {invitation.email}</span>
          </Button>
        </AlertDialogTrigger>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>Revoke the invitation to {invitation.email}?</AlertDialogTitle>
            <AlertDialogDescription>
              The link in their email stops working. You can invite them again.
            </AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel>Keep it</AlertDialogCancel>
            <AlertDialogAction variant="destructive" onClick={() => revoke.mutate(input)}>
              Revoke invitation
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </div>
  );
}

function InvitationsCard() {
  const business = useBusiness();
  const trpc = useTRPC();
  const invitations = useQuery(trpc.members.invitations.queryOptions({ businessId: business.id }));

  return (
    <Card>
      <CardHeader>
        <CardTitle as="h2">Pending invitations</CardTitle>
        <CardDescription>Invitations that nobody has accepted yet. Links work for 7 days.</CardDescription>
      </CardHeader>
      <CardContent>
        {invitations.isPending ? (
          <ListSkeleton rows={1} />
        ) : invitations.isError ? (
          <QueryError
            error={invitations.error}
            title="Invitations could not load"
            onRetry={() => invitations.refetch()}
          />
        ) : invitations.data.length === 0 ? (
          <p className="flex items-center gap-2 text-sm text-muted-foreground">
            <MailIcon className="size-4" aria-hidden="true" />
            No pending invitations.
          </p>
        ) : (
          <ul className="grid divide-y">
            {invitations.data.map((inv) => (
              <li
                key={inv.id}
                className="flex min-w-0 flex-wrap items-center justify-between gap-x-4 gap-y-2 py-3"
              >
                <div className="grid min-w-0 gap-1">
                  <span className="truncate font-medium">{inv.email}</span>
                  <span className="flex flex-wrap items-center gap-2 text-xs text-muted-foreground">
                    <RoleBadge role={inv.role} />
                    Expires {formatDate(inv.expiresAt, business.timeZone)}
                  </span>
                </div>
                <InvitationActions invitation={inv} />
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}

/** Members of the business, their roles, and pending invitations. */
export function MembersSettings() {
  const business = useBusiness();
  const trpc = useTRPC();
  const canInvite = useCan("members.invite");
  const members = useQuery(trpc.members.list.queryOptions({ businessId: business.id }));

  return (
    <div className="grid gap-6">
      <Card>
        <CardHeader>
          <CardTitle as="h2">Members</CardTitle>
          <CardDescription className="col-start-1">
            People who can sign in to {business.name}.
          </CardDescription>
          {canInvite ? (
            <SettingsCardAction>
              <InviteMemberDialog />
            </SettingsCardAction>
          ) : null}
        </CardHeader>
        <CardContent>
          {members.isPending ? (
            <div aria-busy="true">
              <span className="sr-only" role="status">
                Loading members
              </span>
              <ListSkeleton rows={3} />
            </div>
          ) : members.isError ? (
            <QueryError
              error={members.error}
              title="Members could not load"
              onRetry={() => members.refetch()}
            />
          ) : (
            <MembersList members={members.data.data} />
          )}
        </CardContent>
      </Card>
      {canInvite ? <InvitationsCard /> : null}
    </div>
  );
}
