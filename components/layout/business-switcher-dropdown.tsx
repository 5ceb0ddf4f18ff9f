"use client";

import { CheckIcon, PlusIcon } from "lucide-react";
import type { ReactElement } from "react";
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
import { roleLabels } from "@/server/auth/permissions";
import { useBusiness } from "./business-context";
import { BusinessMark, type SwitcherBusiness } from "./business-mark";

/**
 * The business switcher's menu (loaded when first opened, see `BusinessSwitcher`): the user's
 * businesses with their role, a check on the current one, and "Create business"; open from the start.
 */
export default function BusinessSwitcherDropdown({
  businesses,
  trigger,
}: {
  businesses: SwitcherBusiness[];
  trigger: ReactElement;
}) {
  const current = useBusiness();
  return (
    <DropdownMenu defaultOpen>
      <DropdownMenuTrigger asChild>{trigger}</DropdownMenuTrigger>
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
