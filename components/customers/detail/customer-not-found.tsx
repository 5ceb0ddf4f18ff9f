"use client";

import { SearchXIcon } from "lucide-react";
import { useBusinessHref } from "@/components/layout/business-context";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Link } from "@/components/ui/link";

// Apart from the customer page: the route's not-found.tsx imports it, and importing it from
// customer-page.tsx made every customer page load the page's code a second time, in another chunk.

/** "Customer not found", keeping the app shell. */
export function CustomerNotFound() {
  const href = useBusinessHref();
  return (
    <EmptyState
      icon={<SearchXIcon />}
      title="Customer not found"
      description="This customer does not exist in this business, or was merged into another one."
      action={
        <Button asChild variant="outline">
          <Link href={href("/customers")}>Back to customers</Link>
        </Button>
      }
    />
  );
}
