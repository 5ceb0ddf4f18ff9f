"use client";

import { CustomerNotFound } from "@/components/customers/detail/customer-not-found";

export default function CustomerPageNotFound() {
  return <CustomerNotFound />;
}
