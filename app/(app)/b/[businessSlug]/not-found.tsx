import { SearchXIcon } from "lucide-react";
import { BackToDashboard } from "@/components/layout/back-to-dashboard";
import { EmptyState } from "@/components/ui/empty-state";

/** A page inside a business that does not exist, or that the user's role may not open. Keeps the shell. */
export default function BusinessPageNotFound() {
  return (
    <EmptyState
      titleAs="h2"
      icon={<SearchXIcon />}
      title="Page not found"
      description="This page does not exist, or your role in this business does not include it."
      action={<BackToDashboard />}
    />
  );
}
