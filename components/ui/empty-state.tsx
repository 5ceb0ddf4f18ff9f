import type * as React from "react";

import { cn } from "@/components/ui/utils";

type EmptyStateProps = Omit<React.ComponentProps<"div">, "title"> & {
  /** An icon element, e.g. `<Users />` from lucide-react. Rendered decoratively. */
  icon?: React.ReactNode;
  title: React.ReactNode;
  description?: React.ReactNode;
  /** Call to action, e.g. `<Button>Add contact</Button>`. */
  action?: React.ReactNode;
  /** Heading element for the title; pick one that fits the page outline. */
  titleAs?: "h2" | "h3" | "h4" | "p";
};

/** Placeholder for empty lists and search results: icon, title, description and an action. */
function EmptyState({
  icon,
  title,
  description,
  action,
  titleAs: Title = "h2",
  className,
  children,
  ...props
}: EmptyStateProps) {
  return (
    <div
      data-slot="empty-state"
      className={cn(
        "flex min-w-0 flex-col items-center justify-center gap-4 rounded-xl border border-dashed px-4 py-10 text-center sm:px-6 sm:py-12",
        className,
      )}
      {...props}
    >
      {icon ? (
        <div
          data-slot="empty-state-icon"
          aria-hidden="true"
          className="flex size-12 items-center justify-center rounded-full bg-muted text-muted-foreground [&_svg:not([class*='size-'])]:size-6"
        >
          {icon}
        </div>
      ) : null}
      <div className="flex max-w-md flex-col gap-1.5">
        <Title data-slot="empty-state-title" className="text-base font-semibold text-foreground">
          {title}
        </Title>
        {description ? (
          <div data-slot="empty-state-description" className="text-sm text-muted-foreground">
            {description}
          </div>
        ) : null}
      </div>
      {action ? (
        <div data-slot="empty-state-action" className="flex flex-wrap items-center justify-center gap-2">
          {action}
        </div>
      ) : null}
      {children}
    </div>
  );
}

export { EmptyState, type EmptyStateProps };
