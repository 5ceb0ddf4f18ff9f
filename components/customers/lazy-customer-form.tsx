"use client";

import dynamic from "next/dynamic";

/**
 * `CustomerForm`, loaded when it first renders (the new-customer sheet or the Edit dialog opens), not
 * with the page that offers it: the form and its field code are not on any first screen.
 */
export const LazyCustomerForm = dynamic(
  () => import("@/components/customers/customer-form").then((m) => m.CustomerForm),
  {
    loading: () => <p className="py-6 text-sm text-muted-foreground">Loading the form…</p>,
  },
);
