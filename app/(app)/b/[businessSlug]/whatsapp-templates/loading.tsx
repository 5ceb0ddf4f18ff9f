import { ListSkeleton } from "@/components/settings/settings-skeleton";

export default function WhatsappTemplatesLoading() {
  return <ListSkeleton rows={3} className="mt-16" />;
}
