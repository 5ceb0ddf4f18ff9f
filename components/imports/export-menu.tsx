"use client";

import { DownloadIcon } from "lucide-react";
import { lazy, useState } from "react";
import { useCan } from "@/components/layout/business-context";
import { Button } from "@/components/ui/button";
import { PopupOnDemand } from "@/components/ui/popup-on-demand";
import { cn } from "@/components/ui/utils";
import type { ExportQuery, Format } from "./export-menu-dropdown";

export type { ExportQuery };

const loadDropdown = () => import("./export-menu-dropdown");
const ExportMenuDropdown = lazy(loadDropdown);

/**
 * "Export" menu (CSV / Excel) for the customers list: the filtered list (a streamed download link) or
 * the selection (`customerIds`, sent by POST, with a spinner while the file is made and the server's
 * message in a toast when it fails), with the visible columns. `count` labels the menu; `compact`
 * hides the button's text on phones. Hidden for roles without `customers.export`. The menu's code loads
 * when the user reaches for the button (`PopupOnDemand`).
 */
export function ExportMenu({
  label = "Export",
  count,
  size,
  compact = false,
  ...query
}: ExportQuery & { label?: string; count?: number; size?: "sm" | "default"; compact?: boolean }) {
  const allowed = useCan("customers.export");
  const [pending, setPending] = useState<Format | null>(null);
  if (!allowed) return null;
  const trigger = (
    <Button variant="outline" size={size} loading={pending !== null}>
      <DownloadIcon aria-hidden="true" />
      <span className={cn(compact && "max-sm:sr-only")}>{pending ? "Exporting…" : label}</span>
    </Button>
  );
  return (
    <PopupOnDemand
      trigger={trigger}
      preload={loadDropdown}
      menu={<ExportMenuDropdown query={query} count={count} trigger={trigger} onPending={setPending} />}
    />
  );
}
