"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useRef } from "react";
import { useBusiness, useCan } from "@/components/layout/business-context";
import { cn } from "@/components/ui/utils";

export interface SettingsTab {
  href: string;
  label: string;
}

/**
 * Adds "Custom fields" (for roles with customFields.manage) after "Members", or after "Business" when
 * the list has no Members tab, so the server layout does not need to know about it.
 */
function withCustomFieldsTab(tabs: SettingsTab[], base: string, allowed: boolean): SettingsTab[] {
  const href = `${base}/custom-fields`;
  if (!allowed || tabs.some((t) => t.href === href)) return tabs;
  const after = ["/members", "/business", "/profile"]
    .map((s) => tabs.findIndex((t) => t.href === `${base}${s}`))
    .find((i) => i >= 0);
  const at = after === undefined ? tabs.length : after + 1;
  return [...tabs.slice(0, at), { href, label: "Custom fields" }, ...tabs.slice(at)];
}

/**
 * Settings sections: an underlined tab strip on desktop, a row of pills on phones that scrolls sideways
 * inside itself (never the page). The current section is `aria-current="page"` and scrolled into view.
 */
export function SettingsNav({ tabs: baseTabs }: { tabs: SettingsTab[] }) {
  const pathname = usePathname();
  const business = useBusiness();
  const canManageFields = useCan("customFields.manage");
  const tabs = withCustomFieldsTab(baseTabs, `/b/${business.slug}/settings`, canManageFields);
  const activeRef = useRef<HTMLAnchorElement>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs again when the section (pathname) changes
  useEffect(() => {
    const el = activeRef.current;
    const row = el?.closest("ul");
    if (!el || !row) return;
    // Scroll only the row (scrollIntoView could also move the page).
    const left = el.offsetLeft - row.offsetLeft;
    if (left < row.scrollLeft || left + el.offsetWidth > row.scrollLeft + row.clientWidth) {
      row.scrollTo({ left: left - 16 });
    }
  }, [pathname]);

  return (
    <nav aria-label="Settings" className="-mx-4 mb-6 min-w-0 sm:mx-0">
      <ul className="flex min-w-0 gap-2 overflow-x-auto overscroll-x-contain px-4 py-1 [scrollbar-width:none] sm:px-0 md:gap-1 md:border-b md:py-0 [&::-webkit-scrollbar]:hidden">
        {tabs.map((tab) => {
          const active = pathname === tab.href || pathname.startsWith(`${tab.href}/`);
          return (
            <li key={tab.href} className="shrink-0">
              <Link
                ref={active ? activeRef : undefined}
                href={tab.href}
                aria-current={active ? "page" : undefined}
                className={cn(
                  "inline-flex h-9 items-center rounded-full border px-4 text-sm font-medium whitespace-nowrap text-muted-foreground transition-colors outline-none",
                  "hover:bg-accent hover:text-accent-foreground focus-visible:ring-2 focus-visible:ring-ring",
                  "md:-mb-px md:h-10 md:rounded-none md:rounded-t-md md:border-0 md:border-b-2 md:border-transparent md:px-3 md:hover:bg-transparent md:hover:text-foreground md:focus-visible:ring-inset",
                  active &&
                    "border-primary bg-primary text-primary-foreground hover:bg-primary hover:text-primary-foreground md:border-primary md:bg-transparent md:text-foreground md:hover:text-foreground",
                )}
              >
                {tab.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
