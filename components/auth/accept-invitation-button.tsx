"use client";

import { useMutation } from "@tanstack/react-query";
import { AlertCircleIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { messageOf } from "@/components/auth/trpc-errors";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Alert, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toast";

/** "Accept invitation" → `auth.acceptInvitation`, then to the business with a toast. */
export function AcceptInvitationButton({ token, businessName }: { token: string; businessName: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [redirecting, setRedirecting] = useState(false);
  const accept = useMutation(
    trpc.auth.acceptInvitation.mutationOptions({
      onSuccess: ({ businessSlug }) => {
        setRedirecting(true);
        toast.success(`Welcome to ${businessName}`, { description: "You are now a member." });
        router.push(`/b/${encodeURIComponent(businessSlug)}`);
      },
    }),
  );
  return (
    <div className="grid gap-3">
      {accept.isError ? (
        <Alert variant="destructive">
          <AlertCircleIcon aria-hidden="true" />
          <AlertTitle>{messageOf(accept.error)}</AlertTitle>
        </Alert>
      ) : null}
      <Button
        type="button"
        className="w-full"
        loading={accept.isPending || redirecting}
        onClick={() => accept.mutate({ token })}
      >
        Accept invitation
      </Button>
    </div>
  );
}
