import { ListSkeleton } from "@/components/settings/settings-skeleton";
import { Skeleton } from "@/components/ui/skeleton";

export default function DuplicatesLoading() {
  return (
    <div className="grid gap-4" aria-busy="true">
      <span className="sr-only" role="status">
        Loading duplicates
      </span>
      <Skeleton className="h-7 w-56" />
      <Skeleton className="h-4 w-full max-w-lg" />
      <div className="rounded-xl border p-4">
        <ListSkeleton rows={4} />
      </div>
    </div>
  );
}
