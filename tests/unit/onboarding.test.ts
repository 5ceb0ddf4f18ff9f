import { describe, expect, it } from "vitest";
import { checklistFor } from "@/components/business/onboarding";
import type { OnboardingProgress } from "@/server/domain/business";

const none: OnboardingProgress = {
  addCustomer: false,
  importCustomers: false,
  inviteTeammate: false,
  createApiKey: false,
  addCustomField: false,
};

describe("the dashboard's Get started checklist", () => {
  it("lists every step an owner can do, in order, with links under the business", () => {
    const items = checklistFor(none, "owner", "/b/asha");
    expect(items.map((i) => i.key)).toEqual([
      "addCustomer",
      "importCustomers",
      "inviteTeammate",
      "createApiKey",
      "addCustomField",
    ]);
    expect(items.every((i) => !i.done)).toBe(true);
    expect(items.find((i) => i.key === "importCustomers")?.action.href).toBe("/b/asha/customers/import");
    expect(items.find((i) => i.key === "createApiKey")?.action.href).toBe("/b/asha/settings/api-keys");
  });

  it("leaves out the steps a role may not do", () => {
    expect(checklistFor(none, "member", "/b/asha").map((i) => i.key)).toEqual(["addCustomer"]);
    expect(checklistFor(none, "admin", "/b/asha").map((i) => i.key)).toContain("createApiKey");
  });

  it("marks the steps done from the business's progress", () => {
    const items = checklistFor({ ...none, addCustomer: true, addCustomField: true }, "owner", "/b/asha");
    expect(items.filter((i) => i.done).map((i) => i.key)).toEqual(["addCustomer", "addCustomField"]);
  });

  it("has nothing to do or connect that needs the server's configuration", () => {
    const titles = checklistFor(none, "owner", "/b/asha").map((i) => i.title.toLowerCase());
    expect(titles.some((t) => t.includes("whatsapp") || t.includes("connect email"))).toBe(false);
  });
});
