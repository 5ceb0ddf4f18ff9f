"use client";

import { usePathname } from "next/navigation";
import { useEffect, useRef } from "react";
import { useBusiness, useCan } from "@/components/layout/business-context";
import { Link } from "@/components/ui/link";
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
 * Settings sections: pills that wrap onto more lines on phones and tablets (every section visible and
 * reachable with Tab, nothing cut off at the edge), an underlined tab strip on wide screens (which
 * scrolls sideways inside itself, never the page, should it ever be too long). The current section is
 * `aria-current="page"` and scrolled into view in the strip.
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
    <nav aria-label="Settings" className="mb-6 min-w-0">
      <ul className="flex min-w-0 flex-wrap gap-2 py-1 lg:flex-nowrap lg:gap-1 lg:overflow-x-auto lg:overscroll-x-contain lg:border-b lg:py-0 lg:[scrollbar-width:thin]">
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
                  "lg:-mb-px lg:h-10 lg:rounded-none lg:rounded-t-md lg:border-0 lg:border-b-2 lg:border-transparent lg:px-3 lg:hover:bg-transparent lg:hover:text-foreground lg:focus-visible:ring-inset",
                  active &&
                    "border-primary bg-primary text-primary-foreground hover:bg-primary hover:text-primary-foreground lg:border-primary lg:bg-transparent lg:text-foreground lg:hover:text-foreground",
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
