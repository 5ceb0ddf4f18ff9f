"use client";

import { RefreshCwIcon, TriangleAlertIcon } from "lucide-react";
import { useEffect } from "react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

/** Unexpected failure of a business page (the shell stays): say so and offer to try again. */
export default function BusinessPageError({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  const digest = error instanceof Error ? (error as Error & { digest?: string }).digest : undefined;

  return (
    <EmptyState
      role="alert"
      icon={<TriangleAlertIcon />}
      title="This page could not load"
      description={
        <>
          Something went wrong on our side or the connection dropped. Try again in a moment.
          {digest ? <span className="mt-2 block font-mono text-xs">Reference: {digest}</span> : null}
        </>
      }
      action={
        <Button onClick={() => retry()}>
          <RefreshCwIcon aria-hidden="true" />
          Try again
        </Button>
      }
    />
  );
}
