import { Skeleton } from "@/components/ui/skeleton";
import { cn } from "@/components/ui/utils";

/** Rows of a list while it loads (avatar/title/subtitle/action). */
export function ListSkeleton({ rows = 3, className }: { rows?: number; className?: string }) {
  return (
    <div aria-hidden="true" className={cn("grid gap-4", className)}>
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="flex items-center gap-3">
          <Skeleton className="size-9 shrink-0 rounded-full" />
          <div className="grid flex-1 gap-2">
            <Skeleton className="h-4 w-40 max-w-full" />
            <Skeleton className="h-3 w-56 max-w-full" />
          </div>
          <Skeleton className="hidden h-8 w-24 sm:block" />
        </div>
      ))}
    </div>
  );
}

/** A settings card while it loads: title, description and `rows` list rows or form fields. */
export function SettingsCardSkeleton({
  rows = 3,
  variant = "list",
  label = "Loading",
}: {
  rows?: number;
  variant?: "list" | "form";
  label?: string;
}) {
  return (
    <div aria-busy="true" className="grid gap-6 rounded-xl border p-4 sm:p-6">
      {label ? (
        <span className="sr-only" role="status">
          {label}
        </span>
      ) : null}
      <div className="grid gap-2">
        <Skeleton className="h-5 w-32" />
        <Skeleton className="h-4 w-64 max-w-full" />
      </div>
      {variant === "list" ? (
        <ListSkeleton rows={rows} />
      ) : (
        <div className="grid gap-5">
          {Array.from({ length: rows }, (_, i) => (
            <div key={i} className="grid gap-2">
              <Skeleton className="h-4 w-24" />
              <Skeleton className="h-9 w-full" />
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
