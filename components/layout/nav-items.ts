import {
  CheckSquareIcon,
  ClipboardListIcon,
  LayoutDashboardIcon,
  LayoutTemplateIcon,
  ListFilterIcon,
  type LucideIcon,
  MegaphoneIcon,
  MessageCircleIcon,
  ReceiptTextIcon,
  SettingsIcon,
  UsersIcon,
} from "lucide-react";
import { can, type Permission, type Role } from "@/server/auth/permissions";

/**
 * The app's main navigation, shared by the desktop sidebar and the phone bottom bar. Later features
 * add their entry here when their page exists (e.g. Customers after Dashboard); keep Settings last.
 * Phones show the items marked `inPhoneBar` in the bottom bar (Dashboard, Customers, Tasks) and the rest
 * under its "More" sheet, in this order.
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
  /** In the phone's bottom bar itself; the others are under "More". */
  inPhoneBar?: boolean;
}

export const navItems: readonly NavItem[] = [
  { path: "", label: "Dashboard", icon: LayoutDashboardIcon, exact: true, inPhoneBar: true },
  { path: "/customers", label: "Customers", icon: UsersIcon, permission: "customers.read", inPhoneBar: true },
  {
    path: "/inbox",
    label: "WhatsApp inbox",
    shortLabel: "Inbox",
    icon: MessageCircleIcon,
    permission: "customers.read",
  },
  {
    path: "/segments",
    label: "Segments",
    icon: ListFilterIcon,
    permission: "customers.read",
  },
  { path: "/campaigns", label: "Campaigns", icon: MegaphoneIcon, permission: "campaigns.read" },
  {
    path: "/templates",
    label: "Templates",
    icon: LayoutTemplateIcon,
    permission: "campaigns.read",
  },
  { path: "/forms", label: "Forms", icon: ClipboardListIcon, permission: "forms.read" },
  {
    path: "/invoices",
    label: "Invoices",
    icon: ReceiptTextIcon,
    permission: "invoices.read",
  },
  { path: "/tasks", label: "Tasks", icon: CheckSquareIcon, permission: "tasks.read", inPhoneBar: true },
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
