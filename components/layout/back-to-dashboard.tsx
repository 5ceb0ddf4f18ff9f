"use client";

import { Button } from "@/components/ui/button";
import { Link } from "@/components/ui/link";
import { useBusinessHref } from "./business-context";

/** A link to the current business's dashboard (not-found pages do not receive params). */
export function BackToDashboard() {
  const href = useBusinessHref();
  return (
    <Button asChild>
      <Link href={href()}>Go to the dashboard</Link>
    </Button>
  );
}
