"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { PlayIcon, Trash2Icon } from "lucide-react";
import { messageOf } from "@/components/auth/trpc-errors";
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
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { Link } from "@/components/ui/link";
import { toast } from "@/components/ui/toast";
import { resumeImportHref } from "./fields";

/**
 * Continue and Delete for an upload nobody started: Continue opens the wizard on it (check the columns,
 * then start), Delete removes the import and its file after a confirmation. `onDeleted` runs after a
 * delete (e.g. to leave the deleted import's page).
 */
export function UnstartedImportActions({
  item,
  size = "default",
  onDeleted,
}: {
  item: { id: string; fileName: string };
  size?: "default" | "sm";
  onDeleted?: () => void;
}) {
  const business = useBusiness();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const remove = useMutation(
    trpc.imports.delete.mutationOptions({
      onSuccess: async () => {
        toast.success(`Deleted the upload of ${item.fileName}.`);
        // A poll of the deleted import still under way would only answer "not found".
        await queryClient.cancelQueries({
          queryKey: trpc.imports.get.queryKey({ businessId: business.id, importId: item.id }),
        });
        onDeleted?.();
        await queryClient.invalidateQueries({ queryKey: trpc.imports.list.pathKey() });
      },
      onError: (e) => toast.error(messageOf(e)),
    }),
  );
  return (
    <div className="flex flex-wrap gap-2">
      <Button asChild size={size}>
        <Link href={resumeImportHref(business.slug, item.id)}>
          <PlayIcon aria-hidden="true" />
          Continue
          <span className="sr-only"> the import of {item.fileName}</span>
        </Link>
      </Button>
      <AlertDialog>
        <AlertDialogTrigger asChild>
          <Button variant="outline" size={size} disabled={remove.isPending}>
            <Trash2Icon aria-hidden="true" />
            Delete
            <span className="sr-only"> the upload of {item.fileName}</span>
          </Button>
        </AlertDialogTrigger>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>Delete this upload?</AlertDialogTitle>
            <AlertDialogDescription>
              <span className="break-all">{item.fileName}</span> was uploaded but never imported. Deleting it
              removes the uploaded file; no customer is changed.
            </AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel>Keep it</AlertDialogCancel>
            <AlertDialogAction
              onClick={() => remove.mutate({ businessId: business.id, importId: item.id })}
              className="bg-destructive text-destructive-foreground hover:bg-destructive/90"
            >
              Delete upload
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </div>
  );
}
