import { TRPCError } from "@trpc/server";
import { CircleAlertIcon, UsersIcon } from "lucide-react";
import type { Metadata } from "next";
import { signOutAction } from "@/app/(auth)/actions";
import { AcceptInvitationButton } from "@/components/auth/accept-invitation-button";
import { AuthShell } from "@/components/auth/auth-shell";
import { AuthTitle } from "@/components/auth/auth-title";
import { withQuery } from "@/components/auth/redirect-target";
import { SubmitButton } from "@/components/auth/submit-button";
import { TRPCReactProvider } from "@/components/providers/trpc-provider";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader } from "@/components/ui/card";
import { Link } from "@/components/ui/link";
import { currentUser, serverApi } from "@/server/api/server";
import { isAppError } from "@/server/errors";

export const metadata: Metadata = { title: "Invitation", referrer: "no-referrer" };

const roleSummary: Record<string, string> = {
  owner: "Owners can do everything, including managing other owners.",
  admin: "Admins manage the business settings, members and API keys.",
  member: "Members work with the business's customers and data.",
};

type Invitation = {
  businessName: string;
  inviterName: string | null;
  email: string;
  role: string;
  hasAccount: boolean;
};

async function describe(
  token: string,
): Promise<{ invitation: Invitation } | { title: string; message: string }> {
  try {
    const api = await serverApi();
    return { invitation: await api.auth.describeInvitation({ token }) };
  } catch (e) {
    if (!(e instanceof TRPCError)) throw e;
    const cause = e.cause;
    if (isAppError(cause) && cause.code === "TOKEN_EXPIRED") {
      return { title: "This invitation has expired", message: cause.message };
    }
    if (isAppError(cause)) return { title: "This invitation link does not work", message: cause.message };
    return {
      title: "This invitation link does not work",
      message: "The link is incomplete or not valid. Ask the person who invited you for a new one.",
    };
  }
}

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [result, user] = await Promise.all([describe(token), currentUser()]);
  const invitePath = `/invite/${encodeURIComponent(token)}`;

  if (!("invitation" in result)) {
    return (
      <AuthShell>
        <Card>
          <CardHeader className="justify-items-center text-center">
            <div
              aria-hidden="true"
              className="mb-2 grid size-12 place-items-center rounded-full bg-destructive/10 text-destructive"
            >
              <CircleAlertIcon className="size-6" />
            </div>
            <AuthTitle>{result.title}</AuthTitle>
            <CardDescription className="text-balance">{result.message}</CardDescription>
          </CardHeader>
          <CardFooter className="flex-col gap-2 sm:flex-row sm:justify-center">
            <Button asChild variant="outline" className="w-full sm:w-auto">
              <Link href={user ? "/b" : "/sign-in"}>{user ? "Go to your businesses" : "Sign in"}</Link>
            </Button>
            <Button asChild variant="ghost" className="w-full sm:w-auto">
              <Link href="/">Mini CRM home</Link>
            </Button>
          </CardFooter>
        </Card>
      </AuthShell>
    );
  }

  const { invitation } = result;
  const sameEmail = user ? user.email.toLowerCase() === invitation.email.toLowerCase() : false;

  return (
    <AuthShell>
      <Card>
        <CardHeader className="justify-items-center text-center">
          <div
            aria-hidden="true"
            className="mb-2 grid size-12 place-items-center rounded-full bg-primary/10 text-primary"
          >
            <UsersIcon className="size-6" />
          </div>
          <AuthTitle className="text-balance">Join {invitation.businessName}</AuthTitle>
          <CardDescription className="text-balance">
            {invitation.inviterName ? `${invitation.inviterName} invited you` : "You have been invited"} to
            join <strong className="text-foreground">{invitation.businessName}</strong> on Mini CRM as{" "}
            <Badge variant="secondary">{invitation.role}</Badge>
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          <dl className="grid gap-2 rounded-lg border bg-muted/40 p-3 text-sm">
            <div className="flex flex-wrap justify-between gap-x-4 gap-y-1">
              <dt className="text-muted-foreground">Invited email</dt>
              <dd className="min-w-0 font-medium break-words">{invitation.email}</dd>
            </div>
            <div className="flex flex-wrap justify-between gap-x-4 gap-y-1">
              <dt className="text-muted-foreground">Role</dt>
              <dd className="font-medium capitalize">{invitation.role}</dd>
            </div>
            {roleSummary[invitation.role] ? (
              <p className="text-muted-foreground">{roleSummary[invitation.role]}</p>
            ) : null}
          </dl>

          {user && sameEmail ? (
            <TRPCReactProvider>
              <AcceptInvitationButton token={token} businessName={invitation.businessName} />
            </TRPCReactProvider>
          ) : user ? (
            <div className="grid gap-3">
              <p role="status" className="text-sm">
                You are signed in as <strong className="break-words">{user.email}</strong>, but this
                invitation is for <strong className="break-words">{invitation.email}</strong>. Sign out, then
                sign in with the invited email to accept it.
              </p>
              <form action={signOutAction}>
                <input type="hidden" name="next" value={invitePath} />
                <input type="hidden" name="email" value={invitation.email} />
                <SubmitButton variant="outline" className="w-full">
                  Sign out and switch account
                </SubmitButton>
              </form>
            </div>
          ) : invitation.hasAccount ? (
            <div className="grid gap-2">
              <Button asChild className="w-full">
                <Link href={withQuery("/sign-in", { next: invitePath, email: invitation.email })}>
                  Sign in to accept
                </Link>
              </Button>
              <p className="text-center text-xs text-muted-foreground">
                Sign in as {invitation.email} and you will come back here.
              </p>
            </div>
          ) : (
            <div className="grid gap-2">
              <Button asChild className="w-full">
                <Link href={withQuery("/sign-up", { next: invitePath, email: invitation.email })}>
                  Create an account
                </Link>
              </Button>
              <p className="text-center text-xs text-muted-foreground">
                Takes a minute. After you verify your email you will come back here to accept.
              </p>
            </div>
          )}
        </CardContent>
      </Card>
    </AuthShell>
  );
}
