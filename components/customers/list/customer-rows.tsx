"use client";
import {
  MessageCircleIcon,
  PhoneIcon,
  RotateCcwIcon,
  SquareCheckIcon,
  SquareIcon,
  Trash2Icon,
} from "lucide-react";
import { type ReactNode, useState } from "react";
import { lifecycleStageLabels } from "@/components/customers/form/labels";
import { useFormatPhone } from "@/components/customers/phone-display";
import { useFormatDate } from "@/components/layout/date-display";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Link, LinkPending } from "@/components/ui/link";
import { RowCheckbox } from "@/components/ui/row-checkbox";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { cn } from "@/components/ui/utils";
import type { CustomerOutput, CustomerSortField } from "@/server/domain/customers";
import type { ColumnDef, ColumnId } from "./columns";
import type { ListSort } from "./list-state";
import { SwipeCard } from "./swipe-card";
import { MobileSort, SortableHead, stageVariant, TagList } from "./table-parts";

/** The customers list's rows: a table from `md` up, cards on phones. */

/** The list's selection, as the rows read and change it. */
export interface RowSelection {
  allMatching: boolean;
  selected: Set<string>;
  allLoadedSelected: boolean;
  selectAllRef: React.RefObject<HTMLInputElement | null>;
  toggleAll: (checked: boolean) => void;
  toggleOne: (id: string, checked: boolean) => void;
}

/** "Select all" is ticked: every loaded row, or every customer matching, is selected. */
const allChecked = (s: RowSelection) => s.allMatching || s.allLoadedSelected;
/** "Select all" shows the mixed state: some rows are selected, not all. */
const someChecked = (s: RowSelection) => !allChecked(s) && s.selected.size > 0;

/** Restoring a customer from the Trash (null when the role may not). */
export interface RestoreAction {
  pending: boolean;
  run: (customerId: string) => void;
}

interface RowsProps {
  rows: CustomerOutput[];
  sort: ListSort;
  onSort: (field: CustomerSortField) => void;
  selection: RowSelection;
  trash: boolean;
  restore: RestoreAction | null;
  customerHref: (customerId: string) => string;
}

