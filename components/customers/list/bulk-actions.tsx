"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import {
  ChevronDownIcon,
  ListPlusIcon,
  RotateCcwIcon,
  TagIcon,
  Trash2Icon,
  UserRoundIcon,
  XIcon,
} from "lucide-react";
import { useRef, useState } from "react";
import { messageOf } from "@/components/auth/trpc-errors";
import { lifecycleStageLabels } from "@/components/customers/form/labels";
import { TagInput } from "@/components/customers/form/tag-input";
import { ExportMenu } from "@/components/imports/export-menu";
import { useBusiness, useCan } from "@/components/layout/business-context";
import { useTRPC } from "@/components/providers/trpc-provider";
import { NativeSelect } from "@/components/settings/native-select";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { Label } from "@/components/ui/label";
import { toast } from "@/components/ui/toast";
import { type LifecycleStage, lifecycleStages } from "@/server/domain/customer-values";
import { formatCount } from "@/server/domain/format";
/** What the bulk actions apply to: some ids, or every customer matching a filter. */
import type { BulkTarget } from "./bulk-target";
import { BulkTaskDialog } from "./bulk-task-dialog";

export type { BulkTarget };

type Mode = "addTags" | "removeTags" | "stage" | "owner" | "task" | "delete" | "restore" | null;
type EditMode = "addTags" | "removeTags" | "stage" | "owner";

const plural = (n: number) => `${formatCount(n)} customer${n === 1 ? "" : "s"}`;

/**
 * The bar that appears when rows are selected: count, clear, Export (CSV/XLSX of the selection or all
 * matching, with the visible `columns` in their order and the list's `sort`), and the actions the role
 * may take (tags, stage, owner, create a task, delete; restore in the Trash). Every action asks first (a
 * dialog), then reports the number of customers changed in a toast. It wraps onto more lines on phones.
 * When a dialog closes, focus goes back to the bar's menu button, or to `onFocusAway` once the bar is
 * gone (the action cleared the selection).
 */
