import type { ReactNode } from "react";

/*
 * The frame of the pages a customer reaches from an email (no sign-in, no app navigation): the
 * unsubscribe page and its preview.
 */

/** A centred column on a muted background, the page's one landmark. */
export function Shell({ children }: { children: ReactNode }) {
  return (
    <div className="flex min-h-dvh flex-col bg-muted/40 dark:bg-background">
      <main id="main" className="flex flex-1 justify-center px-4 pt-10 pb-12 sm:items-center sm:pt-8">
        <div className="w-full max-w-md min-w-0">{children}</div>
      </main>
    </div>
  );
}

/** The page's heading with a round icon above it. */
export function Heading({
  icon,
  tone,
  children,
}: {
  icon: ReactNode;
  tone: "primary" | "success";
  children: ReactNode;
}) {
  return (
    <>
      <div
        aria-hidden="true"
        className={
          tone === "success"
            ? "mb-2 grid size-12 place-items-center rounded-full bg-success/10 text-success"
            : "mb-2 grid size-12 place-items-center rounded-full bg-primary/10 text-primary"
        }
      >
        {icon}
      </div>
      <h1 className="text-xl leading-tight font-semibold tracking-tight text-balance">{children}</h1>
    </>
  );
}
