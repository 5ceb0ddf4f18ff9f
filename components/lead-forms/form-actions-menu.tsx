"use client";

import { useMutation } from "@tanstack/react-query";
import { CopyIcon, DoorClosedIcon, DoorOpenIcon, PencilIcon, Trash2Icon } from "lucide-react";
import { useRouter } from "next/navigation";
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
import { toast } from "@/components/ui/toast";
import { LEAD_FORM_NAME_MAX } from "@/server/domain/lead-form-contracts";
import type { LeadFormStatus } from "@/server/domain/lead-forms";

/**
 * A form's actions menu, open from the start (loaded when first reached for, see `FormRowActions`):
 * rename (a dialog; a taken name is shown at the field), duplicate, close or reopen, and delete after a
 * confirmation. The server-rendered list is refreshed after each change; focus returns to the menu's
 * button, or to the list when the form is gone.
 */
export default function FormActionsMenu({
  form,
  trigger,
  afterDeleteFocusId,
}: {
  form: { id: string; name: string; status: LeadFormStatus; submissionCount: number };
  trigger: ReactElement<{ ref?: Ref<HTMLButtonElement> }>;
  afterDeleteFocusId: string;
}) {
  const business = useBusiness();
  const trpc = useTRPC();
  const router = useRouter();
  const [renameOpen, setRenameOpen] = useState(false);
  const [deleteOpen, setDeleteOpen] = useState(false);
  const [name, setName] = useState(form.name);
  const [nameError, setNameError] = useState<string | null>(null);
  const openingFromMenu = useRef(false);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const deleted = useRef(false);
  const backToTrigger = (event: Event) => {
    event.preventDefault();
    if (deleted.current) document.getElementById(afterDeleteFocusId)?.focus();
    else triggerRef.current?.focus();
  };
  const ids = { businessId: business.id, formId: form.id };
  const done = (message: string) => {
    toast.success(message);
    router.refresh();
  };
  const failed = (e: unknown) => toast.error(messageOf(e));

  const rename = useMutation(
    trpc.leadForms.update.mutationOptions({
      onSuccess: (f) => {
        setRenameOpen(false);
        done(`Renamed to “${f.name}”`);
      },
      onError: (e) => {
        const fe = fieldErrorsOf(e);
        if (fe.name) setNameError(fe.name);
        else failed(e);
      },
    }),
  );
  const duplicate = useMutation(
    trpc.leadForms.duplicate.mutationOptions({
      onSuccess: (f) => done(`Copied as “${f.name}”`),
      onError: failed,
    }),
  );
  const close = useMutation(
    trpc.leadForms.close.mutationOptions({
      onSuccess: () => done(`“${form.name}” is closed`),
      onError: failed,
    }),
  );
  const reopen = useMutation(
    trpc.leadForms.reopen.mutationOptions({
      onSuccess: () => done(`“${form.name}” is live again`),
      onError: failed,
    }),
  );
  const remove = useMutation(
    trpc.leadForms.delete.mutationOptions({
      onSuccess: () => {
        deleted.current = true;
        setDeleteOpen(false);
        done(`“${form.name}” deleted`);
      },
      onError: failed,
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
          <DropdownMenuItem
            onSelect={() => {
              openingFromMenu.current = true;
              setName(form.name);
              setNameError(null);
              setRenameOpen(true);
            }}
          >
            <PencilIcon aria-hidden="true" />
            Rename…
          </DropdownMenuItem>
          <DropdownMenuItem disabled={duplicate.isPending} onSelect={() => duplicate.mutate(ids)}>
            <CopyIcon aria-hidden="true" />
            Duplicate
          </DropdownMenuItem>
          {form.status === "published" ? (
            <DropdownMenuItem disabled={close.isPending} onSelect={() => close.mutate(ids)}>
              <DoorClosedIcon aria-hidden="true" />
              Close form
            </DropdownMenuItem>
          ) : form.status === "closed" ? (
            <DropdownMenuItem disabled={reopen.isPending} onSelect={() => reopen.mutate(ids)}>
              <DoorOpenIcon aria-hidden="true" />
              Reopen form
            </DropdownMenuItem>
          ) : null}
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
              if (!name.trim()) return setNameError("Name the form.");
              rename.mutate({ ...ids, name: name.trim() });
            }}
          >
            <DialogHeader>
              <DialogTitle>Rename form</DialogTitle>
              <DialogDescription>Only you see this name; visitors see the form's title.</DialogDescription>
            </DialogHeader>
            <div className="grid gap-2">
              <Label htmlFor="form-rename">Name</Label>
              <Input
                id="form-rename"
                value={name}
                maxLength={LEAD_FORM_NAME_MAX}
                onChange={(e) => {
                  setName(e.target.value);
                  setNameError(null);
                }}
                aria-invalid={!!nameError}
                aria-describedby={nameError ? "form-rename-error" : undefined}
              />
              {nameError ? (
                <p id="form-rename-error" className="text-sm font-medium text-destructive">
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
            <AlertDialogTitle>Delete the form “{form.name}”?</AlertDialogTitle>
            <AlertDialogDescription>
              Its page and embed stop working and its {form.submissionCount} submission
              {form.submissionCount === 1 ? "" : "s"} are deleted. Customers it created stay. This cannot be
              undone.
            </AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel>Cancel</AlertDialogCancel>
            <AlertDialogAction
              variant="destructive"
              disabled={remove.isPending}
              onClick={(e) => {
                e.preventDefault();
                remove.mutate(ids);
              }}
            >
              Delete form
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </>
  );
}
