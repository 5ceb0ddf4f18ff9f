import { can, type Permission, type Role } from "@/server/auth/permissions";
import { type OnboardingProgress, type OnboardingStep, onboardingSteps } from "@/server/domain/business";

export interface ChecklistItem {
  key: OnboardingStep;
  title: string;
  description: string;
  done: boolean;
  /** The page that does it. */
  action: { href: string; label: string };
}

const steps: Record<
  OnboardingStep,
  { title: string; description: string; permission: Permission; path: string; label: string }
> = {
  addCustomer: {
    title: "Add your first customer",
    description: "Keep a customer's details, notes and tasks in one place the whole team can see.",
    permission: "customers.write",
    path: "/customers",
    label: "Go to customers",
  },
  importCustomers: {
    title: "Import your customers",
    description: "Bring in the list you already keep, from an Excel or CSV file.",
    permission: "customers.import",
    path: "/customers/import",
    label: "Import customers",
  },
  inviteTeammate: {
    title: "Invite a teammate",
    description: "Work together: invite the people who serve your customers.",
    permission: "members.invite",
    path: "/settings/members",
    label: "Invite a teammate",
  },
  createApiKey: {
    title: "Create an API key",
    description: "Connect your website or other tools to Mini CRM through the REST API.",
    permission: "apiKeys.manage",
    path: "/settings/api-keys",
    label: "Create an API key",
  },
  addCustomField: {
    title: "Add a custom field",
    description: "Keep what matters to your business, such as a birthday or a membership number.",
    permission: "customFields.manage",
    path: "/settings/custom-fields",
    label: "Add a custom field",
  },
};

/**
 * The dashboard's "Get started" checklist for `role`: the onboarding steps in order, each marked done
 * from `progress` (read from the database), leaving out the steps the role may not do. Links are under
 * `base` (`/b/<slug>`).
 */
export function checklistFor(progress: OnboardingProgress, role: Role, base: string): ChecklistItem[] {
  return onboardingSteps
    .filter((key) => can(role, steps[key].permission))
    .map((key) => {
      const step = steps[key];
      return {
        key,
        title: step.title,
        description: step.description,
        done: progress[key],
        action: { href: `${base}${step.path}`, label: step.label },
      };
    });
}
