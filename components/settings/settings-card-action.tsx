import type * as React from "react";
import { CardAction } from "@/components/ui/card";
import { cn } from "@/components/ui/utils";

/**
 * A CardHeader action that sits top-right from `sm` up and moves below the description on phones,
 * so the title and description keep the full width of a 360px screen. Give the CardDescription
 * `col-start-1` so it stays under the title.
 */
export function SettingsCardAction({ className, ...props }: React.ComponentProps<typeof CardAction>) {
  return (
    <CardAction
      className={cn(
        "max-sm:col-start-1 max-sm:row-span-1 max-sm:row-start-3 max-sm:mt-2 max-sm:justify-self-start",
        className,
      )}
      {...props}
    />
  );
}
