"use client";

import type { ReactElement } from "react";
import {
  DropdownMenu,
  DropdownMenuCheckboxItem,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { customerSortFields } from "@/server/domain/customer-values";
import type { CustomerSortField } from "@/server/domain/customers";
import type { ColumnDef, ColumnId } from "./columns";
import type { ListSort } from "./list-state";
import { sortLabels } from "./sort-labels";

// The customers list's menus, loaded when first opened (`MobileSort`, `ColumnChooser` in table-parts.tsx).

/** The phone sort menu, open from the start (see `MobileSort`). */
export function MobileSortMenu({
  sort,
  onSort,
  trigger,
}: {
  sort: ListSort;
  onSort: (f: CustomerSortField) => void;
  trigger: ReactElement;
}) {
  return (
    <DropdownMenu defaultOpen>
      <DropdownMenuTrigger asChild>{trigger}</DropdownMenuTrigger>
      <DropdownMenuContent align="end">
        <DropdownMenuLabel className="text-xs font-normal text-muted-foreground">
          Sort by (again to reverse)
        </DropdownMenuLabel>
        {customerSortFields.map((f) => (
          <DropdownMenuItem key={f} onSelect={() => onSort(f)}>
            {sortLabels[f]}
            {sort.field === f ? (sort.direction === "asc" ? " ↑" : " ↓") : ""}
          </DropdownMenuItem>
        ))}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

/** The column chooser's menu, open from the start (see `ColumnChooser`). */
export function ColumnChooserMenu({
  all,
  visible,
  onChange,
  trigger,
}: {
  all: ColumnDef[];
  visible: ColumnId[];
  onChange: (cols: ColumnId[]) => void;
  trigger: ReactElement;
}) {
  return (
    <DropdownMenu defaultOpen>
      <DropdownMenuTrigger asChild>{trigger}</DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="max-h-80 w-56 overflow-y-auto">
        <DropdownMenuLabel className="text-xs font-normal text-muted-foreground">
          Show columns
        </DropdownMenuLabel>
        {all.map((c) => (
          <DropdownMenuCheckboxItem
            key={c.id}
            checked={visible.includes(c.id)}
            onSelect={(e) => e.preventDefault()}
            onCheckedChange={(checked) =>
              onChange(
                checked
                  ? all.map((x) => x.id).filter((id) => id === c.id || visible.includes(id))
                  : visible.filter((id) => id !== c.id),
              )
            }
          >
            {c.label}
          </DropdownMenuCheckboxItem>
        ))}
        <DropdownMenuSeparator />
        <DropdownMenuItem
          onSelect={() => onChange(["email", "phone", "tags", "lifecycleStage", "lastActivityAt"])}
        >
          Reset to default
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
