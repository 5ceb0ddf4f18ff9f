"use client";

import { MenuIcon } from "lucide-react";
import { usePathname } from "next/navigation";
import { lazy, useEffect, useState } from "react";
import { NotificationBell } from "@/components/notifications/notification-bell";
import { Link, LinkPending } from "@/components/ui/link";
import { PopupOnDemand } from "@/components/ui/popup-on-demand";
import { cn } from "@/components/ui/utils";
import { useBusiness } from "./business-context";
import { BusinessSwitcher, type SwitcherBusiness } from "./business-switcher";
import { isNavItemActive, navItemsFor } from "./nav-items";
import { UserMenu, type UserMenuUser } from "./user-menu";

/** Phone header (< md): the business switcher and the user menu, below the status bar / notch. */
export function MobileHeader({
  businesses,
  user,
  unread = 0,
}: {
  businesses: SwitcherBusiness[];
  user: UserMenuUser;
  unread?: number;
}) {
  const business = useBusiness();
  return (
    <header className="sticky top-0 z-40 border-b bg-background/95 pt-[env(safe-area-inset-top)] backdrop-blur supports-[backdrop-filter]:bg-background/80 md:hidden">
      <div className="flex h-14 items-center gap-2 pr-[max(0.75rem,env(safe-area-inset-right))] pl-[max(0.5rem,env(safe-area-inset-left))]">
        <BusinessSwitcher businesses={businesses} className="max-w-[calc(100%-6rem)] flex-1" />
        <NotificationBell initialUnread={unread} className="ml-auto" />
        <UserMenu user={user} variant="icon" profileHref={`/b/${business.slug}/settings/profile`} />
      </div>
    </header>
  );
}

/**
 * Whether a text field has the focus (the phone's keyboard is up): inputs other than buttons, checkboxes
 * and radios, text areas and editable content.
 */
function useTyping(): boolean {
  const [typing, setTyping] = useState(false);
  useEffect(() => {
    const editable = (el: EventTarget | null) =>
      el instanceof HTMLTextAreaElement ||
      (el instanceof HTMLElement && el.isContentEditable) ||
      (el instanceof HTMLInputElement &&
        !["button", "checkbox", "radio", "submit", "reset", "file", "range", "color"].includes(el.type));
    const onIn = (e: FocusEvent) => setTyping(editable(e.target));
    const onOut = () => setTyping(false);
    document.addEventListener("focusin", onIn);
    document.addEventListener("focusout", onOut);
    return () => {
      document.removeEventListener("focusin", onIn);
      document.removeEventListener("focusout", onOut);
    };
  }, []);
  return typing;
}

const loadMoreSheet = () => import("./more-sheet");
const MoreSheet = lazy(loadMoreSheet);

/**
 * Phone bottom navigation (< md): Dashboard, Customers, Tasks and More, icons with labels, fixed to the
 * bottom and padded for the home indicator; More opens a bottom sheet with every other page the role may
 * see (Segments, Campaigns, Templates, Forms, Invoices, Settings). The content area leaves room for it.
 */
export function MobileNav() {
  const business = useBusiness();
  const pathname = usePathname();
  const typing = useTyping();
  const all = navItemsFor(business.role);
  const items = all.filter((item) => item.inPhoneBar);
  const more = all.filter((item) => !item.inPhoneBar);
  const moreActive = more.some((item) => isNavItemActive(item, business.slug, pathname));
  const cell =
    "flex h-full w-full flex-col items-center justify-center gap-1 rounded-md text-xs font-medium text-muted-foreground outline-none focus-visible:ring-2 focus-visible:ring-ring focus-visible:ring-inset";
  const pill = (active: boolean) =>
    cn("grid h-7 w-12 place-items-center rounded-full transition-colors", active && "bg-primary/12");

  const moreTrigger = (
    <button type="button" className={cn(cell, moreActive && "text-primary")}>
      <span className={pill(moreActive)}>
        <MenuIcon className="size-5" aria-hidden="true" />
      </span>
      <span className="max-w-full truncate px-0.5">More</span>
    </button>
  );

  return (
    <nav
      aria-label="Main"
      // While the keyboard is up the bar steps aside, so it never covers the field being typed in.
      hidden={typing}
      className="fixed inset-x-0 bottom-0 z-40 border-t bg-background/95 pb-[env(safe-area-inset-bottom)] backdrop-blur supports-[backdrop-filter]:bg-background/85 md:hidden"
    >
      <ul
        className="mx-auto grid h-16 max-w-md px-[env(safe-area-inset-left)]"
        style={{ gridTemplateColumns: `repeat(${items.length + 1}, minmax(0, 1fr))` }}
      >
        {items.map((item) => {
          const active = isNavItemActive(item, business.slug, pathname);
          const Icon = item.icon;
          return (
            <li key={item.path} className="min-w-0">
              <Link
                href={`/b/${business.slug}${item.path}`}
                aria-current={active ? "page" : undefined}
                className={cn(cell, active && "text-primary")}
              >
                <span className={cn(pill(active), "relative")}>
                  <Icon className="size-5" aria-hidden="true" />
                  <LinkPending className="absolute -top-1 -right-1 rounded-full bg-background" />
                </span>
                <span className="max-w-full truncate px-0.5">{item.shortLabel ?? item.label}</span>
              </Link>
            </li>
          );
        })}
        <li className="min-w-0">
          <PopupOnDemand
            popup="dialog"
            trigger={moreTrigger}
            preload={loadMoreSheet}
            menu={<MoreSheet items={more} trigger={moreTrigger} />}
          />
        </li>
      </ul>
    </nav>
  );
}
