import type { CustomerSortField } from "@/server/domain/customers";

/** The sort fields as the list names them (phone sort menu, headers). */
export const sortLabels: Record<CustomerSortField, string> = {
  name: "Name",
  createdAt: "Created",
  updatedAt: "Updated",
  lastActivityAt: "Last activity",
  email: "Email",
  company: "Company",
  lifecycleStage: "Lifecycle stage",
  totalSpent: "Total spent",
};
