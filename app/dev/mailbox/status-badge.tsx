/** Status pill for a dev-outbox message (plain Tailwind; no dependency on shared UI primitives). */
export function StatusBadge({ status }: { status: "queued" | "sent" | "failed" }) {
  const styles = {
    queued: "bg-amber-100 text-amber-900",
    sent: "bg-emerald-100 text-emerald-900",
    failed: "bg-red-100 text-red-900",
  } as const;
  return (
    <span
      className={`inline-flex shrink-0 items-center rounded-full px-2 py-0.5 text-xs font-medium ${styles[status]}`}
    >
      {status}
    </span>
  );
}

/** "21 Nov 2026, 14:05 UTC": times in the dev mailbox are shown in UTC, as stored. */
export function formatUtc(date: Date | null): string {
  if (!date) return "—";
  return `${date.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" })} UTC`;
}
