"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowDownIcon, ArrowUpIcon, ListPlusIcon, PencilIcon, PlusIcon, Trash2Icon } from "lucide-react";
import { useState } from "react";
import { messageOf } from "@/components/auth/trpc-errors";
import { useBusiness } from "@/components/layout/business-context";
import { useFocusAfterUpdate } from "@/components/layout/use-focus-after-update";
import { useTRPC } from "@/components/providers/trpc-provider";
import { type Field, FieldDialog } from "@/components/settings/custom-field-dialog";
import { QueryError } from "@/components/settings/query-error";
import { SettingsCardAction } from "@/components/settings/settings-card-action";
import { ListSkeleton } from "@/components/settings/settings-skeleton";
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
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { toast } from "@/components/ui/toast";
import { CUSTOM_FIELDS_MAX, customFieldTypeLabels, isSelectType } from "@/server/domain/custom-fields";

/** The id of a custom field's move button (focus returns to it after a move). */
function moveButtonId(fieldId: string, direction: "up" | "down"): string {
  return `custom-field-${fieldId}-${direction}`;
}

/**
 * The business's custom fields: add, rename, change options or required, reorder (up/down buttons, so
 * it works by keyboard and on phones), delete. Values show on every customer's form and page.
 */
export function CustomFieldsSettings() {
  const business = useBusiness();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const fieldsQuery = useQuery(trpc.customFields.list.queryOptions({ businessId: business.id }));
  const fields = (fieldsQuery.data ?? []) as Field[];
  const [editing, setEditing] = useState<Field | "new" | null>(null);
  const [deleting, setDeleting] = useState<Field | null>(null);
  const listKey = trpc.customFields.list.queryKey({ businessId: business.id });

  const reorder = useMutation(
    trpc.customFields.reorder.mutationOptions({
      onMutate: async ({ customFieldIds }) => {
        await queryClient.cancelQueries({ queryKey: listKey });
        const before = queryClient.getQueryData(listKey);
        if (before) {
          const byId = new Map(before.map((f) => [f.id, f]));
          queryClient.setQueryData(
            listKey,
            customFieldIds.map((id) => byId.get(id)).filter((f): f is NonNullable<typeof f> => Boolean(f)),
          );
        }
        return { before };
      },
      onError: (e, _v, ctx) => {
        if (ctx?.before) queryClient.setQueryData(listKey, ctx.before);
        toast.error(messageOf(e));
      },
      // After the last of several quick moves only, so an earlier answer does not undo a later move.
      onSettled: () =>
        queryClient.isMutating({ mutationKey: trpc.customFields.reorder.mutationKey() }) <= 1
          ? queryClient.invalidateQueries({ queryKey: trpc.customFields.list.pathKey() })
          : undefined,
      // Quick moves are sent one after another, in order (each sends the whole order).
      scope: { id: `custom-fields-reorder-${business.id}` },
    }),
  );
  const remove = useMutation(
    trpc.customFields.delete.mutationOptions({
      onSuccess: () => {
        toast.success(`“${deleting?.label}” deleted`);
        setDeleting(null);
        void queryClient.invalidateQueries({ queryKey: trpc.customFields.list.pathKey() });
      },
      onError: (e) => toast.error(messageOf(e)),
    }),
  );

  const focusAfterUpdate = useFocusAfterUpdate();

  function move(index: number, delta: -1 | 1) {
    const ids = fields.map((f) => f.id);
    const to = index + delta;
    if (to < 0 || to >= ids.length) return;
    const id = ids[index] as string;
    [ids[index], ids[to]] = [ids[to] as string, ids[index] as string];
    // Focus stays on the same button of the moved field, or its pair at an end.
    const atEnd = to === 0 || to === ids.length - 1;
    const button = atEnd ? (delta === -1 ? "down" : "up") : delta === -1 ? "up" : "down";
    focusAfterUpdate(moveButtonId(id, button), { now: true });
    reorder.mutate({ businessId: business.id, customFieldIds: ids });
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle as="h2">Custom fields</CardTitle>
        <CardDescription className="col-start-1">
          Extra details you keep about customers, like a membership number or a preferred branch. They show on
          every customer's form and page, and can be filtered on in the list.
        </CardDescription>
        <SettingsCardAction>
          <Button onClick={() => setEditing("new")} disabled={fields.length >= CUSTOM_FIELDS_MAX}>
            <PlusIcon aria-hidden="true" />
            Add field
          </Button>
        </SettingsCardAction>
      </CardHeader>
      <CardContent>
        {fieldsQuery.isPending ? (
          <div aria-busy="true">
            <span className="sr-only" role="status">
              Loading custom fields
            </span>
            <ListSkeleton rows={3} />
          </div>
        ) : fieldsQuery.isError ? (
          <QueryError
            error={fieldsQuery.error}
            title="Custom fields could not load"
            onRetry={() => fieldsQuery.refetch()}
          />
        ) : fields.length === 0 ? (
          <EmptyState
            titleAs="h3"
            icon={<ListPlusIcon />}
            title="No custom fields yet"
            description="Add a field for anything your business tracks that Mini CRM does not have by default."
            action={
              <Button onClick={() => setEditing("new")}>
                <PlusIcon aria-hidden="true" />
                Add field
              </Button>
            }
          />
        ) : (
          <ol className="grid divide-y" aria-label="Custom fields in display order">
            {fields.map((f, i) => (
              <li key={f.id} className="flex min-w-0 flex-wrap items-center gap-x-3 gap-y-2 py-3">
                <div className="grid min-w-0 flex-1 basis-48 gap-1">
                  <p className="flex min-w-0 flex-wrap items-center gap-2 font-medium">
                    <span className="truncate">{f.label}</span>
                    {f.required ? <Badge variant="outline">Required</Badge> : null}
                  </p>
                  <p className="truncate text-sm text-muted-foreground">
                    {customFieldTypeLabels[f.type]}
                    {isSelectType(f.type) && f.options.length ? ` · ${f.options.join(", ")}` : ""}
                  </p>
                </div>
                <div className="flex shrink-0 items-center gap-1">
                  <Button
                    id={moveButtonId(f.id, "up")}
                    variant="ghost"
                    size="icon-sm"
                    aria-label={`Move ${f.label} up`}
                    disabled={i === 0}
                    onClick={() => move(i, -1)}
                  >
                    <ArrowUpIcon aria-hidden="true" />
                  </Button>
                  <Button
                    id={moveButtonId(f.id, "down")}
                    variant="ghost"
                    size="icon-sm"
                    aria-label={`Move ${f.label} down`}
                    disabled={i === fields.length - 1}
                    onClick={() => move(i, 1)}
                  >
                    <ArrowDownIcon aria-hidden="true" />
                  </Button>
                  <Button
                    variant="ghost"
                    size="icon-sm"
                    aria-label={`Edit ${f.label}`}
                    onClick={() => setEditing(f)}
                  >
                    <PencilIcon aria-hidden="true" />
                  </Button>
                  <Button
                    variant="ghost"
                    size="icon-sm"
                    aria-label={`Delete ${f.label}`}
                    className="text-destructive hover:text-destructive"
                    onClick={() => setDeleting(f)}
                  >
                    <Trash2Icon aria-hidden="true" />
                  </Button>
                </div>
              </li>
            ))}
          </ol>
        )}
      </CardContent>

      {editing ? (
        <FieldDialog
          key={editing === "new" ? "new" : editing.id}
          field={editing === "new" ? null : editing}
          onClose={() => setEditing(null)}
        />
      ) : null}

      <AlertDialog open={!!deleting} onOpenChange={(o) => !o && setDeleting(null)}>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>Delete “{deleting?.label}”?</AlertDialogTitle>
            <AlertDialogDescription>
              Its value is removed from every customer. This cannot be undone.
            </AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel>Cancel</AlertDialogCancel>
            <AlertDialogAction
              variant="destructive"
              disabled={remove.isPending}
              onClick={(e) => {
                e.preventDefault();
                if (deleting) remove.mutate({ businessId: business.id, customFieldId: deleting.id });
              }}
            >
              Delete field
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </Card>
  );
}