/** The desktop table: selection, name, the visible columns (sortable where they can be), Trash columns. */
export function CustomersTable({
  rows,
  visible,
  cell,
  sort,
  onSort,
  selection,
  trash,
  restore,
  customerHref,
}: RowsProps & { visible: ColumnDef[]; cell: (c: CustomerOutput, col: ColumnId) => ReactNode }) {
  const dates = useFormatDate();
  return (
    <div className="min-w-0 rounded-lg border">
      <Table>
        <TableHeader>
          <TableRow className="hover:bg-transparent">
            <TableHead className="w-10 pl-3">
              <RowCheckbox
                ref={selection.selectAllRef}
                aria-label="Select all loaded customers"
                checked={allChecked(selection)}
                indeterminate={someChecked(selection)}
                onCheckedChange={(c) => selection.toggleAll(c)}
              />
            </TableHead>
            <SortableHead label="Name" field="name" sort={sort} onSort={onSort} />
            {visible.map((col) =>
              col.sort ? (
                <SortableHead key={col.id} label={col.label} field={col.sort} sort={sort} onSort={onSort} />
              ) : (
                <TableHead key={col.id}>{col.label}</TableHead>
              ),
            )}
            {trash ? (
              <>
                <TableHead>Deleted</TableHead>
                <TableHead className="w-10">
                  <span className="sr-only">Restore</span>
                </TableHead>
              </>
            ) : null}
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((c) => {
            const isSelected = selection.allMatching || selection.selected.has(c.id);
            return (
              <TableRow key={c.id} data-state={isSelected ? "selected" : undefined}>
                <TableCell className="w-10 pl-3">
                  <RowCheckbox
                    aria-label={`Select ${c.name}`}
                    checked={isSelected}
                    onCheckedChange={(v) => selection.toggleOne(c.id, v)}
                  />
                </TableCell>
                <TableCell className="max-w-64 font-medium">
                  <Link
                    href={customerHref(c.id)}
                    className="flex min-w-0 items-center gap-1.5 rounded-sm underline-offset-4 outline-none hover:underline focus-visible:ring-2 focus-visible:ring-ring"
                  >
                    <span className="truncate">{c.name}</span>
                    <LinkPending />
                  </Link>
                </TableCell>
                {visible.map((col) => (
                  <TableCell key={col.id} className="max-w-56 truncate text-muted-foreground">
                    {cell(c, col.id)}
                  </TableCell>
                ))}
                {trash ? (
                  <>
                    <TableCell className="text-muted-foreground">
                      {c.deletedAt ? dates.date(c.deletedAt) : ""}
                    </TableCell>
                    <TableCell className="w-10 pr-3">
                      {restore ? (
                        <Button
                          size="icon-sm"
                          variant="ghost"
                          aria-label={`Restore ${c.name}`}
                          title="Restore"
                          disabled={restore.pending}
                          onClick={() => restore.run(c.id)}
                        >
                          <RotateCcwIcon aria-hidden="true" />
                        </Button>
                      ) : null}
                    </TableCell>
                  </>
                ) : null}
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </div>
  );
}

/**
 * The phone card list: select all, the sort menu, one card per customer (call and WhatsApp on each).
 * Swiping a card left shows Select and, where the role may, Delete (moves it to the Trash; `onDelete`);
 * long-press selects it.
 */
export function CustomerCards({
  rows,
  sort,
  onSort,
  selection,
  trash,
  restore,
  customerHref,
  onTagClick,
  onDelete,
}: RowsProps & {
  onTagClick?: (tag: string) => void;
  onDelete?: ((customer: CustomerOutput) => void) | null;
}) {
  const formatPhone = useFormatPhone();
  const [openId, setOpenId] = useState<string | null>(null);
  return (
    <div className="grid gap-2">
      <div className="flex items-center justify-between gap-2 px-1">
        <div className="flex items-center gap-2 text-sm">
          <RowCheckbox
            ref={selection.selectAllRef}
            id="select-all-cards"
            checked={allChecked(selection)}
            indeterminate={someChecked(selection)}
            onCheckedChange={(c) => selection.toggleAll(c)}
          />
          <label htmlFor="select-all-cards">Select all</label>
        </div>
        <MobileSort sort={sort} onSort={onSort} />
      </div>
      <ul className="grid gap-2">
        {rows.map((c) => {
          const isSelected = selection.allMatching || selection.selected.has(c.id);
          const phone = formatPhone(c.phone ?? c.whatsapp);
          const whatsapp = c.whatsapp ?? c.phone;
          return (
            <SwipeCard
              key={c.id}
              name={c.name}
              open={openId === c.id}
              onOpenChange={(o) => setOpenId(o ? c.id : null)}
              onLongPress={() => selection.toggleOne(c.id, !isSelected)}
              actions={[
                {
                  label: isSelected ? "Unselect" : "Select",
                  icon: isSelected ? (
                    <SquareIcon aria-hidden="true" />
                  ) : (
                    <SquareCheckIcon aria-hidden="true" />
                  ),
                  onSelect: () => selection.toggleOne(c.id, !isSelected),
                },
                ...(onDelete && !trash
                  ? [
                      {
                        label: "Delete",
                        icon: <Trash2Icon aria-hidden="true" />,
                        destructive: true,
                        onSelect: () => onDelete(c),
                      },
                    ]
                  : []),
              ]}
              className={cn(isSelected && "border-primary/50 bg-muted")}
            >
              <RowCheckbox
                className="mt-0.5"
                aria-label={`Select ${c.name}`}
                checked={isSelected}
                onCheckedChange={(v) => selection.toggleOne(c.id, v)}
              />
              <div className="grid min-w-0 flex-1 gap-1">
                <div className="flex min-w-0 items-center justify-between gap-2">
                  <Link
                    href={customerHref(c.id)}
                    className="flex min-w-0 items-center gap-1.5 font-medium underline-offset-4 outline-none hover:underline focus-visible:ring-2 focus-visible:ring-ring"
                  >
                    <span className="truncate">{c.name}</span>
                    <LinkPending />
                  </Link>
                  <Badge variant={stageVariant[c.lifecycleStage]} className="shrink-0">
                    {lifecycleStageLabels[c.lifecycleStage]}
                  </Badge>
                </div>
                {phone || c.email ? (
                  <p className="truncate text-sm text-muted-foreground">
                    {[phone, c.email].filter(Boolean).join(" · ")}
                  </p>
                ) : null}
                {c.company ? <p className="truncate text-sm text-muted-foreground">{c.company}</p> : null}
                {c.tags.length ? <TagList tags={c.tags} onTagClick={onTagClick} /> : null}
                {!trash && (c.phone || whatsapp) ? (
                  <div className="mt-1 flex gap-2">
                    {c.phone ? (
                      <Button asChild size="icon" variant="outline" className="size-11">
                        <a href={`tel:${c.phone}`} aria-label={`Call ${c.name}`}>
                          <PhoneIcon aria-hidden="true" />
                        </a>
                      </Button>
                    ) : null}
                    {whatsapp ? (
                      <Button asChild size="icon" variant="outline" className="size-11">
                        <a
                          href={`https://wa.me/${whatsapp.replace(/\D/g, "")}`}
                          target="_blank"
                          rel="noopener noreferrer"
                          aria-label={`WhatsApp ${c.name}`}
                        >
                          <MessageCircleIcon aria-hidden="true" />
                        </a>
                      </Button>
                    ) : null}
                  </div>
                ) : null}
                {trash && restore ? (
                  <Button
                    size="sm"
                    variant="outline"
                    className="mt-1 justify-self-start"
                    disabled={restore.pending}
                    onClick={() => restore.run(c.id)}
                  >
                    <RotateCcwIcon aria-hidden="true" />
                    Restore
                  </Button>
                ) : null}
              </div>
            </SwipeCard>
          );
        })}
      </ul>
    </div>
  );
}
