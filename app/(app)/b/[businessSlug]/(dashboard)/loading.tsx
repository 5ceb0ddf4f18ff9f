import { DashboardSkeleton } from "@/components/business/dashboard";

export default function DashboardLoading() {
  return <DashboardSkeleton />;
}