export function BulkActionsBar({
  target,
  count,
  trash,
  members,
  columns,
  sort,
  onDone,
  onClear,
  onFocusAway,
}: {
  target: BulkTarget;
  count: number;
  trash: boolean;
  members: { userId: string; name: string | null; email: string }[];
  columns: string[];
  sort: { field: string; direction: "asc" | "desc" };
  onDone: () => void;
  onClear: () => void;
  /** Moves focus somewhere sensible in the list when a dialog closes after the bar went away. */
  onFocusAway?: () => void;
}) {
  const business = useBusiness();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canWrite = useCan("customers.write");
  const canDelete = useCan("customers.delete");
  const canTask = useCan("tasks.write");
  const [mode, setMode] = useState<Mode>(null);
  const [tags, setTags] = useState<string[]>([]);
  const [stage, setStage] = useState<LifecycleStage>("customer");
  const [owner, setOwner] = useState("");
  // What the dialogs show; kept after `mode` goes back to null, so a closing dialog keeps its content
  // through its exit animation.
  const [editMode, setEditMode] = useState<EditMode>("addTags");
  const [confirm, setConfirm] = useState<"delete" | "restore">("delete");
  // Set while a menu item opens a dialog: the closing menu then leaves focus to the dialog instead of
  // moving it back to its button (which the dialog's focus trap would undo by selecting the field,
  // so what was typed meanwhile would be replaced).
  const openingFromMenu = useRef(false);
  const openDialog = (next: Exclude<Mode, null>) => {
    openingFromMenu.current = true;
    if (next === "delete" || next === "restore") setConfirm(next);
    else if (next !== "task") setEditMode(next);
    setMode(next);
  };
  const triggerRef = useRef<HTMLButtonElement>(null);
  /** For a dialog's `onCloseAutoFocus`: back to the menu button, or away when the bar is gone. */
  const returnFocus = (event: Event) => {
    event.preventDefault();
    const trigger = triggerRef.current;
    if (trigger?.isConnected) trigger.focus();
    else onFocusAway?.();
  };

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.customers.list.pathKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.customers.trash.pathKey() });
  };
  const done = (verb: string) => (r: { affected: number }) => {
    if (r.affected === 0) toast.info("Nothing to change: the selected customers already had that.");
    else toast.success(`${verb} ${plural(r.affected)}`);
    setMode(null);
    setTags([]);
    refresh();
    onDone();
  };
  const onError = (e: unknown) => toast.error(messageOf(e));

  const bulk = useMutation(trpc.customers.bulk.mutationOptions({ onError }));
  const bulkDelete = useMutation(
    trpc.customers.bulkDelete.mutationOptions({ onSuccess: done("Moved to Trash:"), onError }),
  );
  const bulkRestore = useMutation(
    trpc.customers.bulkRestore.mutationOptions({ onSuccess: done("Restored"), onError }),
  );
  const base = { businessId: business.id, ...target };

  function runBulk() {
    if (mode === "addTags" || mode === "removeTags") {
      if (!tags.length) return toast.error("Add at least one tag.");
      bulk.mutate(
        { ...base, action: { type: mode, tags } },
        { onSuccess: done(mode === "addTags" ? "Tagged" : "Removed tags from") },
      );
    } else if (mode === "stage") {
      bulk.mutate(
        { ...base, action: { type: "setLifecycleStage", value: stage } },
        { onSuccess: done("Updated") },
      );
    } else if (mode === "owner") {
      bulk.mutate(
        { ...base, action: { type: "assignOwner", ownerId: owner || null } },
        { onSuccess: done("Assigned") },
      );
    }
  }

  const editOpen = mode === "addTags" || mode === "removeTags" || mode === "stage" || mode === "owner";
  const title =
    editMode === "addTags"
      ? "Add tags"
      : editMode === "removeTags"
        ? "Remove tags"
        : editMode === "stage"
          ? "Set lifecycle stage"
          : "Assign owner";

  return (
    <section
      aria-label="Selection"
      className="flex min-w-0 flex-wrap items-center gap-2 rounded-lg border bg-muted/60 px-3 py-2"
    >
      <span className="text-sm font-medium" aria-live="polite">
        {formatCount(count)} selected
      </span>
      <Button variant="ghost" size="sm" onClick={onClear}>
        <XIcon aria-hidden="true" />
        Clear
      </Button>
      <div className="ml-auto flex flex-wrap justify-end gap-2">
        <ExportMenu
          size="sm"
          compact
          count={count}
          columns={columns}
          sort={sort}
          {...("customerIds" in target ? { customerIds: target.customerIds } : { filter: target.filter })}
        />
        {trash ? (
          canDelete ? (
            <Button ref={triggerRef} size="sm" onClick={() => openDialog("restore")}>
              <RotateCcwIcon aria-hidden="true" />
              Restore
            </Button>
          ) : null
        ) : canWrite || canTask ? (
          <DropdownMenu>
            <DropdownMenuTrigger asChild>
              <Button ref={triggerRef} size="sm" variant="outline">
                Actions
                <ChevronDownIcon aria-hidden="true" />
              </Button>
            </DropdownMenuTrigger>
            <DropdownMenuContent
              align="end"
              onCloseAutoFocus={(event) => {
                if (!openingFromMenu.current) return;
                openingFromMenu.current = false;
                event.preventDefault();
              }}
            >
              {canWrite ? (
                <>
                  <DropdownMenuItem onSelect={() => openDialog("addTags")}>
                    <TagIcon aria-hidden="true" />
                    Add tags…
                  </DropdownMenuItem>
                  <DropdownMenuItem onSelect={() => openDialog("removeTags")}>
                    <TagIcon aria-hidden="true" />
                    Remove tags…
                  </DropdownMenuItem>
                  <DropdownMenuItem onSelect={() => openDialog("stage")}>
                    Set lifecycle stage…
                  </DropdownMenuItem>
                  <DropdownMenuItem onSelect={() => openDialog("owner")}>
                    <UserRoundIcon aria-hidden="true" />
                    Assign owner…
                  </DropdownMenuItem>
                </>
              ) : null}
              {canTask ? (
                <DropdownMenuItem onSelect={() => openDialog("task")}>
                  <ListPlusIcon aria-hidden="true" />
                  Create a task…
                </DropdownMenuItem>
              ) : null}
              {canDelete && canWrite ? (
                <>
                  <DropdownMenuSeparator />
                  <DropdownMenuItem variant="destructive" onSelect={() => openDialog("delete")}>
                    <Trash2Icon aria-hidden="true" />
                    Delete…
                  </DropdownMenuItem>
                </>
              ) : null}
            </DropdownMenuContent>
          </DropdownMenu>
        ) : null}
      </div>

      <Dialog open={editOpen} onOpenChange={(o) => !o && setMode(null)}>
        <DialogContent onCloseAutoFocus={returnFocus}>
          <DialogHeader>
            <DialogTitle>{title}</DialogTitle>
            <DialogDescription>Applies to {plural(count)}.</DialogDescription>
          </DialogHeader>
          {editMode === "addTags" || editMode === "removeTags" ? (
            <div className="grid gap-2">
              <Label htmlFor="bulk-tags">Tags</Label>
              <TagInput
                id="bulk-tags"
                value={tags}
                onChange={setTags}
                placeholder="Type a tag and press Enter"
              />
            </div>
          ) : editMode === "stage" ? (
            <div className="grid gap-2">
              <Label htmlFor="bulk-stage">Lifecycle stage</Label>
              <NativeSelect
                id="bulk-stage"
                value={stage}
                onChange={(e) => setStage(e.target.value as LifecycleStage)}
              >
                {lifecycleStages.map((s) => (
                  <option key={s} value={s}>
                    {lifecycleStageLabels[s]}
                  </option>
                ))}
              </NativeSelect>
            </div>
          ) : (
            <div className="grid gap-2">
              <Label htmlFor="bulk-owner">Owner</Label>
              <NativeSelect id="bulk-owner" value={owner} onChange={(e) => setOwner(e.target.value)}>
                <option value="">Unassigned</option>
                {members.map((m) => (
                  <option key={m.userId} value={m.userId}>
                    {m.name?.trim() || m.email}
                  </option>
                ))}
              </NativeSelect>
            </div>
          )}
          <DialogFooter>
            <Button variant="outline" onClick={() => setMode(null)}>
              Cancel
            </Button>
            <Button loading={bulk.isPending} onClick={runBulk}>
              Apply to {plural(count)}
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>

      <BulkTaskDialog
        open={mode === "task"}
        onOpenChange={(o) => !o && setMode(null)}
        target={target}
        count={count}
        members={members}
        onCloseAutoFocus={returnFocus}
        onDone={() => {
          setMode(null);
          onDone();
        }}
      />

      <AlertDialog open={mode === "delete" || mode === "restore"} onOpenChange={(o) => !o && setMode(null)}>
        <AlertDialogContent onCloseAutoFocus={returnFocus}>
          <AlertDialogHeader>
            <AlertDialogTitle>
              {confirm === "delete" ? `Delete ${plural(count)}?` : `Restore ${plural(count)}?`}
            </AlertDialogTitle>
            <AlertDialogDescription>
              {confirm === "delete"
                ? "They move to the Trash, where you can restore them for 30 days."
                : "They come back to the customer list with their history."}
            </AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel>Cancel</AlertDialogCancel>
            <AlertDialogAction
              variant={confirm === "delete" ? "destructive" : "default"}
              disabled={bulkDelete.isPending || bulkRestore.isPending}
              onClick={(e) => {
                e.preventDefault();
                if (confirm === "delete") bulkDelete.mutate(base);
                else bulkRestore.mutate(base);
              }}
            >
              {confirm === "delete" ? "Move to Trash" : "Restore"}
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </section>
  );
}
