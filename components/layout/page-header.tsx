import type { ReactNode } from "react";
import { cn } from "@/components/ui/utils";

/**
 * A page's title (the page's `h1`), an optional description and an actions slot. Actions sit beside
 * the title on wide screens and wrap below it on phones, onto as many lines as they need (never wider
 * than the page), so buttons keep their text labels.
 */
export function PageHeader({
  title,
  description,
  actions,
  className,
  as: Heading = "h1",
}: {
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  className?: string;
  /** Use "h2" for a section inside a page that already has its `h1`. */
  as?: "h1" | "h2";
}) {
  return (
    <div className={cn("mb-6 flex min-w-0 flex-wrap items-start justify-between gap-x-4 gap-y-3", className)}>
      <div className="grid min-w-0 flex-1 basis-64 gap-1">
        <Heading className={cn("font-semibold tracking-tight", Heading === "h1" ? "text-2xl" : "text-lg")}>
          {title}
        </Heading>
        {description ? <p className="text-sm text-muted-foreground">{description}</p> : null}
      </div>
      {actions ? <div className="flex max-w-full min-w-0 flex-wrap items-center gap-2">{actions}</div> : null}
    </div>
  );
}
