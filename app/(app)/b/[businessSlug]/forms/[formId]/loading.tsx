import { ListSkeleton } from "@/components/settings/settings-skeleton";
import { Skeleton } from "@/components/ui/skeleton";

export default function FormLoading() {
  return (
    <div aria-busy="true" className="grid gap-4">
      <span className="sr-only" role="status">
        Loading the form
      </span>
      <Skeleton className="h-9 w-64 max-w-full" />
      <div className="rounded-lg border p-4">
        <ListSkeleton rows={3} />
      </div>
    </div>
  );
}
