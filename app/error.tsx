"use client";

import { TriangleAlertIcon } from "lucide-react";
import { useEffect, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Link } from "@/components/ui/link";

/** The fallback when a page fails to render. "Try again" re-fetches and re-renders the segment. */
export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  const [pending, startTransition] = useTransition();
  const digest = error instanceof Error ? (error as Error & { digest?: string }).digest : undefined;

  useEffect(() => {
    console.error(error);
  }, [error]);

  return (
    <main id="main" className="flex min-h-[60dvh] items-center justify-center px-4 py-16">
      <div role="alert" className="grid max-w-md justify-items-center gap-4 text-center">
        <div
          aria-hidden="true"
          className="grid size-14 place-items-center rounded-full bg-destructive/10 text-destructive"
        >
          <TriangleAlertIcon className="size-7" />
        </div>
        <h1 className="text-2xl font-semibold tracking-tight">Something went wrong</h1>
        <p className="text-muted-foreground text-pretty">
          This page could not load. It may be a hiccup on our side or a lost connection. Try again in a
          moment.
        </p>
        {digest ? (
          <p className="text-xs text-muted-foreground">
            Error reference: <code className="font-mono">{digest}</code>
          </p>
        ) : null}
        <div className="flex w-full flex-col gap-2 sm:w-auto sm:flex-row">
          <Button loading={pending} onClick={() => startTransition(() => retry())}>
            Try again
          </Button>
          <Button asChild variant="outline">
            <Link href="/">Mini CRM home</Link>
          </Button>
        </div>
      </div>
    </main>
  );
}
