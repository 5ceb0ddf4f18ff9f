import type { ComponentProps } from "react";
import { cn } from "@/components/ui/utils";

/** The page heading inside an auth card (an `h1`, styled like a CardTitle). */
export function AuthTitle({ className, ...props }: ComponentProps<"h1">) {
  return (
    <h1
      data-slot="card-title"
      className={cn("text-xl leading-tight font-semibold tracking-tight", className)}
      {...props}
    />
  );
}
