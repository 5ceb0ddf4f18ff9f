import { CustomerPageSkeleton } from "@/components/customers/detail/customer-page-skeleton";

export default function CustomerLoading() {
  return <CustomerPageSkeleton />;
}
