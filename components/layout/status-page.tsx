import type { ReactNode } from "react";
import { Logo } from "@/components/layout/logo";
import { Button } from "@/components/ui/button";
import { Link } from "@/components/ui/link";

/**
 * A whole-page answer outside the app shell (404, 403): the logo, an icon, the status code, a title, a
 * sentence, and links to the user's businesses and the home page.
 */
export function StatusPage({
  icon,
  code,
  title,
  children,
}: {
  icon: ReactNode;
  code: number;
  title: string;
  children: ReactNode;
}) {
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="px-4 py-3 sm:px-6">
        <Logo />
      </header>
      <main id="main" className="flex flex-1 items-center justify-center px-4 pb-16">
        <div className="grid max-w-md justify-items-center gap-4 text-center">
          <div
            aria-hidden="true"
            className="grid size-14 place-items-center rounded-full bg-muted text-muted-foreground [&_svg]:size-7"
          >
            {icon}
          </div>
          <p className="font-mono text-sm text-muted-foreground">{code}</p>
          <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
          <p className="text-muted-foreground text-pretty">{children}</p>
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
