import { SearchXIcon } from "lucide-react";
import { Logo } from "@/components/layout/logo";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Link } from "@/components/ui/link";

/** A business that does not exist, or that the signed-in user is not a member of (they look the same). */
export default function BusinessNotFound() {
  return (
    <main className="mx-auto flex min-h-dvh w-full max-w-lg flex-col justify-center gap-8 px-4 py-10">
      <h1 className="sr-only">Not found</h1>
      <div className="flex justify-center">
        <Logo href="/b" />
      </div>
      <EmptyState
        titleAs="h2"
        icon={<SearchXIcon />}
        title="Business not found"
        description="This business does not exist, or you are not a member of it. Ask an owner to invite you."
        action={
          <>
            <Button asChild>
              <Link href="/b">Go to your businesses</Link>
            </Button>
            <Button asChild variant="outline">
              <Link href="/b/new">Create business</Link>
            </Button>
          </>
        }
      />
    </main>
  );
}
