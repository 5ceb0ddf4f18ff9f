import { LoaderCircle } from "lucide-react";
import type * as React from "react";

import { cn } from "@/components/ui/utils";

type SpinnerProps = React.ComponentProps<typeof LoaderCircle> & {
  /** Accessible name announced to screen readers. Ignored when `aria-hidden` is set. */
  label?: string;
};

/** Spinning loader icon. Announces itself as a status unless `aria-hidden`. */
function Spinner({ className, label = "Loading", ...props }: SpinnerProps) {
  const hidden = props["aria-hidden"] === true || props["aria-hidden"] === "true";
  return (
    <LoaderCircle
      data-slot="spinner"
      role={hidden ? undefined : "status"}
      aria-label={hidden ? undefined : label}
      className={cn("size-4 shrink-0 animate-spin", className)}
      {...props}
    />
  );
}

export { Spinner, type SpinnerProps };
