import { LockIcon } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { Logo } from "@/components/layout/logo";
import { Button } from "@/components/ui/button";

export const metadata: Metadata = { title: "Not allowed" };

/** A page the signed-in user may not open (403 from `forbidden()`). */
export default function Forbidden() {
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="px-4 py-3 sm:px-6">
        <Logo />
      </header>
      <main id="main" className="flex flex-1 items-center justify-center px-4 pb-16">
        <div className="grid max-w-md justify-items-center gap-4 text-center">
          <div
            aria-hidden="true"
            className="grid size-14 place-items-center rounded-full bg-muted text-muted-foreground"
          >
            <LockIcon className="size-7" />
          </div>
          <p className="font-mono text-sm text-muted-foreground">403</p>
          <h1 className="text-2xl font-semibold tracking-tight">Not allowed</h1>
          <p className="text-muted-foreground text-pretty">
            Your account does not have access to this page. Ask an owner or admin of the business if you need
            it.
          </p>
          <div className="flex w-full flex-col gap-2 sm:w-auto sm:flex-row">
            <Button asChild>
              <Link href="/b">Go to your businesses</Link>
            </Button>
            <Button asChild variant="outline">
              <Link href="/">Mini CRM home</Link>
            </Button>
          </div>
        </div>
      </main>
    </div>
  );
}
