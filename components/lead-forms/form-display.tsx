import { Badge } from "@/components/ui/badge";
import type { LeadFormStatus } from "@/server/domain/lead-forms";

/** What each status means to the business. */
export const statusLabels: Record<LeadFormStatus, string> = {
  draft: "Draft",
  published: "Live",
  closed: "Closed",
};

/** A form's status as a badge; "Unpublished changes" beside it when the draft differs from the live one. */
export function FormStatusBadge({
  status,
  changed,
  liveState,
}: {
  status: LeadFormStatus;
  changed?: boolean;
  /** A published form that stopped taking submissions by itself (limit met, closing date past). */
  liveState?: "open" | "limit_reached" | "expired" | null;
}) {
  const stopped = status === "published" && (liveState === "limit_reached" || liveState === "expired");
  return (
    <span className="inline-flex flex-wrap items-center gap-1.5">
      <Badge
        variant={
          stopped
            ? "warning"
            : status === "published"
              ? "success"
              : status === "closed"
                ? "secondary"
                : "outline"
        }
      >
        {stopped
          ? liveState === "limit_reached"
            ? "Limit reached"
            : "Past closing date"
          : statusLabels[status]}
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
