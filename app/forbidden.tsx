import { LockIcon } from "lucide-react";
import type { Metadata } from "next";
import { StatusPage } from "@/components/layout/status-page";

export const metadata: Metadata = { title: "Not allowed" };

/** A page the signed-in user may not open (403 from `forbidden()`). */
export default function Forbidden() {
  return (
    <StatusPage icon={<LockIcon />} code={403} title="Not allowed">
      Your account does not have access to this page. Ask an owner or admin of the business if you need it.
    </StatusPage>
  );
}
