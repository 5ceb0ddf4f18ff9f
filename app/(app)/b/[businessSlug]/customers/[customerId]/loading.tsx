import { CustomerPageSkeleton } from "@/components/customers/detail/customer-page";

export default function CustomerLoading() {
  return <CustomerPageSkeleton />;
}
