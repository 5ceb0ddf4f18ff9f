import {
  CheckSquareIcon,
  ClipboardListIcon,
  LayoutDashboardIcon,
  LayoutTemplateIcon,
  ListFilterIcon,
  type LucideIcon,
  MegaphoneIcon,
  ReceiptTextIcon,
  SettingsIcon,
  UsersIcon,
} from "lucide-react";
import { can, type Permission, type Role } from "@/server/auth/permissions";

/**
 * The app's main navigation, shared by the desktop sidebar and the phone bottom bar. Later features
 * add their entry here when their page exists (e.g. Customers after Dashboard); keep Settings last.
 * Phones show the items in the bottom bar, so keep it short (at most six there; see `notOnPhone`).
 */
export interface NavItem {
  /** Path inside the business: "" is `/b/<slug>`. */
  path: string;
  label: string;
  /** Shorter label for the bottom bar, when `label` is long. */
  shortLabel?: string;
  icon: LucideIcon;
  /** Active only on the exact path (the dashboard), not on the pages under it. */
  exact?: boolean;
  /** Shown only to roles with this permission. */
  permission?: Permission;
  /** Left out of the phone's bottom bar (reached from another page there), to keep it at six items. */
  notOnPhone?: boolean;
}

export const navItems: readonly NavItem[] = [
  { path: "", label: "Dashboard", shortLabel: "Home", icon: LayoutDashboardIcon, exact: true },
  { path: "/customers", label: "Customers", icon: UsersIcon, permission: "customers.read" },
  {
    path: "/segments",
    label: "Segments",
    icon: ListFilterIcon,
    permission: "customers.read",
    // On phones the Customers page links to it.
    notOnPhone: true,
  },
  { path: "/campaigns", label: "Campaigns", icon: MegaphoneIcon, permission: "campaigns.read" },
  {
    path: "/templates",
    label: "Templates",
    icon: LayoutTemplateIcon,
    permission: "campaigns.read",
    // On phones the Campaigns page links to it.
    notOnPhone: true,
  },
  { path: "/forms", label: "Forms", icon: ClipboardListIcon, permission: "forms.read" },
  {
    path: "/invoices",
    label: "Invoices",
    icon: ReceiptTextIcon,
    permission: "invoices.read",
    // On phones a customer's page and the dashboard lead to it.
    notOnPhone: true,
  },
  { path: "/tasks", label: "Tasks", icon: CheckSquareIcon, permission: "tasks.read" },
  { path: "/settings", label: "Settings", icon: SettingsIcon },
];

/** The items a role may see. */
export function navItemsFor(role: Role): NavItem[] {
  return navItems.filter((item) => !item.permission || can(role, item.permission));
}

/** Whether `item` is the current page under `/b/<slug>`. */
export function isNavItemActive(item: NavItem, slug: string, pathname: string): boolean {
  const href = `/b/${slug}${item.path}`;
  return item.exact
    ? pathname === href || pathname === `${href}/`
    : pathname === href || pathname.startsWith(`${href}/`);
}
