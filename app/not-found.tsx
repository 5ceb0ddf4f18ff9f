import { CompassIcon } from "lucide-react";
import type { Metadata } from "next";
import { StatusPage } from "@/components/layout/status-page";

export const metadata: Metadata = { title: "Page not found" };

export default function NotFound() {
  return (
    <StatusPage icon={<CompassIcon />} code={404} title="Page not found">
      The page you are looking for does not exist, was moved, or you do not have access to it.
    </StatusPage>
  );
}
