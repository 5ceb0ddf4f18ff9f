import { Link } from "@/components/ui/link";
import { cn } from "@/components/ui/utils";

/** The Mini CRM mark and wordmark; links home unless `href` is null. */
export function Logo({ className, href = "/" }: { className?: string; href?: string | null }) {
  const content = (
    <span className={cn("inline-flex items-center gap-2 font-semibold tracking-tight", className)}>
      <span
        aria-hidden
        className="grid size-7 place-items-center rounded-lg bg-primary text-sm font-semibold text-primary-foreground"
      >
        M
      </span>
      <span>Mini CRM</span>
    </span>
  );
  return href ? (
    <Link href={href} className="rounded-md focus-visible:outline-2 focus-visible:outline-ring">
      {content}
    </Link>
  ) : (
    content
  );
}
