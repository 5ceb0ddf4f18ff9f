import { ChevronDownIcon } from "lucide-react";
import type * as React from "react";
import { fieldClassName } from "@/components/ui/input";
import { cn } from "@/components/ui/utils";

type NativeSelectProps = React.ComponentProps<"select"> & {
  /** Classes for the wrapper (width, margins); `className` styles the `<select>` itself. */
  wrapperClassName?: string;
};

/**
 * A styled native `<select>`: the phone's own picker on touch devices, type-to-find and arrow keys on
 * desktop, labelled by a `<label htmlFor>` like any input. Use it for long lists (countries, zones).
 */
function NativeSelect({ className, wrapperClassName, children, ...props }: NativeSelectProps) {
  return (
    <div data-slot="native-select-wrapper" className={cn("relative w-full min-w-0", wrapperClassName)}>
      <select
        data-slot="native-select"
        className={cn(
          fieldClassName,
          "h-9 cursor-pointer appearance-none truncate py-1 pr-9 pl-3",
          "[&>option]:bg-popover [&>option]:text-popover-foreground [&_optgroup]:bg-popover [&_optgroup]:text-popover-foreground",
          className,
        )}
        {...props}
      >
        {children}
      </select>
      <ChevronDownIcon
        aria-hidden="true"
        className="pointer-events-none absolute top-1/2 right-3 size-4 -translate-y-1/2 text-muted-foreground opacity-70"
      />
    </div>
  );
}

export { NativeSelect, type NativeSelectProps };
