"use client";

import { usePathname } from "next/navigation";
import { type ReactElement, useState } from "react";
import { Link } from "@/components/ui/link";
import { Sheet, SheetContent, SheetHeader, SheetTitle, SheetTrigger } from "@/components/ui/sheet";
import { cn } from "@/components/ui/utils";
import { useBusiness } from "./business-context";
import { isNavItemActive, type NavItem } from "./nav-items";

/**
 * The phone bottom bar's "More" (loaded when first tapped, see `PopupOnDemand`): a bottom sheet with the
 * pages that are not in the bar, three to a row, the current one marked; open at once.
 */
export default function MoreSheet({ items, trigger }: { items: NavItem[]; trigger: ReactElement }) {
  const business = useBusiness();
  const pathname = usePathname();
  const [open, setOpen] = useState(true);
  return (
    <Sheet open={open} onOpenChange={setOpen}>
      <SheetTrigger asChild>{trigger}</SheetTrigger>
      <SheetContent side="bottom" className="pb-[calc(1rem+env(safe-area-inset-bottom))]">
        <SheetHeader>
          <SheetTitle>More</SheetTitle>
        </SheetHeader>
        <ul className="grid grid-cols-3 gap-2 px-4">
          {items.map((item) => {
            const active = isNavItemActive(item, business.slug, pathname);
            const Icon = item.icon;
            return (
              <li key={item.path}>
                <Link
                  href={`/b/${business.slug}${item.path}`}
                  aria-current={active ? "page" : undefined}
                  onClick={() => setOpen(false)}
                  className={cn(
                    "flex min-h-16 flex-col items-center justify-center gap-1 rounded-lg border text-sm outline-none focus-visible:ring-2 focus-visible:ring-ring",
                    active && "border-primary text-primary",
                  )}
                >
                  <Icon className="size-5" aria-hidden="true" />
                  {item.label}
                </Link>
              </li>
            );
          })}
        </ul>
      </SheetContent>
    </Sheet>
  );
}
