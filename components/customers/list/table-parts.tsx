"use client";

import { ArrowDownIcon, ArrowUpDownIcon, ArrowUpIcon, Columns3Icon, XIcon } from "lucide-react";
import { lazy } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { PopupOnDemand } from "@/components/ui/popup-on-demand";
import { TableHead } from "@/components/ui/table";
import { cn } from "@/components/ui/utils";
import type { CustomerSortField, LifecycleStage } from "@/server/domain/customers";
import type { ColumnDef, ColumnId } from "./columns";
import type { ListSort } from "./list-state";
import { sortLabels } from "./sort-labels";

const loadListMenus = () => import("./list-menus");
const MobileSortMenu = lazy(() => loadListMenus().then((m) => ({ default: m.MobileSortMenu })));
const ColumnChooserMenu = lazy(() => loadListMenus().then((m) => ({ default: m.ColumnChooserMenu })));

/** Small parts of the customers list: tags, sortable headers, the phone sort menu, the column chooser, the skeleton. */

/** Badge colour per lifecycle stage. */
export const stageVariant: Record<LifecycleStage, "secondary" | "success" | "warning" | "outline"> = {
  lead: "outline",
  prospect: "warning",
  customer: "success",
  churned: "secondary",
};

/**
 * A customer's tags as chips (the first two or three, then "+N"). With `onTagClick`, each chip is a button
 * that filters the list by that tag.
 */
export function TagList({
  tags,
  nowrap = false,
  onTagClick,
}: {
  tags: string[];
  nowrap?: boolean;
  onTagClick?: (tag: string) => void;
}) {
  if (!tags.length) return null;
  const shown = tags.slice(0, nowrap ? 2 : 3);
  return (
    <span className={cn("flex min-w-0 gap-1", nowrap ? "flex-nowrap overflow-hidden" : "flex-wrap")}>
      {shown.map((t) =>
        onTagClick ? (
          <button
            key={t}
            type="button"
            onClick={() => onTagClick(t)}
            title={`Show customers tagged ${t}`}
            aria-label={`Show customers tagged ${t}`}
            className="max-w-32 truncate rounded-md outline-none focus-visible:ring-2 focus-visible:ring-ring"
          >
            <Badge
              variant="secondary"
              className="pointer-events-none max-w-32 truncate hover:bg-secondary/70"
            >
              {t}
            </Badge>
          </button>
        ) : (
          <Badge key={t} variant="secondary" className="max-w-32 truncate">
            {t}
          </Badge>
        ),
      )}
      {tags.length > shown.length ? (
        <Badge variant="outline" title={tags.slice(shown.length).join(", ")}>
          +{tags.length - shown.length}
        </Badge>
      ) : null}
    </span>
  );
}

export function SortableHead({
  label,
  field,
  sort,
  onSort,
}: {
  label: string;
  field: CustomerSortField;
  sort: ListSort;
  onSort: (f: CustomerSortField) => void;
}) {
  const active = sort.field === field;
  const Icon = !active ? ArrowUpDownIcon : sort.direction === "asc" ? ArrowUpIcon : ArrowDownIcon;
  return (
    <TableHead aria-sort={active ? (sort.direction === "asc" ? "ascending" : "descending") : "none"}>
      <button
        type="button"
        onClick={() => onSort(field)}
        className={cn(
          "-mx-2 inline-flex h-8 items-center gap-1 rounded-md px-2 outline-none hover:bg-accent hover:text-accent-foreground focus-visible:ring-2 focus-visible:ring-ring",
          active && "text-foreground",
        )}
      >
        {label}
        <Icon className={cn("size-3.5", !active && "opacity-50")} aria-hidden="true" />
      </button>
    </TableHead>
  );
}

/** Phones have no column headers: sort from a menu (loaded when first opened). */
export function MobileSort({ sort, onSort }: { sort: ListSort; onSort: (f: CustomerSortField) => void }) {
  const trigger = (
    <Button variant="ghost" size="sm">
      <ArrowUpDownIcon aria-hidden="true" />
      {sortLabels[sort.field]} {sort.direction === "asc" ? "↑" : "↓"}
    </Button>
  );
  return (
    <PopupOnDemand
      trigger={trigger}
      preload={loadListMenus}
      menu={<MobileSortMenu sort={sort} onSort={onSort} trigger={trigger} />}
    />
  );
}

/** "Columns": which columns the table shows (the menu loads when first opened). */
export function ColumnChooser(props: {
  all: ColumnDef[];
  visible: ColumnId[];
  onChange: (cols: ColumnId[]) => void;
}) {
  const trigger = (
    <Button variant="outline" className="hidden md:inline-flex">
      <Columns3Icon aria-hidden="true" />
      Columns
    </Button>
  );
  return (
    <PopupOnDemand
      trigger={trigger}
      preload={loadListMenus}
      menu={<ColumnChooserMenu {...props} trigger={trigger} />}
    />
  );
}

/** An active filter of the list as a chip with a remove button. */
export function FilterChipButton({ label, onRemove }: { label: string; onRemove: () => void }) {
  return (
    <Badge variant="secondary" className="max-w-72 gap-1 py-1 pr-1 text-sm font-normal">
      <span className="truncate">{label}</span>
      <button
        type="button"
        onClick={onRemove}
        aria-label={`Remove filter ${label}`}
        className="grid size-5 place-items-center rounded-sm outline-none hover:bg-foreground/10 focus-visible:ring-2 focus-visible:ring-ring"
      >
        <XIcon className="size-3.5" aria-hidden="true" />
      </button>
    </Badge>
  );
}
