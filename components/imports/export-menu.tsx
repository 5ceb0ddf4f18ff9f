"use client";

import { DownloadIcon } from "lucide-react";
import { useBusiness, useCan } from "@/components/layout/business-context";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import type { CustomerFilterInput } from "@/server/api/schemas/customers";

export interface ExportQuery {
  /** The list's filter (ignored when `customerIds` is given). */
  filter?: CustomerFilterInput;
  /** Visible columns: standard names or `custom:<key>`. */
  columns?: string[];
  /** Export this selection instead of the filter. */
  customerIds?: string[];
  sort?: { field: string; direction: "asc" | "desc" };
}

/** `/api/customers/export?…` for the current business (a session download; the browser saves the file). */
export function exportUrl(businessId: string, format: "csv" | "xlsx", query: ExportQuery): string {
  const params = new URLSearchParams({ businessId, format });
  if (query.customerIds?.length) params.set("ids", query.customerIds.join(","));
  else if (query.filter && Object.keys(query.filter).length)
    params.set("filter", JSON.stringify(query.filter));
  if (query.columns?.length) params.set("columns", query.columns.join(","));
  if (query.sort) {
    params.set("sort", query.sort.field);
    params.set("direction", query.sort.direction);
  }
  return `/api/customers/export?${params}`;
}

/**
 * "Export" menu (CSV / Excel) for the customers list: the filtered list or the selection, with the
 * visible columns. Hidden for roles without `customers.export`.
 */
export function ExportMenu({ label = "Export", ...query }: ExportQuery & { label?: string }) {
  const business = useBusiness();
  const allowed = useCan("customers.export");
  if (!allowed) return null;
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="outline">
          <DownloadIcon aria-hidden="true" />
          {label}
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end">
        <DropdownMenuLabel>
          {query.customerIds?.length ? `${query.customerIds.length} selected` : "All matching customers"}
        </DropdownMenuLabel>
        <DropdownMenuItem asChild>
          <a href={exportUrl(business.id, "csv", query)} download>
            CSV (.csv)
          </a>
        </DropdownMenuItem>
        <DropdownMenuItem asChild>
          <a href={exportUrl(business.id, "xlsx", query)} download>
            Excel (.xlsx)
          </a>
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
