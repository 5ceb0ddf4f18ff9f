import type * as React from "react";

import { cn } from "@/components/ui/utils";

/** Shared field styles for Input, Textarea and SelectTrigger. */
const fieldClassName = cn(
  "w-full min-w-0 rounded-md border border-input bg-transparent text-base shadow-xs outline-none md:text-sm dark:bg-input/30",
  "transition-[color,border-color,box-shadow] placeholder:text-muted-foreground",
  "focus-visible:border-ring focus-visible:ring-[3px] focus-visible:ring-ring/40",
  "aria-invalid:border-destructive aria-invalid:ring-destructive/20 dark:aria-invalid:ring-destructive/40",
  "disabled:cursor-not-allowed disabled:opacity-50",
);

function Input({ className, type = "text", ...props }: React.ComponentProps<"input">) {
  return (
    <input
      type={type}
      data-slot="input"
      className={cn(
        fieldClassName,
        "flex h-9 px-3 py-1 selection:bg-primary selection:text-primary-foreground",
        "file:mr-3 file:inline-flex file:h-7 file:border-0 file:bg-transparent file:text-sm file:font-medium file:text-foreground",
        className,
      )}
      {...props}
    />
  );
}

export { fieldClassName, Input };
