import type * as React from "react";

import { cn } from "@/components/ui/utils";

type ProgressProps = Omit<React.ComponentProps<"div">, "children"> & {
  /** Current value between 0 and `max`. `null`/`undefined` renders an indeterminate bar. */
  value?: number | null;
  max?: number;
  /** Classes for the filled indicator. */
  indicatorClassName?: string;
};

/** Progress bar (`role="progressbar"`). Give it an `aria-label` or `aria-labelledby`. */
function Progress({ className, value, max = 100, indicatorClassName, ...props }: ProgressProps) {
  const safeMax = max > 0 ? max : 100;
  const determinate = typeof value === "number" && Number.isFinite(value);
  const clamped = determinate ? Math.min(Math.max(value, 0), safeMax) : 0;
  const percent = (clamped / safeMax) * 100;

  return (
    <div
      data-slot="progress"
      data-state={determinate ? (clamped >= safeMax ? "complete" : "loading") : "indeterminate"}
      role="progressbar"
      aria-valuemin={0}
      aria-valuemax={safeMax}
      aria-valuenow={determinate ? clamped : undefined}
      className={cn("relative h-2 w-full overflow-hidden rounded-full bg-primary/20", className)}
      {...props}
    >
      <div
        data-slot="progress-indicator"
        className={cn(
          "h-full bg-primary transition-transform duration-300",
          determinate ? "w-full" : "w-1/3 animate-pulse",
          indicatorClassName,
        )}
        style={determinate ? { transform: `translateX(-${100 - percent}%)` } : undefined}
      />
    </div>
  );
}

export { Progress, type ProgressProps };
