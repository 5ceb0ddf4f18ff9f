import type * as React from "react";

import { fieldClassName } from "@/components/ui/input";
import { cn } from "@/components/ui/utils";

/** Multi-line text field that grows with its content (CSS `field-sizing: content`). */
function Textarea({ className, ...props }: React.ComponentProps<"textarea">) {
  return (
    <textarea
      data-slot="textarea"
      className={cn(fieldClassName, "flex field-sizing-content min-h-16 px-3 py-2", className)}
      {...props}
    />
  );
}

export { Textarea };
