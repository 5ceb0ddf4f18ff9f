import { Skeleton } from "@/components/ui/skeleton";

/** The list while its first page loads (also the route's loading.tsx). */
export function CustomersTableSkeleton() {
  return (
    <div aria-busy="true" className="grid gap-2 rounded-lg border p-3">
      <span className="sr-only" role="status">
        Loading customers
      </span>
      {Array.from({ length: 8 }, (_, i) => (
        <div key={i} className="flex items-center gap-3 py-1.5">
          <Skeleton className="size-4 shrink-0" />
          <Skeleton className="h-4 w-40 max-w-[40%]" />
          <Skeleton className="hidden h-4 w-48 md:block" />
          <Skeleton className="hidden h-4 w-28 md:block" />
          <Skeleton className="ml-auto h-5 w-16" />
        </div>
      ))}
    </div>
  );
}
