import type { ComponentProps, Ref } from "react";
import { cn } from "@/components/ui/utils";

/**
 * The browser's own checkbox in the theme's colour, for one per row of a long list: nothing to hydrate
 * per row (a page of 50 customers hydrates noticeably faster on a phone than with `Checkbox`). A label
 * around it widens the touch target to 32 px without moving the layout. Name it with `aria-label`;
 * `onCheckedChange` gets the new state. `indeterminate` shows the mixed state of a "select all" (the DOM
 * property; assistive technology announces it as mixed); `checked` should then be false.
 */
export function RowCheckbox({
  className,
  onCheckedChange,
  indeterminate = false,
  ref,
  ...props
}: Omit<ComponentProps<"input">, "type" | "onChange" | "ref"> & {
  onCheckedChange: (checked: boolean) => void;
  indeterminate?: boolean;
  ref?: Ref<HTMLInputElement>;
}) {
  return (
    <label className={cn("-m-2 inline-flex cursor-pointer p-2", className)}>
      <input
        type="checkbox"
        className="row-checkbox"
        onChange={(e) => onCheckedChange(e.currentTarget.checked)}
        ref={(el) => {
          if (el) el.indeterminate = indeterminate;
          if (typeof ref === "function") return ref(el);
          if (ref) ref.current = el;
        }}
        {...props}
      />
    </label>
  );
}
