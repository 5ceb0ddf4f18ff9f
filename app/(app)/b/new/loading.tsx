import { Skeleton } from "@/components/ui/skeleton";

export default function NewBusinessLoading() {
  return (
    <div aria-busy="true" className="mx-auto grid w-full max-w-3xl gap-6 px-4 pt-20">
      <span className="sr-only">Loading</span>
      <div className="grid gap-2">
        <Skeleton className="h-8 w-60 max-w-full" />
        <Skeleton className="h-4 w-80 max-w-full" />
      </div>
      <div className="grid gap-5 rounded-xl border p-4 sm:p-6">
        {Array.from({ length: 6 }, (_, i) => (
          <div key={i} className="grid gap-2">
            <Skeleton className="h-4 w-24" />
            <Skeleton className="h-9 w-full" />
          </div>
        ))}
      </div>
    </div>
  );
}
