import { Skeleton } from "@/components/ui/skeleton";

// Apart from the client component it stands for: see components/customers/detail/customer-page-skeleton.tsx.

/** "My tasks" while it loads. */
export function MyTasksSkeleton() {
  return (
    <div aria-busy="true" className="grid min-w-0 gap-4">
      <span className="sr-only" role="status">
        Loading tasks
      </span>
      <div className="grid gap-2">
        <Skeleton className="h-7 w-40" />
        <Skeleton className="h-4 w-72 max-w-full" />
      </div>
      {[0, 1, 2].map((i) => (
        <div key={i} className="grid gap-3 rounded-xl border p-4 sm:p-6">
          <Skeleton className="h-5 w-28" />
          {[0, 1].map((j) => (
            <div key={j} className="flex items-start gap-3">
              <Skeleton className="size-4 shrink-0" />
              <div className="grid flex-1 gap-2">
                <Skeleton className="h-4 w-56 max-w-full" />
                <Skeleton className="h-3 w-40 max-w-full" />
              </div>
            </div>
          ))}
        </div>
      ))}
    </div>
  );
}
