"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { CopyIcon, PencilIcon, SlidersHorizontalIcon, Trash2Icon } from "lucide-react";
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
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Link } from "@/components/ui/link";
import { toast } from "@/components/ui/toast";
import type { SegmentOutput } from "@/server/domain/segments";

/**
 * A segment's actions menu, open from the start (loaded when first reached for, see `SegmentsList`):
 * edit its rules, rename it (a dialog; a taken name is shown at the field), duplicate it (as
 * "<name> (copy)"), or delete it after a confirmation. Focus returns to the menu's button, or to the list
 * when the segment is gone.
 */
export default function SegmentActionsMenu({
  segment,
  trigger,
  editHref,
  afterDeleteFocusId,
}: {
  segment: SegmentOutput;
  /** The row's menu button (`SegmentsList` renders the same one until this has loaded). */
  trigger: ReactElement<{ ref?: Ref<HTMLButtonElement> }>;
  editHref: string;
  /** The element that takes focus once the segment is deleted (its row, and this button, are gone). */
  afterDeleteFocusId: string;
}) {
  const business = useBusiness();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [renameOpen, setRenameOpen] = useState(false);
  const [deleteOpen, setDeleteOpen] = useState(false);
  const [name, setName] = useState(segment.name);
  const [nameError, setNameError] = useState<string | null>(null);
  // Set while a menu item opens a dialog: the closing menu leaves focus to the dialog.
  const openingFromMenu = useRef(false);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const deleted = useRef(false);
  const backToTrigger = (event: Event) => {
    event.preventDefault();
    if (deleted.current) document.getElementById(afterDeleteFocusId)?.focus();
    else triggerRef.current?.focus();
  };
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.segments.pathKey() });

  const rename = useMutation(
    trpc.segments.update.mutationOptions({
      onSuccess: (s) => {
        toast.success(`Renamed to “${s.name}”`);
        setRenameOpen(false);
        void invalidate();
      },
      onError: (e) => {
        const fe = fieldErrorsOf(e);
        if (fe.name) setNameError(fe.name);
        else toast.error(messageOf(e));
      },
    }),
  );
  const duplicate = useMutation(
    trpc.segments.duplicate.mutationOptions({
      onSuccess: (s) => {
        toast.success(`Copied as “${s.name}”`);
        void invalidate();
      },
      onError: (e) => toast.error(messageOf(e)),
    }),
  );
  const remove = useMutation(
    trpc.segments.delete.mutationOptions({
      onSuccess: () => {
        toast.success(`“${segment.name}” deleted`);
        deleted.current = true;
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
          className="w-52"
          onCloseAutoFocus={(event) => {
            if (!openingFromMenu.current) return;
            openingFromMenu.current = false;
            event.preventDefault();
          }}
        >
          <DropdownMenuItem asChild>
            <Link href={editHref}>
              <SlidersHorizontalIcon aria-hidden="true" />
              Edit rules
            </Link>
          </DropdownMenuItem>
          <DropdownMenuItem
            onSelect={() => {
              openingFromMenu.current = true;
              setName(segment.name);
              setNameError(null);
              setRenameOpen(true);
            }}
          >
            <PencilIcon aria-hidden="true" />
            Rename…
          </DropdownMenuItem>
          <DropdownMenuItem
            disabled={duplicate.isPending}
            onSelect={() => duplicate.mutate({ businessId: business.id, segmentId: segment.id })}
          >
            <CopyIcon aria-hidden="true" />
            Duplicate
          </DropdownMenuItem>
          <DropdownMenuSeparator />
          <DropdownMenuItem
            variant="destructive"
            onSelect={() => {
              openingFromMenu.current = true;
              setDeleteOpen(true);
            }}
          >
            <Trash2Icon aria-hidden="true" />
            Delete…
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>

      <Dialog open={renameOpen} onOpenChange={setRenameOpen}>
        <DialogContent onCloseAutoFocus={backToTrigger}>
          <form
            className="grid gap-4"
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              if (!name.trim()) return setNameError("Name the segment.");
              rename.mutate({ businessId: business.id, segmentId: segment.id, name: name.trim() });
            }}
          >
            <DialogHeader>
              <DialogTitle>Rename segment</DialogTitle>
              <DialogDescription>Its rules and customers stay the same.</DialogDescription>
            </DialogHeader>
            <div className="grid gap-2">
              <Label htmlFor="segment-rename">Name</Label>
              <Input
                id="segment-rename"
                value={name}
                maxLength={80}
                onChange={(e) => {
                  setName(e.target.value);
                  setNameError(null);
                }}
                aria-invalid={!!nameError}
                aria-describedby={nameError ? "segment-rename-error" : undefined}
              />
              {nameError ? (
                <p id="segment-rename-error" className="text-sm font-medium text-destructive">
                  {nameError}
                </p>
              ) : null}
            </div>
            <DialogFooter>
              <Button type="button" variant="outline" onClick={() => setRenameOpen(false)}>
                Cancel
              </Button>
              <Button type="submit" loading={rename.isPending}>
                Rename
              </Button>
            </DialogFooter>
          </form>
        </DialogContent>
      </Dialog>

      <AlertDialog open={deleteOpen} onOpenChange={setDeleteOpen}>
        <AlertDialogContent onCloseAutoFocus={backToTrigger}>
          <AlertDialogHeader>
            <AlertDialogTitle>Delete the segment “{segment.name}”?</AlertDialogTitle>
            <AlertDialogDescription>
              Only the segment goes: its customers stay as they are. This cannot be undone.
            </AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel>Cancel</AlertDialogCancel>
            <AlertDialogAction
              variant="destructive"
              disabled={remove.isPending}
              onClick={(e) => {
                e.preventDefault();
                remove.mutate({ businessId: business.id, segmentId: segment.id });
              }}
            >
              Delete segment
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </>
  );
}
