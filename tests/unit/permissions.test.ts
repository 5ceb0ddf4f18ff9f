import { describe, expect, it } from "vitest";
import { apiKeyPermissions, can, permissions, rolePermissions, roles } from "@/server/auth/permissions";

describe("role → permission map", () => {
  it("gives the owner every permission", () => {
    for (const p of permissions) expect(can("owner", p), p).toBe(true);
    expect(rolePermissions.owner.size).toBe(permissions.length);
  });

  it("lets a member read but not invite, manage members, touch API keys or update the business", () => {
    expect(can("member", "business.read")).toBe(true);
    expect(can("member", "members.read")).toBe(true);
    expect(can("member", "members.invite")).toBe(false);
    expect(can("member", "members.manage")).toBe(false);
    expect(can("member", "apiKeys.read")).toBe(false);
    expect(can("member", "apiKeys.manage")).toBe(false);
    expect(can("member", "business.update")).toBe(false);
    expect(can("member", "audit.read")).toBe(false);
  });

  it("lets an admin invite and manage API keys but not manage members (owners only)", () => {
    expect(can("admin", "members.invite")).toBe(true);
    expect(can("admin", "apiKeys.manage")).toBe(true);
    expect(can("admin", "business.update")).toBe(true);
    expect(can("admin", "audit.read")).toBe(true);
    expect(can("admin", "members.manage")).toBe(false);
  });

  it("is ordered: each role's permissions include the next lower role's", () => {
    for (const p of rolePermissions.member) expect(rolePermissions.admin.has(p), p).toBe(true);
    for (const p of rolePermissions.admin) expect(rolePermissions.owner.has(p), p).toBe(true);
    expect(roles).toEqual(["owner", "admin", "member"]);
  });

  it("lets an API key read its business and members but not manage keys, invite or manage members", () => {
    expect(apiKeyPermissions.has("business.read")).toBe(true);
    expect(apiKeyPermissions.has("members.read")).toBe(true);
    expect(apiKeyPermissions.has("apiKeys.manage")).toBe(false);
    expect(apiKeyPermissions.has("members.invite")).toBe(false);
    expect(apiKeyPermissions.has("members.manage")).toBe(false);
    // Never more than an admin.
    for (const p of apiKeyPermissions) expect(rolePermissions.admin.has(p), p).toBe(true);
  });
});
