import { ListSkeleton } from "@/components/settings/settings-skeleton";
import { Skeleton } from "@/components/ui/skeleton";

export default function FormsLoading() {
  return (
    <div aria-busy="true" className="grid gap-6">
      <span className="sr-only" role="status">
        Loading forms
      </span>
      <div className="grid gap-2">
        <Skeleton className="h-7 w-40" />
        <Skeleton className="h-4 w-72 max-w-full" />
      </div>
      <div className="rounded-lg border p-4">
        <ListSkeleton rows={3} />
      </div>
    </div>
  );
}
