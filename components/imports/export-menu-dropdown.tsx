"use client";

import type { ReactElement } from "react";
import { useBusiness } from "@/components/layout/business-context";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { toast } from "@/components/ui/toast";
import type { CustomerFilterInput } from "@/server/domain/customers";
import { formatCount } from "@/server/domain/format";

export interface ExportQuery {
  /** The list's filter (ignored when `customerIds` is given). */
  filter?: CustomerFilterInput;
  /** Visible columns: standard names or `custom:<key>`. */
  columns?: string[];
  /** Export this selection instead of the filter. */
  customerIds?: string[];
  sort?: { field: string; direction: "asc" | "desc" };
}

export type Format = "csv" | "xlsx";

/** `/api/customers/export?…` for the current business (a session download; the browser saves the file). */
export function exportUrl(businessId: string, format: Format, query: ExportQuery): string {
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
 * Downloads the export of a selection: POSTs the ids as JSON (thousands of ids do not fit in a URL),
 * then saves the answer under the file name the server gives. Errors: throws with the server's message.
 */
async function downloadSelection(businessId: string, format: Format, query: ExportQuery): Promise<string> {
  const res = await fetch("/api/customers/export", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      businessId,
      format,
      ids: query.customerIds,
      columns: query.columns,
      ...(query.sort ? { sort: query.sort.field, direction: query.sort.direction } : {}),
    }),
  });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { message?: unknown } | null;
    throw new Error(typeof body?.message === "string" ? body.message : "The export failed. Try again.");
  }
  const blob = await res.blob();
  const fileName =
    /filename="([^"]+)"/.exec(res.headers.get("content-disposition") ?? "")?.[1] ?? `customers.${format}`;
  const href = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = href;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
  return fileName;
}

const formats: { format: Format; label: string }[] = [
  { format: "csv", label: "CSV (.csv)" },
  { format: "xlsx", label: "Excel (.xlsx)" },
];

/**
 * The "Export" menu itself, open from the start (loaded when first opened, see `ExportMenu`): CSV or
 * Excel of the filtered list (a streamed download link) or of the selection (`customerIds`, sent by POST;
 * `onPending` reports the format being made, then null; a failure shows the server's message in a toast).
 */
export default function ExportMenuDropdown({
  query,
  count,
  trigger,
  onPending,
}: {
  query: ExportQuery;
  count?: number;
  trigger: ReactElement;
  onPending: (format: Format | null) => void;
}) {
  const business = useBusiness();
  const selection = Boolean(query.customerIds?.length);
  const n = selection ? (query.customerIds?.length ?? 0) : count;

  async function exportSelection(format: Format) {
    onPending(format);
    try {
      const fileName = await downloadSelection(business.id, format, query);
      toast.success(`Exported ${fileName}`);
    } catch (e) {
      toast.error(e instanceof Error ? e.message : "The export failed. Try again.");
    } finally {
      onPending(null);
    }
  }

  return (
    <DropdownMenu defaultOpen>
      <DropdownMenuTrigger asChild>{trigger}</DropdownMenuTrigger>
      <DropdownMenuContent align="end">
        <DropdownMenuLabel className="text-xs font-normal text-muted-foreground">
          {selection
            ? `${formatCount(n ?? 0)} selected, visible columns`
            : n !== undefined
              ? `All ${formatCount(n)} matching, visible columns`
              : "All matching customers, visible columns"}
        </DropdownMenuLabel>
        {formats.map(({ format, label: text }) =>
          selection ? (
            <DropdownMenuItem key={format} onSelect={() => void exportSelection(format)}>
              {text}
            </DropdownMenuItem>
          ) : (
            <DropdownMenuItem key={format} asChild>
              <a href={exportUrl(business.id, format, query)} download>
                {text}
              </a>
            </DropdownMenuItem>
          ),
        )}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
