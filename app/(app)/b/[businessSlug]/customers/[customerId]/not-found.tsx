"use client";

import { CustomerNotFound } from "@/components/customers/detail/customer-page";

export default function CustomerPageNotFound() {
  return <CustomerNotFound />;
}
