"use client";

import { usePathname } from "next/navigation";
import { Logo } from "@/components/layout/logo";
import { NotificationBell } from "@/components/notifications/notification-bell";
import { Link, LinkPending } from "@/components/ui/link";
import { cn } from "@/components/ui/utils";
import { useBusiness } from "./business-context";
import { BusinessSwitcher, type SwitcherBusiness } from "./business-switcher";
import { isNavItemActive, navItemsFor } from "./nav-items";
import { UserMenu, type UserMenuUser } from "./user-menu";

/** Desktop (≥ md) navigation: logo, business switcher, the main nav, and the user menu at the bottom. */
export function Sidebar({
  businesses,
  user,
  unread = 0,
}: {
  businesses: SwitcherBusiness[];
  user: UserMenuUser;
  unread?: number;
}) {
  const business = useBusiness();
  const pathname = usePathname();
  const items = navItemsFor(business.role);

  return (
    <aside className="sticky top-0 hidden h-dvh w-64 shrink-0 flex-col border-r bg-sidebar text-sidebar-foreground md:flex">
      <div className="flex h-14 items-center justify-between gap-2 pr-2 pl-4">
        <Logo href={`/b/${business.slug}`} />
        <NotificationBell initialUnread={unread} />
      </div>
      <div className="px-2">
        <BusinessSwitcher businesses={businesses} className="w-full" />
      </div>
      <nav aria-label="Main" className="flex-1 overflow-y-auto px-2 py-4">
        <ul className="grid gap-1">
          {items.map((item) => {
            const active = isNavItemActive(item, business.slug, pathname);
            const Icon = item.icon;
            return (
              <li key={item.path}>
                <Link
                  href={`/b/${business.slug}${item.path}`}
                  aria-current={active ? "page" : undefined}
                  className={cn(
                    "flex h-9 items-center gap-3 rounded-md px-3 text-sm font-medium text-muted-foreground transition-colors outline-none",
                    "hover:bg-sidebar-accent hover:text-sidebar-accent-foreground",
                    "focus-visible:ring-2 focus-visible:ring-sidebar-ring",
                    active && "bg-sidebar-accent text-sidebar-accent-foreground",
                  )}
                >
                  <Icon className="size-4 shrink-0" aria-hidden="true" />
                  {item.label}
                  <LinkPending className="ml-auto" />
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      <div className="border-t p-2">
        <UserMenu user={user} variant="full" profileHref={`/b/${business.slug}/settings/profile`} />
      </div>
    </aside>
  );
}
