import { cn } from "@/components/ui/utils";
import type { Role } from "@/server/auth/permissions";

export interface SwitcherBusiness {
  slug: string;
  name: string;
  role: Role;
}

/** The first letter of a business name on a coloured tile. */
export function BusinessMark({ name, className }: { name: string; className?: string }) {
  return (
    <span
      aria-hidden="true"
      className={cn(
        "grid size-7 shrink-0 place-items-center rounded-md bg-primary/12 text-sm font-semibold text-primary uppercase",
        className,
      )}
    >
      {Array.from(name.trim())[0] ?? "?"}
    </span>
  );
}
