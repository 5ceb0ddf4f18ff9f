import { cva, type VariantProps } from "class-variance-authority";
import { Slot } from "radix-ui";
import type * as React from "react";

import { cn } from "@/components/ui/utils";

// The base look is one class (`.badge` in app/globals.css, components layer: variants and `className`
// override it), not ~25 utilities repeated on every badge of a list.
const badgeVariants = cva("badge", {
  variants: {
    variant: {
      default: "border-transparent bg-primary text-primary-foreground [a&]:hover:bg-primary/90",
      secondary: "border-transparent bg-secondary text-secondary-foreground [a&]:hover:bg-secondary/80",
      destructive:
        "border-transparent bg-destructive text-destructive-foreground dark:bg-destructive/70 [a&]:hover:bg-destructive/90",
      success: "border-transparent bg-success text-success-foreground [a&]:hover:bg-success/90",
      warning: "border-transparent bg-warning text-warning-foreground [a&]:hover:bg-warning/90",
      outline: "text-foreground [a&]:hover:bg-accent [a&]:hover:text-accent-foreground",
    },
  },
  defaultVariants: {
    variant: "default",
  },
});

type BadgeProps = React.ComponentProps<"span"> &
  VariantProps<typeof badgeVariants> & {
    /** Render the single child element (e.g. a link) with badge styles. */
    asChild?: boolean;
  };

/** Small status label. Variants: default | secondary | destructive | success | warning | outline. */
function Badge({ className, variant, asChild = false, ...props }: BadgeProps) {
  const Comp = asChild ? Slot.Root : "span";
  return (
    <Comp
      data-slot="badge"
      data-variant={variant ?? "default"}
      className={cn(badgeVariants({ variant }), className)}
      {...props}
    />
  );
}

export { Badge, type BadgeProps, badgeVariants };
