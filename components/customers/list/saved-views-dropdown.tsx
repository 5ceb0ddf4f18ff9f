"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { BookmarkIcon, PlusIcon, Trash2Icon, UsersIcon } from "lucide-react";
import { cloneElement, type ReactElement, type Ref, useRef, useState } from "react";
import { fieldErrorsOf, messageOf } from "@/components/auth/trpc-errors";
import { useBusiness } from "@/components/layout/business-context";
import { useTRPC } from "@/components/providers/trpc-provider";
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
import { Checkbox } from "@/components/ui/checkbox";
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
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuSub,
  DropdownMenuSubContent,
  DropdownMenuSubTrigger,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { toast } from "@/components/ui/toast";

/** What a saved view holds: the filters (search included), sort and visible columns. */
export interface ViewState {
  filters: Record<string, unknown>;
  sort: { field: string; direction: "asc" | "desc" };
  columns: string[];
}

export interface SavedView extends ViewState {
  id: string;
  name: string;
  shared: boolean;
}

/**
 * The "Views" menu itself, open from the start (loaded when first opened, see `SavedViewsMenu`): apply a saved view, save the current filters/sort/columns as one (personal, or shared by
 * owners and admins), or delete one.
 */
export default function SavedViewsDropdown({
  current,
  onApply,
  trigger,
}: {
  current: ViewState;
  onApply: (view: { id: string; name: string } & ViewState) => void;
  /** The "Views" button (`SavedViewsMenu` renders the same one until the menu has loaded). */
  trigger: ReactElement<{ ref?: Ref<HTMLButtonElement> }>;
}) {
  const business = useBusiness();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const views = useQuery(trpc.savedViews.list.queryOptions({ businessId: business.id }));
  const [saveOpen, setSaveOpen] = useState(false);
  const [name, setName] = useState("");
  const [shared, setShared] = useState(false);
  const [nameError, setNameError] = useState<string | null>(null);
  // The view to delete stays set while its dialog closes, so the dialog keeps its text until it is gone.
  const [toDelete, setToDelete] = useState<SavedView | null>(null);
  const [deleteOpen, setDeleteOpen] = useState(false);
  // Set while a menu item opens a dialog: the closing menu then leaves focus to the dialog instead of
  // moving it back to its button (the dialog would take it back and select the field being typed in).
  const openingFromMenu = useRef(false);
  const triggerRef = useRef<HTMLButtonElement>(null);
  /** For the dialogs' `onCloseAutoFocus`: back to the "Views" button. */
  const backToTrigger = (event: Event) => {
    event.preventDefault();
    triggerRef.current?.focus();
  };
  const canShare = business.role === "owner" || business.role === "admin";
  const list = (views.data ?? []) as unknown as SavedView[];

  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.savedViews.list.pathKey() });
  const create = useMutation(
    trpc.savedViews.create.mutationOptions({
      onSuccess: (v) => {
        toast.success(`View “${v.name}” saved`);
        setSaveOpen(false);
        setName("");
        void invalidate();
        onApply({ ...current, id: v.id, name: v.name });
      },
      onError: (e) => {
        const fe = fieldErrorsOf(e);
        if (fe.name) setNameError(fe.name);
        else toast.error(messageOf(e));
      },
    }),
  );
  const remove = useMutation(
    trpc.savedViews.delete.mutationOptions({
      onSuccess: () => {
        toast.success("View deleted");
        setDeleteOpen(false);
        void invalidate();
      },
      onError: (e) => toast.error(messageOf(e)),
    }),
  );

  return (
    <>
      <DropdownMenu defaultOpen>
        <DropdownMenuTrigger asChild>{cloneElement(trigger, { ref: triggerRef })}</DropdownMenuTrigger>
        <DropdownMenuContent
          align="end"
          className="w-64"
          onCloseAutoFocus={(event) => {
            if (!openingFromMenu.current) return;
            openingFromMenu.current = false;
            event.preventDefault();
          }}
        >
          <DropdownMenuLabel className="text-xs font-normal text-muted-foreground">
            Saved views
          </DropdownMenuLabel>
          {views.isPending ? (
            <DropdownMenuItem disabled>Loading…</DropdownMenuItem>
          ) : views.isError ? (
            <DropdownMenuItem disabled>Views could not load</DropdownMenuItem>
          ) : list.length === 0 ? (
            <DropdownMenuItem disabled>No saved views yet</DropdownMenuItem>
          ) : (
            list.map((v) => (
              <DropdownMenuItem
                key={v.id}
                onSelect={() =>
                  onApply({
                    id: v.id,
                    name: v.name,
                    filters: v.filters ?? {},
                    sort: v.sort ?? { field: "createdAt", direction: "desc" },
                    columns: v.columns ?? [],
                  })
                }
              >
                {v.shared ? <UsersIcon aria-label="Shared" /> : <BookmarkIcon aria-hidden="true" />}
                <span className="truncate">{v.name}</span>
              </DropdownMenuItem>
            ))
          )}
          <DropdownMenuSeparator />
          <DropdownMenuItem
            onSelect={() => {
              openingFromMenu.current = true;
              setNameError(null);
              setSaveOpen(true);
            }}
          >
            <PlusIcon aria-hidden="true" />
            Save current view…
          </DropdownMenuItem>
          {list.length ? (
            <DropdownMenuSub>
              <DropdownMenuSubTrigger>
                <Trash2Icon aria-hidden="true" />
                Delete a view
              </DropdownMenuSubTrigger>
              <DropdownMenuSubContent className="w-56">
                {list
                  .filter((v) => !v.shared || canShare)
                  .map((v) => (
                    <DropdownMenuItem
                      key={v.id}
                      variant="destructive"
                      onSelect={() => {
                        openingFromMenu.current = true;
                        setToDelete(v);
                        setDeleteOpen(true);
                      }}
                    >
                      <span className="truncate">{v.name}</span>
                    </DropdownMenuItem>
                  ))}
              </DropdownMenuSubContent>
            </DropdownMenuSub>
          ) : null}
        </DropdownMenuContent>
      </DropdownMenu>

      <Dialog open={saveOpen} onOpenChange={setSaveOpen}>
        <DialogContent onCloseAutoFocus={backToTrigger}>
          <form
            className="grid gap-4"
            onSubmit={(e) => {
              e.preventDefault();
              if (!name.trim()) return setNameError("Name the view.");
              create.mutate({
                businessId: business.id,
                name: name.trim(),
                filters: current.filters,
                sort: current.sort,
                columns: current.columns,
                shared: canShare && shared,
              });
            }}
            noValidate
          >
            <DialogHeader>
              <DialogTitle>Save view</DialogTitle>
              <DialogDescription>Saves the search, filters, sort and columns you see now.</DialogDescription>
            </DialogHeader>
            <div className="grid gap-2">
              <Label htmlFor="view-name">Name</Label>
              <Input
                id="view-name"
                value={name}
                maxLength={80}
                onChange={(e) => {
                  setName(e.target.value);
                  setNameError(null);
                }}
                aria-invalid={!!nameError}
                aria-describedby={nameError ? "view-name-error" : undefined}
                placeholder="Birthdays this month"
              />
              {nameError ? (
                <p id="view-name-error" className="text-sm font-medium text-destructive">
                  {nameError}
                </p>
              ) : null}
            </div>
            {canShare ? (
              <div className="flex items-center gap-2">
                <Checkbox id="view-shared" checked={shared} onCheckedChange={(c) => setShared(c === true)} />
                <Label htmlFor="view-shared" className="font-normal">
                  Share with everyone in {business.name}
                </Label>
              </div>
            ) : null}
            <DialogFooter>
              <Button type="button" variant="outline" onClick={() => setSaveOpen(false)}>
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending}>
                Save view
              </Button>
            </DialogFooter>
          </form>
        </DialogContent>
      </Dialog>

      <AlertDialog open={deleteOpen} onOpenChange={setDeleteOpen}>
        <AlertDialogContent onCloseAutoFocus={backToTrigger}>
          <AlertDialogHeader>
            <AlertDialogTitle>Delete the view “{toDelete?.name}”?</AlertDialogTitle>
            <AlertDialogDescription>
              {toDelete?.shared
                ? "It disappears for everyone in the business. Customers are not affected."
                : "Customers are not affected."}
            </AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel>Cancel</AlertDialogCancel>
            <AlertDialogAction
              variant="destructive"
              disabled={remove.isPending}
              onClick={(e) => {
                e.preventDefault();
                if (toDelete) remove.mutate({ businessId: business.id, savedViewId: toDelete.id });
              }}
            >
              Delete view
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </>
  );
}
