import { memberRoles } from "@/db/schema/enum-values";

/**
 * Role → permission map. Pure: the server enforces it in `requirePermission`, and the UI reads the same
 * map to hide what a role may not do. Permissions are `resource.action`.
 */
export const roles = memberRoles;
export type Role = (typeof roles)[number];

export const permissions = [
  "business.read",
  "business.update",
  "members.read",
  "members.invite",
  "members.manage",
  "apiKeys.read",
  "apiKeys.manage",
  "audit.read",
  "customers.read",
  "customers.write",
  "customers.delete",
  "customers.import",
  "customers.export",
  "customFields.manage",
  "tasks.read",
  "tasks.write",
  "campaigns.read",
  "campaigns.write",
  "campaigns.send",
  "messaging.manage",
  "forms.read",
  "forms.manage",
  "invoices.read",
  "invoices.write",
  "invoices.manage",
] as const;
export type Permission = (typeof permissions)[number];

const memberPermissions: Permission[] = [
  "business.read",
  "members.read",
  "customers.read",
  "customers.write",
  "customers.export",
  "tasks.read",
  "tasks.write",
  "campaigns.read",
  "campaigns.write",
  "forms.read",
  "invoices.read",
  "invoices.write",
];
const adminPermissions: Permission[] = [
  ...memberPermissions,
  "business.update",
  "members.invite",
  "apiKeys.read",
  "apiKeys.manage",
  "audit.read",
  "customers.delete",
  "customers.import",
  "customFields.manage",
  "campaigns.send",
  "messaging.manage",
  "forms.manage",
  "invoices.manage",
];

export const rolePermissions: Record<Role, ReadonlySet<Permission>> = {
  owner: new Set(permissions),
  admin: new Set(adminPermissions),
  member: new Set(memberPermissions),
};

/**
 * What an API key may do: what its business's admins may do, less managing API keys and members
 * (a key cannot mint or revoke keys, nor change who belongs to the business).
 */
export const apiKeyPermissions: ReadonlySet<Permission> = new Set(
  adminPermissions.filter((p) => p !== "apiKeys.manage" && p !== "members.invite"),
);

/** Whether `role` grants `permission`. */
export function can(role: Role, permission: Permission): boolean {
  return rolePermissions[role].has(permission);
}

export const roleLabels: Record<Role, string> = { owner: "Owner", admin: "Admin", member: "Member" };
