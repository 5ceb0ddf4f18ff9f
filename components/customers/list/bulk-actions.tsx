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
import { useState } from "react";
import { toast } from "sonner";
import { messageOf } from "@/components/auth/trpc-errors";
import { lifecycleStageLabels, TagInput } from "@/components/customers/customer-form";
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
import {
  type CustomerFilterInput,
  type LifecycleStage,
  lifecycleStageSchema,
} from "@/server/api/schemas/customers";
import { BulkTaskDialog } from "./bulk-task-dialog";

/** What the bulk actions apply to: some ids, or every customer matching a filter. */
export type BulkTarget = { customerIds: string[] } | { filter: CustomerFilterInput };

type Mode = "addTags" | "removeTags" | "stage" | "owner" | "task" | "delete" | "restore" | null;

const plural = (n: number) => `${n.toLocaleString("en")} customer${n === 1 ? "" : "s"}`;

/**
 * The bar that appears when rows are selected: count, clear, Export (CSV/XLSX of the selection or all
 * matching, with the visible `columns` in their order and the list's `sort`), and the actions the role
 * may take (tags, stage, owner, create a task, delete; restore in the Trash). Every action asks first (a
 * dialog), then reports the number of customers changed in a toast. It wraps onto more lines on phones.
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
}: {
  target: BulkTarget;
  count: number;
  trash: boolean;
  members: { userId: string; name: string | null; email: string }[];
  columns: string[];
  sort: { field: string; direction: "asc" | "desc" };
  onDone: () => void;
  onClear: () => void;
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
    mode === "addTags"
      ? "Add tags"
      : mode === "removeTags"
        ? "Remove tags"
        : mode === "stage"
          ? "Set lifecycle stage"
          : "Assign owner";

  return (
    <section
      aria-label="Selection"
      className="flex min-w-0 flex-wrap items-center gap-2 rounded-lg border bg-muted/60 px-3 py-2"
    >
      <span className="text-sm font-medium" aria-live="polite">
        {count.toLocaleString("en")} selected
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
            <Button size="sm" onClick={() => setMode("restore")}>
              <RotateCcwIcon aria-hidden="true" />
              Restore
            </Button>
          ) : null
        ) : canWrite || canTask ? (
          <DropdownMenu>
            <DropdownMenuTrigger asChild>
              <Button size="sm" variant="outline">
                Actions
                <ChevronDownIcon aria-hidden="true" />
              </Button>
            </DropdownMenuTrigger>
            <DropdownMenuContent align="end">
              {canWrite ? (
                <>
                  <DropdownMenuItem onSelect={() => setMode("addTags")}>
                    <TagIcon aria-hidden="true" />
                    Add tags…
                  </DropdownMenuItem>
                  <DropdownMenuItem onSelect={() => setMode("removeTags")}>
                    <TagIcon aria-hidden="true" />
                    Remove tags…
                  </DropdownMenuItem>
                  <DropdownMenuItem onSelect={() => setMode("stage")}>Set lifecycle stage…</DropdownMenuItem>
                  <DropdownMenuItem onSelect={() => setMode("owner")}>
                    <UserRoundIcon aria-hidden="true" />
                    Assign owner…
                  </DropdownMenuItem>
                </>
              ) : null}
              {canTask ? (
                <DropdownMenuItem onSelect={() => setMode("task")}>
                  <ListPlusIcon aria-hidden="true" />
                  Create a task…
                </DropdownMenuItem>
              ) : null}
              {canDelete && canWrite ? (
                <>
                  <DropdownMenuSeparator />
                  <DropdownMenuItem variant="destructive" onSelect={() => setMode("delete")}>
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
        <DialogContent>
          <DialogHeader>
            <DialogTitle>{title}</DialogTitle>
            <DialogDescription>Applies to {plural(count)}.</DialogDescription>
          </DialogHeader>
          {mode === "addTags" || mode === "removeTags" ? (
            <div className="grid gap-2">
              <Label htmlFor="bulk-tags">Tags</Label>
              <TagInput
                id="bulk-tags"
                value={tags}
                onChange={setTags}
                placeholder="Type a tag and press Enter"
              />
            </div>
          ) : mode === "stage" ? (
            <div className="grid gap-2">
              <Label htmlFor="bulk-stage">Lifecycle stage</Label>
              <NativeSelect
                id="bulk-stage"
                value={stage}
                onChange={(e) => setStage(e.target.value as LifecycleStage)}
              >
                {lifecycleStageSchema.options.map((s) => (
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
        onDone={() => {
          setMode(null);
          onDone();
        }}
      />

      <AlertDialog open={mode === "delete" || mode === "restore"} onOpenChange={(o) => !o && setMode(null)}>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>
              {mode === "delete" ? `Delete ${plural(count)}?` : `Restore ${plural(count)}?`}
            </AlertDialogTitle>
            <AlertDialogDescription>
              {mode === "delete"
                ? "They move to the Trash, where you can restore them for 30 days."
                : "They come back to the customer list with their history."}
            </AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel>Cancel</AlertDialogCancel>
            <AlertDialogAction
              variant={mode === "delete" ? "destructive" : "default"}
              disabled={bulkDelete.isPending || bulkRestore.isPending}
              onClick={(e) => {
                e.preventDefault();
                if (mode === "delete") bulkDelete.mutate(base);
                else bulkRestore.mutate(base);
              }}
            >
              {mode === "delete" ? "Move to Trash" : "Restore"}
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </section>
  );
}
