import { cva, type VariantProps } from "class-variance-authority";
import { Slot } from "radix-ui";
import type * as React from "react";

import { Spinner } from "@/components/ui/spinner";
import { cn } from "@/components/ui/utils";

// The base look is one class (`.btn` in app/globals.css, in the components layer, so utilities passed as
// `className` or set by a variant override it): every button would otherwise carry ~700 bytes of class
// names in the HTML and as many rules to match.
const buttonVariants = cva("btn", {
  variants: {
    variant: {
      default: "bg-primary text-primary-foreground shadow-xs hover:bg-primary/90",
      destructive:
        "bg-destructive text-destructive-foreground shadow-xs hover:bg-destructive/90 focus-visible:ring-destructive dark:bg-destructive/70 dark:hover:bg-destructive/60",
      outline:
        "border border-input bg-background shadow-xs hover:bg-accent hover:text-accent-foreground dark:bg-input/30 dark:hover:bg-input/50",
      secondary: "bg-secondary text-secondary-foreground shadow-xs hover:bg-secondary/80",
      ghost: "hover:bg-accent hover:text-accent-foreground dark:hover:bg-accent/60",
      link: "text-primary underline-offset-4 hover:underline",
    },
    size: {
      default: "h-9 px-4 py-2 has-[>svg]:px-3",
      sm: "h-8 gap-1.5 px-3 has-[>svg]:px-2.5",
      lg: "h-10 px-6 has-[>svg]:px-4",
      icon: "size-9",
      "icon-sm": "size-8",
    },
  },
  defaultVariants: {
    variant: "default",
    size: "default",
  },
});

type ButtonProps = React.ComponentProps<"button"> &
  VariantProps<typeof buttonVariants> & {
    /** Render the single child element (e.g. a Next `<Link>`) with button styles instead of a `<button>`. */
    asChild?: boolean;
    /** Show a spinner, mark the button busy and disable it. */
    loading?: boolean;
  };

/**
 * Button. Variants: default | destructive | outline | secondary | ghost | link;
 * sizes: default | sm | lg | icon | icon-sm. Icon-only buttons need an `aria-label`.
 */
function Button({
  className,
  variant,
  size,
  asChild = false,
  loading = false,
  disabled,
  children,
  ...props
}: ButtonProps) {
  const Comp = asChild ? Slot.Root : "button";
  const isDisabled = Boolean(disabled) || loading;

  return (
    <Comp
      data-slot="button"
      data-variant={variant ?? "default"}
      data-loading={loading || undefined}
      className={cn(buttonVariants({ variant, size, className }))}
      // Anchors ignore `disabled`, so links rendered via asChild get aria-disabled instead.
      disabled={asChild ? undefined : isDisabled}
      aria-disabled={asChild && isDisabled ? true : undefined}
      aria-busy={loading || undefined}
      {...props}
    >
      {loading ? <Spinner aria-hidden="true" /> : null}
      <Slot.Slottable>{children}</Slot.Slottable>
    </Comp>
  );
}

export { Button, type ButtonProps, buttonVariants };
