import { CustomersTableSkeleton } from "@/components/customers/list/list-skeleton";
import { Skeleton } from "@/components/ui/skeleton";

export default function CustomersLoading() {
  return (
    <div className="grid gap-4">
      <div className="grid gap-2">
        <Skeleton className="h-7 w-40" />
        <Skeleton className="h-4 w-28" />
      </div>
      <Skeleton className="h-9 w-full" />
      <CustomersTableSkeleton />
    </div>
  );
}
