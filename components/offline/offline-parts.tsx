import type { ReactNode } from "react";
import type { OfflineCustomerField } from "@/server/domain/offline";
import type { enqueue } from "./outbox";

/** Pieces the offline app's views share: field names, "5 min ago", the empty state, the write callback. */

export const fieldLabels: Record<OfflineCustomerField, string> = {
  name: "Name",
  email: "Email",
  phone: "Phone",
  whatsapp: "WhatsApp",
  company: "Company",
  city: "City",
  lifecycleStage: "Stage",
};

export function ago(iso: string | undefined): string {
  if (!iso) return "never";
  const min = Math.round((Date.now() - Date.parse(iso)) / 60_000);
  if (min < 1) return "just now";
  if (min < 60) return `${min} min ago`;
  const h = Math.round(min / 60);
  if (h < 48) return `${h} h ago`;
  return new Date(iso).toLocaleDateString();
}

export function Empty({ children }: { children: ReactNode }) {
  return (
    <p className="rounded-lg border border-dashed p-6 text-center text-sm text-muted-foreground">
      {children}
    </p>
  );
}

/** Queues a write made offline (`OfflineApp`); false when the device could not keep it. */
export type Write = (
  slug: string,
  op: Parameters<typeof enqueue>[1]["op"],
  label: string,
) => Promise<boolean>;
