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
        className="row-checkbox"
        onChange={(e) => onCheckedChange(e.currentTarget.checked)}
        {...props}
      />
    </label>
  );
}
