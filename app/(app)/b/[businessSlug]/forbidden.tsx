import { LockIcon } from "lucide-react";
import { BackToDashboard } from "@/components/layout/back-to-dashboard";
import { EmptyState } from "@/components/ui/empty-state";

/** A page of this business that the user's role may not open (403). Keeps the shell. */
export default function BusinessPageForbidden() {
  return (
    <EmptyState
      titleAs="h2"
      icon={<LockIcon />}
      title="Not available to your role"
      description="Your role in this business does not include this page. Ask an owner or admin if you need it."
      action={<BackToDashboard />}
    />
  );
}
