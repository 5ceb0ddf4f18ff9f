import { Badge } from "@/components/ui/badge";
import type { LeadFormStatus } from "@/server/domain/lead-forms";

/** What each status means to the business. */
export const statusLabels: Record<LeadFormStatus, string> = {
  draft: "Draft",
  published: "Live",
  closed: "Closed",
};

/** A form's status as a badge; "Unpublished changes" beside it when the draft differs from the live one. */
export function FormStatusBadge({ status, changed }: { status: LeadFormStatus; changed?: boolean }) {
  return (
    <span className="inline-flex flex-wrap items-center gap-1.5">
      <Badge variant={status === "published" ? "success" : status === "closed" ? "secondary" : "outline"}>
        {statusLabels[status]}
      </Badge>
      {changed ? <Badge variant="warning">Unpublished changes</Badge> : null}
    </span>
  );
}

/** "12.5%" for a rate of 0.125; "—" for none. */
export function formatRate(rate: number | null): string {
  if (rate === null) return "—";
  const percent = rate * 100;
  return `${percent >= 10 || percent === 0 ? percent.toFixed(0) : percent.toFixed(1)}%`;
}
