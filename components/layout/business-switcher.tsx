"use client";

import { CheckIcon, ChevronsUpDownIcon, PlusIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuGroup,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { Link } from "@/components/ui/link";
import { cn } from "@/components/ui/utils";
import { type Role, roleLabels } from "@/server/auth/permissions";
import { useBusiness } from "./business-context";

export interface SwitcherBusiness {
  slug: string;
  name: string;
  role: Role;
}

/** The first letter of a business name on a coloured tile. */
export function BusinessMark({ name, className }: { name: string; className?: string }) {
  return (
    <span
      aria-hidden="true"
      className={cn(
        "grid size-7 shrink-0 place-items-center rounded-md bg-primary/12 text-sm font-semibold text-primary uppercase",
        className,
      )}
    >
      {Array.from(name.trim())[0] ?? "?"}
    </span>
  );
}

/**
 * The current business with a menu of the user's other businesses (their role beside each, a check on
 * the current one) and "Create business". Radix menu: Enter/Space/↓ open it, arrows move, Esc closes.
 */
export function BusinessSwitcher({
  businesses,
  className,
}: {
  businesses: SwitcherBusiness[];
  className?: string;
}) {
  const current = useBusiness();
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button
          variant="ghost"
          className={cn("h-auto min-w-0 justify-start gap-2 px-2 py-1.5 text-left", className)}
          aria-label={`Business: ${current.name}. Switch business`}
        >
          <BusinessMark name={current.name} />
          <span className="grid min-w-0 flex-1 leading-tight">
            <span className="truncate font-semibold">{current.name}</span>
            <span className="truncate text-xs font-normal text-muted-foreground">
              {roleLabels[current.role]}
            </span>
          </span>
          <ChevronsUpDownIcon className="ml-auto text-muted-foreground" aria-hidden="true" />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start" className="w-72">
        <DropdownMenuLabel className="text-xs font-normal text-muted-foreground">
          Your businesses
        </DropdownMenuLabel>
        <DropdownMenuGroup>
          {businesses.map((b) => {
            const isCurrent = b.slug === current.slug;
            return (
              <DropdownMenuItem key={b.slug} asChild>
                <Link href={`/b/${b.slug}`} aria-current={isCurrent ? "page" : undefined}>
                  <BusinessMark name={b.name} className="size-6 text-xs" />
                  <span className="grid min-w-0 flex-1 leading-tight">
                    <span className="truncate">{b.name}</span>
                    <span className="truncate text-xs text-muted-foreground">{roleLabels[b.role]}</span>
                  </span>
                  {isCurrent ? (
                    <CheckIcon className="ml-auto text-foreground" aria-label="Current business" />
                  ) : null}
                </Link>
              </DropdownMenuItem>
            );
          })}
        </DropdownMenuGroup>
        <DropdownMenuSeparator />
        <DropdownMenuItem asChild>
          <Link href="/b/new">
            <PlusIcon aria-hidden="true" />
            Create business
          </Link>
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
