import type { ComponentProps } from "react";
import { cn } from "@/components/ui/utils";

/**
 * The browser's own checkbox in the theme's colour, for one per row of a long list: nothing to hydrate
 * per row (a page of 50 customers hydrates noticeably faster on a phone than with `Checkbox`). A label
 * around it widens the touch target to 32 px without moving the layout. Name it with `aria-label`;
 * `onCheckedChange` gets the new state.
 */
export function RowCheckbox({
  className,
  onCheckedChange,
  ...props
}: Omit<ComponentProps<"input">, "type" | "onChange"> & { onCheckedChange: (checked: boolean) => void }) {
  return (
    <label className={cn("-m-2 inline-flex cursor-pointer p-2", className)}>
      <input
        type="checkbox"
        className="size-4 shrink-0 cursor-pointer rounded-[4px] accent-primary outline-none focus-visible:ring-2 focus-visible:ring-ring focus-visible:ring-offset-2 focus-visible:ring-offset-background disabled:cursor-not-allowed disabled:opacity-50"
        onChange={(e) => onCheckedChange(e.currentTarget.checked)}
        {...props}
      />
    </label>
  );
}
