import {
  ArrowRightIcon,
  CheckSquareIcon,
  CircleCheckIcon,
  CircleIcon,
  ContactIcon,
  KeyRoundIcon,
  type LucideIcon,
  MailIcon,
  ReceiptTextIcon,
  UsersIcon,
} from "lucide-react";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Link } from "@/components/ui/link";
import { Progress } from "@/components/ui/progress";
import { cn } from "@/components/ui/utils";
import { formatCount } from "@/server/domain/format";
import type { ChecklistItem } from "./onboarding";

export interface StatCardProps {
  label: string;
  value: number;
  icon: LucideIcon;
  /** Where the number is managed, when the user's role may go there. */
  href?: string;
}

/** One count on the dashboard; the whole card is a link when `href` is given. */
export function StatCard({ label, value, icon: Icon, href }: StatCardProps) {
  const body = (
    <>
      <div className="flex items-start justify-between gap-2">
        <span className="text-sm leading-tight font-medium text-muted-foreground">{label}</span>
        <Icon className="size-4 shrink-0 text-muted-foreground" aria-hidden="true" />
      </div>
      <span className="mt-auto text-2xl font-semibold tabular-nums sm:text-3xl">{formatCount(value)}</span>
    </>
  );
  const className =
    "flex min-w-0 flex-col gap-2 rounded-xl border bg-card p-4 text-card-foreground shadow-xs";
  return href ? (
    <Link
      href={href}
      className={cn(
        className,
        "transition-colors outline-none hover:bg-accent/50 focus-visible:ring-2 focus-visible:ring-ring focus-visible:ring-offset-2 focus-visible:ring-offset-background",
      )}
    >
      {body}
    </Link>
  ) : (
    <div className={className}>{body}</div>
  );
}

/**
 * The onboarding checklist with "n of m done" and a progress bar; once every step is done it shrinks to
 * a short "You're set up" note. Renders nothing when the role has no steps.
 */
export function OnboardingChecklist({ items }: { items: ChecklistItem[] }) {
  const done = items.filter((i) => i.done).length;
  if (items.length === 0) return null;
  if (done === items.length) {
    return (
      <Card>
        <CardContent className="flex items-start gap-3">
          <CircleCheckIcon className="mt-0.5 size-5 shrink-0 text-success" aria-hidden="true" />
          <div className="grid gap-0.5">
            <h2 className="font-medium">You're set up</h2>
            <p className="text-sm text-muted-foreground">
              Every setup step is done. Your team can work from here.
            </p>
          </div>
        </CardContent>
      </Card>
    );
  }
  return (
    <Card>
      <CardHeader>
        <CardTitle as="h2">Get started</CardTitle>
        <CardDescription>A few steps to get the most out of Mini CRM.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-5">
        <div className="grid gap-2">
          <div className="flex items-center justify-between text-sm">
            <span id="onboarding-progress" className="font-medium">
              {done} of {items.length} done
            </span>
            <span className="text-muted-foreground tabular-nums">
              {Math.round((done / items.length) * 100)}%
            </span>
          </div>
          <Progress value={done} max={items.length} aria-labelledby="onboarding-progress" />
        </div>
        <ol className="grid gap-1">
          {items.map((item) => (
            <li key={item.key} className="flex min-w-0 items-start gap-3 rounded-lg py-2.5 sm:px-2">
              {item.done ? (
                <CircleCheckIcon className="mt-0.5 size-5 shrink-0 text-success" aria-hidden="true" />
              ) : (
                <CircleIcon className="mt-0.5 size-5 shrink-0 text-muted-foreground/60" aria-hidden="true" />
              )}
              <div className="grid min-w-0 flex-1 gap-0.5">
                <span className={cn("font-medium", item.done && "text-muted-foreground line-through")}>
                  {item.title}
                  <span className="sr-only">{item.done ? " (done)" : " (not done)"}</span>
                </span>
                <span className="text-sm text-muted-foreground">{item.description}</span>
                {!item.done ? (
                  <Link
                    href={item.action.href}
                    className="mt-1 inline-flex w-fit items-center gap-1 rounded-sm text-sm font-medium text-primary underline-offset-4 hover:underline focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none"
                  >
                    {item.action.label}
                    <ArrowRightIcon className="size-3.5" aria-hidden="true" />
                  </Link>
                ) : null}
              </div>
            </li>
          ))}
        </ol>
      </CardContent>
    </Card>
  );
}

/** Icons of the dashboard counts, by key. */
export const statIcons = {
  customers: ContactIcon,
  tasks: CheckSquareIcon,
  members: UsersIcon,
  invitations: MailIcon,
  apiKeys: KeyRoundIcon,
  invoices: ReceiptTextIcon,
};
