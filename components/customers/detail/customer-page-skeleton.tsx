import { Skeleton } from "@/components/ui/skeleton";

// Skeletons live apart from the client components they stand for: a route's loading.tsx that imported
// them from there would make the page load that component's code twice, in two chunks.

/** The customer page's header while it loads. */
export function CustomerHeaderSkeleton() {
  return (
    <div aria-hidden="true" className="grid gap-3">
      <Skeleton className="h-4 w-24" />
      <div className="flex items-center gap-3">
        <Skeleton className="size-12 rounded-full" />
        <div className="grid flex-1 gap-2">
          <Skeleton className="h-7 w-56 max-w-full" />
          <Skeleton className="h-4 w-40" />
        </div>
      </div>
      <div className="flex flex-wrap gap-2">
        <Skeleton className="h-8 w-20" />
        <Skeleton className="h-8 w-28" />
        <Skeleton className="h-8 w-20" />
      </div>
    </div>
  );
}

/** The customer page while it loads: header, then the two columns. */
export function CustomerPageSkeleton() {
  return (
    <div aria-busy="true" className="grid min-w-0 gap-6">
      <span className="sr-only" role="status">
        Loading customer
      </span>
      <CustomerHeaderSkeleton />
      <div className="grid min-w-0 gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,24rem)]">
        <div className="grid gap-6">
          <Skeleton className="h-56 rounded-xl" />
          <Skeleton className="h-72 rounded-xl" />
        </div>
        <div className="grid content-start gap-6">
          <Skeleton className="h-64 rounded-xl" />
          <Skeleton className="h-48 rounded-xl" />
        </div>
      </div>
    </div>
  );
}
