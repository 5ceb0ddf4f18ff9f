"use client";

import { ChevronsUpDownIcon } from "lucide-react";
import { lazy } from "react";
import { Button } from "@/components/ui/button";
import { PopupOnDemand } from "@/components/ui/popup-on-demand";
import { cn } from "@/components/ui/utils";
import { roleLabels } from "@/server/auth/permissions";
import { useBusiness } from "./business-context";
import { BusinessMark, type SwitcherBusiness } from "./business-mark";

export { BusinessMark, type SwitcherBusiness };

const loadDropdown = () => import("./business-switcher-dropdown");
const BusinessSwitcherDropdown = lazy(loadDropdown);

/**
 * The current business with a menu of the user's other businesses (their role beside each, a check on
 * the current one) and "Create business". Radix menu: Enter/Space open it, arrows move, Esc closes; its
 * code loads when the user reaches for the button (`PopupOnDemand`).
 */
export function BusinessSwitcher({
  businesses,
  className,
}: {
  businesses: SwitcherBusiness[];
  className?: string;
}) {
  const current = useBusiness();
  const trigger = (
    <Button
      variant="ghost"
      className={cn("h-auto min-w-0 justify-start gap-2 px-2 py-1.5 text-left", className)}
      aria-label={`Business: ${current.name}. Switch business`}
    >
      <BusinessMark name={current.name} />
      <span className="grid min-w-0 flex-1 leading-tight">
        <span className="truncate font-semibold">{current.name}</span>
        <span className="truncate text-xs font-normal text-muted-foreground">{roleLabels[current.role]}</span>
      </span>
      <ChevronsUpDownIcon className="ml-auto text-muted-foreground" aria-hidden="true" />
    </Button>
  );
  return (
    <PopupOnDemand
      trigger={trigger}
      preload={loadDropdown}
      menu={<BusinessSwitcherDropdown businesses={businesses} trigger={trigger} />}
    />
  );
}
